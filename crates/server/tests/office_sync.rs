//! The office sync server against a real PostgreSQL server (`ZHAOSHANG_TEST_DATABASE_URL`,
//! which `.ci/run` starts on loopback): real ledger files on "laptops" talk to a real server on
//! 127.0.0.1 through the real client (`zhaoshang_core::sync::office_server`). Each test gets a
//! database of its own.
//!
//! Without `ZHAOSHANG_TEST_DATABASE_URL` the tests are skipped with a printed reason, except
//! under CI (`CI` set), where that is a failure.
//!
//! This file: laptops exchanging changes through the server. The other `office_*.rs` files
//! hold refused requests, login pauses, the binary and HTTPS, and benchmarks; `common/mod.rs`
//! the office they all set up.

use crate::common::*;
use serde_json::Value;
use zhaoshang_core::sync::office_server::{self, ServerConfig};
use zhaoshang_core::sync::{self, Bundle, Seen};
use zhaoshang_core::*;

#[test]
fn two_laptops_converge_through_the_server() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let (mut b, cb) = office.laptop("lina.sqlite3", "lina");
    let p = set_up(&mut a);

    let pushed = office_server::push(&a, &ca).unwrap();
    assert!(
        pushed.sent > 0 && pushed.stored == pushed.sent,
        "{pushed:?}"
    );
    assert_eq!(office.stored(), pushed.stored as i64);
    let pulled = office_server::pull(&mut b, &cb).unwrap();
    assert!(pulled.received > 0, "{pulled:?}");
    assert!(pulled.merge.rows_added >= 4, "{pulled:?}");
    assert_eq!(b.project(&p.id).unwrap().name, "碳纤维复合材料项目");

    // Offline on both: A signs the project and sets the next step, B raises the amount.
    a.record_stage_change(
        &p.id,
        &StageChangeInput {
            to_stage: Stage::Signed,
            changed_on: d(2022, 5, 10),
            construction_kind: None,
            added_investment: 0,
            officer_id: None,
            note: None,
            date_unknown: false,
        },
    )
    .unwrap();
    let mut input = input_of(&a.project(&p.id).unwrap());
    input.next_step = Some("签订补充协议".into());
    a.update_project(&p.id, &input).unwrap();
    pause();
    let mut input_b = input_of(&b.project(&p.id).unwrap());
    input_b.total_investment = 300_000_000;
    b.update_project(&p.id, &input_b).unwrap();

    // Each syncs (pull, then push); A once more to receive what B sent after A's pull.
    office_server::sync(&mut b, &cb).unwrap();
    office_server::sync(&mut a, &ca).unwrap();
    office_server::sync(&mut b, &cb).unwrap();
    assert_eq!(view(&a), view(&b), "both laptops show the same ledger");
    let merged = b.project(&p.id).unwrap();
    assert_eq!(merged.stage, Stage::Signed);
    assert_eq!(merged.total_investment, 300_000_000);
    assert_eq!(merged.next_step.as_deref(), Some("签订补充协议"));

    // The same field edited on both: the later edit wins everywhere, whoever syncs first.
    let mut x = input_of(&a.project(&p.id).unwrap());
    x.next_step = Some("A的安排".into());
    a.update_project(&p.id, &x).unwrap();
    pause();
    let mut y = input_of(&b.project(&p.id).unwrap());
    y.next_step = Some("B的安排（更晚）".into());
    b.update_project(&p.id, &y).unwrap();
    office_server::sync(&mut b, &cb).unwrap();
    // The server passes on what each write replaced: A sees that neither saw the other's edit.
    let at_a = office_server::sync(&mut a, &ca).unwrap();
    assert_eq!(at_a.merge.conflicts, 1, "{at_a:?}");
    office_server::sync(&mut b, &cb).unwrap();
    assert_eq!(
        a.project(&p.id).unwrap().next_step.as_deref(),
        Some("B的安排（更晚）")
    );
    assert_eq!(view(&a), view(&b));

    // What the server serves keeps each write's conflict metadata (what it replaced, who).
    let (status_code, served) = office.post(
        "/api/pull",
        Some(&ca.token),
        serde_json::to_vec(&serde_json::json!({"seen": {}})).unwrap(),
    );
    assert_eq!(status_code, 200);
    let served: Bundle = serde_json::from_value(served).unwrap();
    sync::check(&served).unwrap();
    let sent: std::collections::HashMap<_, _> = [&a, &b]
        .iter()
        .flat_map(|l| sync::export(l, &Seen::new()).unwrap().registers)
        .map(|r| {
            let key = (
                r.table.clone(),
                r.row_id.clone(),
                r.field.clone(),
                r.hlc.clone(),
            );
            (key, (r.prev, r.officer_id))
        })
        .collect();
    let mut with_prev = 0;
    for r in &served.registers {
        let key = (
            r.table.clone(),
            r.row_id.clone(),
            r.field.clone(),
            r.hlc.clone(),
        );
        if let Some(orig) = sent.get(&key) {
            assert_eq!(&(r.prev.clone(), r.officer_id.clone()), orig, "{r:?}");
        }
        with_prev += r.prev.is_some() as u32;
    }
    assert!(with_prev > 0);
    assert!(served
        .manifest
        .labels
        .values()
        .any(|l| l.starts_with("李娜")));

    // The status page lists both devices with their officers and pushes.
    let status = office_server::status(&ca).unwrap();
    assert_eq!(status.devices.len(), 2);
    assert!(status
        .devices
        .iter()
        .all(|d| d.last_push_at.is_some() && d.changes > 0));
    assert_eq!(
        status.changes,
        status.devices.iter().map(|d| d.changes).sum::<i64>()
    );
}

#[test]
fn a_retried_push_stores_nothing_twice_and_pulls_return_only_the_unseen() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let (mut b, cb) = office.laptop("lina.sqlite3", "lina");
    set_up(&mut a);

    // The same bundle sent twice (an answer lost on the network, then a retry).
    let bundle = sync::export(&a, &Seen::new()).unwrap();
    let n = bundle.registers.len() as u64;
    let body = serde_json::to_vec(&bundle).unwrap();
    let (s1, r1) = office.post("/api/push", Some(&ca.token), body.clone());
    let (s2, r2) = office.post("/api/push", Some(&ca.token), body);
    assert_eq!((s1, s2), (200, 200), "{r1} {r2}");
    assert_eq!(
        (r1["received"].as_u64(), r1["stored"].as_u64()),
        (Some(n), Some(n))
    );
    assert_eq!(
        (r2["received"].as_u64(), r2["stored"].as_u64()),
        (Some(n), Some(0))
    );
    assert_eq!(office.stored(), n as i64);
    // The client sees that the server has everything: nothing to send.
    let again = office_server::push(&a, &ca).unwrap();
    assert_eq!((again.sent, again.stored), (0, 0), "{again:?}");

    // B receives everything once; a second pull brings nothing; merging is idempotent.
    let first = office_server::pull(&mut b, &cb).unwrap();
    assert_eq!(first.received as u64, n);
    assert_eq!(view(&a), view(&b));
    let second = office_server::pull(&mut b, &cb).unwrap();
    assert_eq!(second.received, 0, "{second:?}");
    // A pulls nothing of its own back.
    assert_eq!(office_server::pull(&mut a, &ca).unwrap().received, 0);

    // One new company on A: B's next pull brings exactly that row's changes.
    let seen_b = b.sync_seen().unwrap();
    a.create_company(&CompanyInput {
        name: "天津港航物流有限公司".into(),
        ..Default::default()
    })
    .unwrap();
    let expected = sync::export(&a, &seen_b).unwrap().registers.len() as u32;
    assert!(expected > 0 && (expected as u64) < n);
    office_server::push(&a, &ca).unwrap();
    let third = office_server::pull(&mut b, &cb).unwrap();
    assert_eq!(third.received, expected, "{third:?}");
    assert_eq!(third.merge.rows_added, 1);
    assert_eq!(view(&a), view(&b));
}

#[test]
fn retries_racing_each_other_store_each_change_once() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    for i in 0..50 {
        a.create_company(&CompanyInput {
            name: format!("并发测试{i:02}有限公司"),
            ..Default::default()
        })
        .unwrap();
    }
    let bundle = sync::export(&a, &Seen::new()).unwrap();
    let n = bundle.registers.len() as u64;
    let body = serde_json::to_vec(&bundle).unwrap();
    // The same push four times at once (a client retrying while its first try is in flight).
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let tries: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| office.post("/api/push", Some(&ca.token), body.clone())))
            .collect();
        tries.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    let stored: u64 = answers
        .iter()
        .map(|(_, r)| r["stored"].as_u64().unwrap())
        .sum();
    assert_eq!(stored, n, "each change stored exactly once: {answers:?}");
    assert_eq!(office.stored(), n as i64);
}

#[test]
fn an_unreachable_server_leaves_the_ledger_unchanged() {
    let Some(office) = office() else { return };
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    set_up(&mut a);
    let before = view(&a);
    let gone = ServerConfig {
        url: "http://127.0.0.1:9".into(),
        ..ca.clone()
    };
    let e = office_server::sync(&mut a, &gone).unwrap_err();
    assert!(e.to_string().starts_with("无法连接办公室服务器"), "{e}");
    assert_eq!(view(&a), before);
}
