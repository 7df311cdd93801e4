//! 附件: files on projects, companies and activities, stored once by SHA-256 inside the
//! ledger file (so encrypted, backed up and synced with it).

use crate::common::*;
use zhaoshang_core::attachments::{blobs, AttachmentOwner, MAX_SIZE};
use zhaoshang_core::*;

fn blob_count(l: &Ledger) -> i64 {
    blobs::count(l.connection()).unwrap()
}

/// Bytes that appear nowhere else: a marker the raw-file checks look for.
fn marked(n: usize) -> Vec<u8> {
    let marker = b"ZHAOSHANG-PLAINTEXT-MARKER-";
    marker.iter().copied().cycle().take(n).collect()
}

#[test]
fn add_list_read_round_trip() {
    let mut f = fixture();
    let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
    f.ledger.set_acting_officer(Some(f.officer.id.clone()));
    let a = f
        .ledger
        .add_attachment(
            AttachmentOwner::Project,
            &p.id,
            "投资协议.pdf",
            b"%PDF-1.7 contract",
        )
        .unwrap();
    assert_eq!(a.file_name, "投资协议.pdf");
    assert_eq!(a.size, 17);
    assert_eq!(a.owner, AttachmentOwner::Project);
    assert_eq!(a.added_by.as_deref(), Some("王磊"));
    assert_eq!(a.sha256, blobs::sha256_hex(b"%PDF-1.7 contract"));
    let b = f
        .ledger
        .add_attachment(
            AttachmentOwner::Project,
            &p.id,
            "签约照片.jpg",
            b"\xff\xd8jpeg",
        )
        .unwrap();
    let list = f
        .ledger
        .attachments(AttachmentOwner::Project, &p.id)
        .unwrap();
    assert_eq!(
        list.iter().map(|x| &x.id).collect::<Vec<_>>(),
        [&b.id, &a.id]
    );
    let (got, bytes) = f.ledger.attachment_content(&a.id).unwrap();
    assert_eq!(got, a);
    assert_eq!(bytes, b"%PDF-1.7 contract");
    // Other owners are separate lists.
    assert!(f
        .ledger
        .attachments(AttachmentOwner::Company, &p.id)
        .unwrap()
        .is_empty());
    // The row is in the record's history (change log).
    let h = f.ledger.history("attachments", &a.id).unwrap();
    assert_eq!(h[0].field, "*");
}

#[test]
fn names_are_cleaned_and_bad_input_refused() {
    let mut f = fixture();
    let c = f.company("华为", "440300");
    let a = f
        .ledger
        .add_attachment(
            AttachmentOwner::Company,
            &c.id,
            "C:\\合同\\..\\营业执照.png",
            b"x",
        )
        .unwrap();
    assert_eq!(a.file_name, "营业执照.png");
    let e = f
        .ledger
        .add_attachment(AttachmentOwner::Company, &c.id, "dir/", b"x")
        .unwrap_err();
    assert!(e.to_string().contains("文件名不能为空"), "{e}");
    let e = f
        .ledger
        .add_attachment(AttachmentOwner::Company, &c.id, "空.txt", b"")
        .unwrap_err();
    assert!(e.to_string().contains("空文件"), "{e}");
    let e = f
        .ledger
        .add_attachment(AttachmentOwner::Activity, "no-such-activity", "a.txt", b"x")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.to_string().contains("活动记录不存在"), "{e}");
    // Nothing half-written.
    assert_eq!(blob_count(&f.ledger), 1);
}

#[test]
fn over_fifty_megabytes_is_refused_with_its_size() {
    let mut f = fixture();
    let c = f.company("华为", "440300");
    let big = vec![7u8; MAX_SIZE as usize + 1];
    let e = f
        .ledger
        .add_attachment(AttachmentOwner::Company, &c.id, "大文件.zip", &big)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.to_string().contains("50.0 MB"), "{e}");
    assert!(e.to_string().contains("大文件.zip"), "{e}");
    // A file on disk: refused from its size (a sparse 80 MB file, never read).
    let path = f.dir.path().join("录像.mp4");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(80 * 1024 * 1024)
        .unwrap();
    let e = f
        .ledger
        .add_attachment_file(AttachmentOwner::Company, &c.id, &path)
        .unwrap_err();
    assert!(
        e.to_string().contains("80.0 MB") && e.to_string().contains("上限 50.0 MB"),
        "{e}"
    );
    // Exactly 50 MB is allowed.
    let path = f.dir.path().join("刚好.bin");
    std::fs::write(&path, &big[..MAX_SIZE as usize]).unwrap();
    let a = f
        .ledger
        .add_attachment_file(AttachmentOwner::Company, &c.id, &path)
        .unwrap();
    assert_eq!(
        (a.file_name.as_str(), a.size),
        ("刚好.bin", MAX_SIZE as i64)
    );
}

#[test]
fn same_content_twice_is_one_blob() {
    let mut f = fixture();
    let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
    let a = f
        .ledger
        .add_attachment(AttachmentOwner::Project, &p.id, "协议.pdf", &marked(5000))
        .unwrap();
    let b = f
        .ledger
        .add_attachment(
            AttachmentOwner::Company,
            p.company_id.as_ref().unwrap(),
            "协议副本.pdf",
            &marked(5000),
        )
        .unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(blob_count(&f.ledger), 1);
}

#[test]
fn delete_undo_and_restore() {
    let mut f = fixture();
    let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
    let a = f
        .ledger
        .add_attachment(AttachmentOwner::Project, &p.id, "协议.pdf", b"pdf")
        .unwrap();
    f.ledger.delete_attachment(&a.id).unwrap();
    assert!(f
        .ledger
        .attachments(AttachmentOwner::Project, &p.id)
        .unwrap()
        .is_empty());
    assert_eq!(
        f.ledger.attachment_content(&a.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    // The blob stays (a restore needs it).
    assert_eq!(blob_count(&f.ledger), 1);
    let last = f.ledger.last_undoable().unwrap().unwrap();
    assert!(
        last.description.contains("删除附件“协议.pdf”"),
        "{}",
        last.description
    );
    f.ledger.undo(&last.tx_id).unwrap();
    assert_eq!(
        f.ledger
            .attachments(AttachmentOwner::Project, &p.id)
            .unwrap(),
        vec![a.clone()]
    );
    assert_eq!(f.ledger.attachment_content(&a.id).unwrap().1, b"pdf");
    // Delete again, restore explicitly.
    f.ledger.delete_attachment(&a.id).unwrap();
    assert_eq!(f.ledger.restore_attachment(&a.id).unwrap(), a);
    // Undoing the add removes it again.
    let b = f
        .ledger
        .add_attachment(AttachmentOwner::Project, &p.id, "照片.jpg", b"jpg")
        .unwrap();
    let last = f.ledger.last_undoable().unwrap().unwrap();
    assert!(
        last.description.contains("新建附件“照片.jpg”"),
        "{}",
        last.description
    );
    f.ledger.undo(&last.tx_id).unwrap();
    let ids: Vec<String> = f
        .ledger
        .attachments(AttachmentOwner::Project, &p.id)
        .unwrap()
        .into_iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(ids, vec![a.id.clone()]);
    assert!(!ids.contains(&b.id));
    assert_eq!(
        f.ledger.delete_attachment("nope").unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn an_encrypted_ledger_encrypts_the_blob_and_a_backup_carries_it() {
    let mut f = fixture();
    let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
    let content = marked(200_000);
    let a = f
        .ledger
        .add_attachment(AttachmentOwner::Project, &p.id, "协议.pdf", &content)
        .unwrap();
    let contains = |hay: &[u8]| hay.windows(64).any(|w| w == &content[..64]);
    // Plain ledger: the bytes are in the file as they are (the check below can fail).
    f.ledger
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    assert!(contains(&std::fs::read(f.ledger.path()).unwrap()));
    f.ledger
        .set_passphrase(None, Some("正确的口令123"))
        .unwrap();
    let raw = std::fs::read(f.ledger.path()).unwrap();
    assert!(
        !contains(&raw),
        "the encrypted file holds the attachment's plaintext"
    );
    assert_eq!(f.ledger.attachment_content(&a.id).unwrap().1, content);
    // A backup holds it, readable with the passphrase.
    let out = f.ledger.backup_now(&[], chrono::Utc::now()).unwrap();
    let backup = &out.made[0].path;
    assert!(!contains(&std::fs::read(backup).unwrap()));
    let copy = Ledger::open_with_passphrase(backup, Some("正确的口令123")).unwrap();
    assert_eq!(copy.attachment_content(&a.id).unwrap().1, content);
}

/// Two laptops: what `to` lacks from `from`, through a bundle file; the bundle's file size.
fn send(dir: &std::path::Path, from: &Ledger, to: &mut Ledger) -> (sync::Bundle, u64) {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    let path = dir.join("bundle.zsync");
    sync::write_bundle(&bundle, &path).unwrap();
    let read = sync::read_bundle(&path).unwrap();
    to.import_changes(&read).unwrap();
    (bundle, std::fs::metadata(&path).unwrap().len())
}

#[test]
fn a_sync_bundle_carries_a_content_once() {
    let mut f = fixture();
    let mut b = Ledger::open(f.dir.path().join("b.sqlite3")).unwrap();
    let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
    let content = marked(300_000);
    let a1 = f
        .ledger
        .add_attachment(AttachmentOwner::Project, &p.id, "协议.pdf", &content)
        .unwrap();
    let (first, first_size) = send(f.dir.path(), &f.ledger, &mut b);
    assert_eq!(first.blobs.len(), 1);
    assert!(first_size > 300_000, "{first_size}");
    assert_eq!(b.attachment_content(&a1.id).unwrap().1, content);
    assert_eq!(
        b.attachments(AttachmentOwner::Project, &p.id)
            .unwrap()
            .len(),
        1
    );
    // The same content on the company, and an edit of the project: the row travels, the
    // content does not (the receiver has it).
    let company = p.company_id.clone().unwrap();
    let a2 = f
        .ledger
        .add_attachment(AttachmentOwner::Company, &company, "协议副本.pdf", &content)
        .unwrap();
    let (second, second_size) = send(f.dir.path(), &f.ledger, &mut b);
    assert!(second.registers.iter().any(|r| r.row_id == a2.id));
    assert!(second.blobs.is_empty());
    assert!(second_size < 50_000, "{second_size}");
    assert_eq!(b.attachment_content(&a2.id).unwrap().1, content);
    assert_eq!(blob_count(&b), 1);
    // Nothing new: nothing sent again, either way.
    let (third, _) = send(f.dir.path(), &f.ledger, &mut b);
    assert!(third.blobs.is_empty() && third.registers.is_empty());
    let (back, _) = send(f.dir.path(), &b, &mut f.ledger);
    assert!(back.blobs.is_empty());
    // A delete travels as the row's register; the content stays on both sides.
    f.ledger.delete_attachment(&a1.id).unwrap();
    let (del, _) = send(f.dir.path(), &f.ledger, &mut b);
    assert!(del.blobs.is_empty());
    assert!(b
        .attachments(AttachmentOwner::Project, &p.id)
        .unwrap()
        .is_empty());
    assert_eq!(blob_count(&b), 1);
}

#[test]
fn a_bundle_without_the_content_of_its_row_is_refused_whole() {
    let mut f = fixture();
    let mut b = Ledger::open(f.dir.path().join("b.sqlite3")).unwrap();
    let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
    f.ledger
        .add_attachment(AttachmentOwner::Project, &p.id, "协议.pdf", b"contract")
        .unwrap();
    let mut bundle = f.ledger.export_changes(&b.sync_seen().unwrap()).unwrap();
    assert_eq!(bundle.blobs.len(), 1);
    let blob = bundle.blobs.pop().unwrap();
    let e = b.import_changes(&bundle).unwrap_err();
    assert!(e.to_string().contains("缺少附件“协议.pdf”"), "{e}");
    assert!(
        b.project(&p.id).is_err(),
        "nothing of the bundle was written"
    );
    // A changed content fails its hash.
    let mut forged = blob.clone();
    forged.content = sync::Blob::new(b"forged").content;
    bundle.blobs = vec![forged];
    let e = b.import_changes(&bundle).unwrap_err();
    assert!(e.to_string().contains("校验失败"), "{e}");
    bundle.blobs = vec![blob];
    b.import_changes(&bundle).unwrap();
    assert_eq!(
        b.attachments(AttachmentOwner::Project, &p.id)
            .unwrap()
            .len(),
        1
    );
}

/// The figures in src-tauri/MEASUREMENTS.md § Attachments: adding and reading one 50 MB file,
/// and how much the ledger file grows, plain and encrypted.
/// `cargo test -p zhaoshang-core --test integration -- --ignored --nocapture attachments::measure`
#[test]
#[ignore]
fn measure_fifty_megabytes() {
    for passphrase in [None, Some("测量用口令123")] {
        let mut f = fixture();
        let p = f.project("光伏组件", "110000", 100_000_000, d(2022, 3, 1));
        if let Some(pw) = passphrase {
            f.ledger.set_passphrase(None, Some(pw)).unwrap();
        }
        let size = |l: &Ledger| {
            l.connection()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
            std::fs::metadata(l.path()).unwrap().len()
        };
        let before = size(&f.ledger);
        let content: Vec<u8> = (0..MAX_SIZE as usize)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let path = f.dir.path().join("合同扫描件.pdf");
        std::fs::write(&path, &content).unwrap();
        let t = std::time::Instant::now();
        let a = f
            .ledger
            .add_attachment_file(AttachmentOwner::Project, &p.id, &path)
            .unwrap();
        let add = t.elapsed();
        let t = std::time::Instant::now();
        let (_, back) = f.ledger.attachment_content(&a.id).unwrap();
        let read = t.elapsed();
        assert_eq!(back.len(), content.len());
        let after = size(&f.ledger);
        let t = std::time::Instant::now();
        f.ledger
            .add_attachment_file(
                AttachmentOwner::Company,
                p.company_id.as_ref().unwrap(),
                &path,
            )
            .unwrap();
        let again = t.elapsed();
        let after_again = size(&f.ledger);
        println!(
            "{}: add 50 MB {add:?}, read {read:?}, file {before} -> {after} bytes (+{:.1} MB); \
             same content again {again:?}, +{} bytes",
            if passphrase.is_some() {
                "encrypted"
            } else {
                "plain"
            },
            (after - before) as f64 / 1048576.0,
            after_again - after
        );
    }
}
