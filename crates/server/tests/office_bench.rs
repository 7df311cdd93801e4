//! Benchmarks of the office server, ignored in normal runs (a real PostgreSQL server, see
//! `office_sync.rs`).

mod common;

use common::*;
use zhaoshang_core::sync::office_server;
use zhaoshang_core::sync::{self, Seen};
use zhaoshang_core::*;

/// Throughput of push and pull: `cargo test -p zhaoshang-server --release --test office_bench
/// -- --ignored --nocapture bench` (ZHAOSHANG_BENCH_COMPANIES sets the size, default 3000).
#[test]
#[ignore]
fn bench_push_pull_throughput() {
    let Some(office) = office() else { return };
    let n: usize = std::env::var("ZHAOSHANG_BENCH_COMPANIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let (mut b, cb) = office.laptop("lina.sqlite3", "lina");
    for i in 0..n {
        a.create_company(&CompanyInput {
            name: format!("测试企业{i:05}有限公司"),
            contact_person: Some("张经理".into()),
            notes: Some("批量测试".into()),
            ..Default::default()
        })
        .unwrap();
    }
    let t = std::time::Instant::now();
    let exported = sync::export(&a, &Seen::new()).unwrap().registers.len();
    let export_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let pushed = office_server::push(&a, &ca).unwrap();
    let push_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let pulled = office_server::pull(&mut b, &cb).unwrap();
    let pull_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let retry = office_server::push(&a, &ca).unwrap();
    let noop_s = t.elapsed().as_secs_f64();
    println!(
        "office server: export alone {exported} changes in {export_s:.2} s; push {} changes in {:.2} s ({:.0} changes/s, export included); \
         pull+merge {} changes in {:.2} s ({:.0} changes/s); a push with nothing new {:.3} s ({} sent)",
        pushed.sent,
        push_s,
        pushed.sent as f64 / push_s,
        pulled.received,
        pull_s,
        pulled.received as f64 / pull_s,
        noop_s,
        retry.sent
    );
    assert_eq!(pushed.sent, pulled.received);
}

/// What wrong passwords cost the server: a checked wrong password (Argon2), and a refusal
/// while paused (no check at all), each the mean of sequential logins from one address:
/// `cargo test -p zhaoshang-server --release --test office_bench -- --ignored --nocapture
/// bench_login`.
#[test]
#[ignore]
fn bench_login_refusals() {
    let Some(office) = office_set_up(
        None,
        zhaoshang_server::Settings {
            session_days: 30,
            login_limits: zhaoshang_server::api::LoginLimits {
                per_login: 1000,
                per_address: 1000,
                pause: std::time::Duration::from_secs(600),
            },
            trusted_proxies: Vec::new(),
        },
    ) else {
        return;
    };
    let n = 40;
    let timed = |source: &str, password: &str, want: u16| {
        let started = std::time::Instant::now();
        for _ in 0..n {
            assert_eq!(office.login_from(source, "lina", password, None).0, want);
        }
        started.elapsed().as_secs_f64() * 1000.0 / n as f64
    };
    let right = timed("127.0.0.11", PASSWORD, 200);
    let wrong = timed("127.0.0.12", "guess", 401);
    let unknown = {
        let started = std::time::Instant::now();
        for _ in 0..n {
            assert_eq!(
                office.login_from("127.0.0.13", "nobody", "guess", None).0,
                401
            );
        }
        started.elapsed().as_secs_f64() * 1000.0 / n as f64
    };
    // A server with the usual limits for the paused case.
    drop(office);
    let Some(paused_office) = self::office() else {
        return;
    };
    for _ in 0..5 {
        paused_office.login_from("127.0.0.14", "lina", "guess", None);
    }
    let started = std::time::Instant::now();
    for _ in 0..n {
        assert_eq!(
            paused_office
                .login_from("127.0.0.14", "lina", PASSWORD, None)
                .0,
            429
        );
    }
    let paused = started.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!(
        "login, mean of {n}: right password {right:.1} ms, wrong password {wrong:.1} ms, \
         unknown name {unknown:.1} ms, refused while paused {paused:.2} ms"
    );
}
