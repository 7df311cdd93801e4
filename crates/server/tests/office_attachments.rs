//! 附件 through the office server: contents are uploaded once and only when the server lacks
//! them, downloaded only by laptops that lack them, and a row never arrives without its
//! content. Needs `ZHAOSHANG_TEST_DATABASE_URL` (see office_sync.rs).

use crate::common::*;
use zhaoshang_core::attachments::{blobs, AttachmentOwner};
use zhaoshang_core::sync::office_server;

fn server_blobs(office: &Office) -> i64 {
    office.texts("SELECT count(*)::text FROM blobs")[0]
        .as_deref()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn contents_go_up_once_and_down_only_where_missing() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let (mut b, cb) = office.laptop("lina.sqlite3", "lina");
    let p = set_up(&mut a);
    let content: Vec<u8> = (0..400_000u32).map(|i| (i % 251) as u8).collect();
    let first = a
        .add_attachment(AttachmentOwner::Project, &p.id, "投资协议.pdf", &content)
        .unwrap();
    office_server::sync(&mut a, &ca).unwrap();
    assert_eq!(server_blobs(&office), 1);
    let uploaded_at = office.texts("SELECT uploaded_at::text FROM blobs");

    // The same content on another record: the row goes up, the content does not again.
    let company = p.company_id.clone().unwrap();
    let second = a
        .add_attachment(AttachmentOwner::Company, &company, "协议副本.pdf", &content)
        .unwrap();
    office_server::sync(&mut a, &ca).unwrap();
    assert_eq!(server_blobs(&office), 1);
    assert_eq!(
        office.texts("SELECT uploaded_at::text FROM blobs"),
        uploaded_at
    );

    // The other laptop gets both rows and the one content.
    office_server::sync(&mut b, &cb).unwrap();
    assert_eq!(b.attachment_content(&first.id).unwrap().1, content);
    assert_eq!(b.attachment_content(&second.id).unwrap().1, content);
    assert_eq!(blobs::count(b.connection()).unwrap(), 1);

    // Asking the server: it lacks only what it has never been sent.
    let token = office.session_for("wanglei", "probe-device");
    let known = first.sha256.clone();
    let unknown = blobs::sha256_hex(b"never uploaded");
    let body = serde_json::json!({ "sha256": [known, unknown] });
    let answer = office.post(
        "/api/blobs/missing",
        Some(&token),
        serde_json::to_vec(&body).unwrap(),
    );
    assert_eq!(answer.0, 200, "{answer:?}");
    assert_eq!(answer.1["missing"], serde_json::json!([unknown]));
    // Not logged in: refused.
    let refused = office.post(
        "/api/blobs/missing",
        None,
        serde_json::to_vec(&body).unwrap(),
    );
    assert_eq!(refused.0, 401, "{refused:?}");
}

#[test]
fn a_push_naming_a_content_the_server_lacks_is_refused() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let p = set_up(&mut a);
    a.add_attachment(AttachmentOwner::Project, &p.id, "照片.jpg", b"jpeg bytes")
        .unwrap();
    // A client that skips the upload (an older version, or a hostile one).
    let mut bundle = a
        .export_changes(&zhaoshang_core::sync::Seen::new())
        .unwrap();
    bundle.blobs.clear();
    let before = office.stored();
    let answer = office.post(
        "/api/push",
        Some(&ca.token),
        serde_json::to_vec(&bundle).unwrap(),
    );
    assert_eq!(answer.0, 409, "{answer:?}");
    assert!(message(&answer).contains("没有内容的附件"), "{answer:?}");
    assert_eq!(office.stored(), before, "nothing of the push was stored");
    // The real client uploads first and succeeds.
    office_server::push(&a, &ca).unwrap();
    assert_eq!(server_blobs(&office), 1);
}
