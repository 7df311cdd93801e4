//! The office server refuses what it must not store: damaged bundles, another officer's
//! changes, bad tokens and oversized requests (a real PostgreSQL server, see `office_sync.rs`).

use crate::common::*;
use zhaoshang_core::sync::office_server::{self, ServerConfig};
use zhaoshang_core::sync::{self, Bundle, Seen};

#[test]
fn a_damaged_bundle_is_rejected_whole() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let (mut b, _cb) = office.laptop("lina.sqlite3", "lina");
    set_up(&mut a);
    let bundle = sync::export(&a, &Seen::new()).unwrap();

    // A value changed on the way: the digest no longer matches.
    let mut tampered = bundle.clone();
    tampered.registers[0].value = "\"篡改\"".into();
    let (s, r) = office.post(
        "/api/push",
        Some(&ca.token),
        serde_json::to_vec(&tampered).unwrap(),
    );
    assert_eq!(s, 400, "{r}");
    assert!(
        r["error"].as_str().unwrap().contains("未保存任何数据"),
        "{r}"
    );

    // Cut off halfway.
    let body = serde_json::to_vec(&bundle).unwrap();
    let (s, r) = office.post(
        "/api/push",
        Some(&ca.token),
        body[..body.len() / 2].to_vec(),
    );
    assert_eq!(s, 400, "{r}");
    assert!(r["error"].as_str().unwrap().contains("已损坏"), "{r}");

    // Whole but with one change of another officer's device slipped in: nothing is stored,
    // not even A's own changes.
    b.create_team("招商二组").unwrap();
    let foreign = sync::export(&b, &Seen::new()).unwrap().registers;
    let mut mixed = bundle.clone();
    mixed.registers.push(foreign[0].clone());
    mixed.seal();
    let (s, r) = office.post(
        "/api/push",
        Some(&ca.token),
        serde_json::to_vec(&mixed).unwrap(),
    );
    assert_eq!(s, 403, "{r}");
    assert_eq!(office.stored(), 0, "nothing of a refused push is kept");

    // Sealed but holding what no laptop could merge: an unknown table, a value of no known
    // shape. Refused whole, so that later pulls keep working.
    for (table, value) in [("secrets", "\"x\""), ("companies", "{\"a\":1}")] {
        let mut odd = bundle.clone();
        odd.registers[0].table = table.into();
        odd.registers[0].value = value.into();
        odd.seal();
        let (s, r) = office.post(
            "/api/push",
            Some(&ca.token),
            serde_json::to_vec(&odd).unwrap(),
        );
        assert_eq!(s, 400, "{r}");
        assert_eq!(office.stored(), 0);
    }

    // A register dated two days ahead (a laptop with a wrong clock): kept, and flagged.
    let mut ahead = bundle.clone();
    let ms: i64 = ahead.registers[0].hlc[..13].parse().unwrap();
    ahead.registers[0].hlc = format!("{:013}.00000", ms + 2 * 24 * 3600 * 1000);
    ahead.seal();
    let (s, r) = office.post(
        "/api/push",
        Some(&ca.token),
        serde_json::to_vec(&ahead).unwrap(),
    );
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["ahead_of_server"].as_u64(), Some(1), "{r}");
    let flagged = office.stored();
    assert_eq!(flagged, bundle.registers.len() as i64);

    // The intact bundle goes through (only the register with the true clock is new).
    let (s, r) = office.post(
        "/api/push",
        Some(&ca.token),
        serde_json::to_vec(&bundle).unwrap(),
    );
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["stored"].as_u64(), r["ahead_of_server"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(office.stored(), flagged + 1);
}

#[test]
fn an_officer_cannot_write_as_another() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let (mut b, cb) = office.laptop("lina.sqlite3", "lina");
    set_up(&mut b);
    let bundle_b: Bundle = sync::export(&b, &Seen::new()).unwrap();
    let body = serde_json::to_vec(&bundle_b).unwrap();

    // Wang Lei's token with Li Na's device's changes: 403, with a message naming her.
    let (s, r) = office.post("/api/push", Some(&ca.token), body.clone());
    assert_eq!(s, 403, "{r}");
    let msg = r["error"].as_str().unwrap();
    assert!(
        msg.contains("李娜") && msg.contains("未保存任何数据"),
        "{msg}"
    );
    assert_eq!(office.stored(), 0);

    // A login of megabytes is not read.
    let (s, r) = office.post("/api/login", None, vec![b' '; 5 << 20]);
    assert!(s == 413 || s == 0, "{s} {r}");

    // A bad or missing token: 401.
    let (s, r) = office.post("/api/push", Some("0123456789abcdef"), body.clone());
    assert_eq!(s, 401, "{r}");
    assert!(r["error"].as_str().unwrap().contains("重新登录"), "{r}");
    let (s, _) = office.post("/api/push", None, body.clone());
    assert_eq!(s, 401);
    let (s, _) = office.post("/api/pull", Some("nope"), b"{\"seen\":{}}".to_vec());
    assert_eq!(s, 401);

    // A new login ends the device's earlier session; so does logging out.
    let old_token = ca.token.clone();
    let ca = office_server::login(&mut a, &office.url, "wanglei", PASSWORD, "a").unwrap();
    let (s, _) = office.post("/api/pull", Some(&old_token), b"{\"seen\":{}}".to_vec());
    assert_eq!(s, 401);
    let (mut d, cd) = office.laptop("fourth.sqlite3", "wanglei");
    office_server::logout(&mut d).unwrap();
    assert!(ServerConfig::from_ledger(&d).is_err());
    let (s, _) = office.post("/api/pull", Some(&cd.token), b"{\"seen\":{}}".to_vec());
    assert_eq!(s, 401);
    // An unknown login is refused like a wrong password.
    let e = office_server::login(&mut d, &office.url, "nobody", PASSWORD, "x").unwrap_err();
    assert!(e.to_string().contains("用户名或密码错误"), "{e}");

    // Wang Lei's laptop cannot log in as Li Na (a device belongs to one officer) ...
    let e = office_server::login(&mut a, &office.url, "lina", PASSWORD, "x").unwrap_err();
    assert!(e.to_string().contains("王磊"), "{e}");
    // ... nor anyone with a wrong password.
    let (mut c, _) = office.laptop("third.sqlite3", "wanglei");
    let e = office_server::login(&mut c, &office.url, "lina", "wrong-password", "x").unwrap_err();
    assert!(e.to_string().contains("用户名或密码错误"), "{e}");

    // Wang Lei's laptop merges Li Na's changes from a USB bundle before she has pushed: his
    // push sends his own changes and holds hers back instead of being refused.
    let bundle_path = office.dir_path.join("b.zsync");
    sync::write_bundle(&sync::export(&b, &Seen::new()).unwrap(), &bundle_path).unwrap();
    a.import_changes(&sync::read_bundle(&bundle_path).unwrap())
        .unwrap();
    a.create_team("招商三组").unwrap();
    let mine = office_server::push(&a, &ca).unwrap();
    assert!(mine.stored > 0, "{mine:?}");
    assert_eq!(
        mine.held_back as usize,
        bundle_b.registers.len(),
        "{mine:?}"
    );
    // Li Na herself pushes them; then nothing is held back any more, and all agree.
    assert!(office_server::push(&b, &cb).unwrap().stored > 0);
    office_server::sync(&mut b, &cb).unwrap();
    let again = office_server::sync(&mut a, &ca).unwrap();
    assert_eq!((again.held_back, again.sent), (0, 0), "{again:?}");
    assert_eq!(view(&a), view(&b));
}
