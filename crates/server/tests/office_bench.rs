//! Benchmarks of the office server, ignored in normal runs (a real PostgreSQL server, see
//! `office_sync.rs`).

use crate::common::*;
use zhaoshang_core::sync::office_server;
use zhaoshang_core::sync::{self, Seen};
use zhaoshang_core::*;

/// Throughput of push and pull: `cargo test -p zhaoshang-server --release --test integration
/// -- --ignored --nocapture office_bench::bench` (ZHAOSHANG_BENCH_COMPANIES sets the size, default 3000).
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
/// `cargo test -p zhaoshang-server --release --test integration -- --ignored --nocapture
/// office_bench::bench_login`.
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

/// A simulated office: `laptops` devices (all 王磊's, sessions made in the database), each
/// pushing `per_laptop` changes of companies in bundles of `chunk`.
struct Scale {
    laptops: usize,
    per_laptop: usize,
    chunk: usize,
}

fn scale() -> Scale {
    let var = |name: &str, default: usize| -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let laptops = var("ZHAOSHANG_BENCH_LAPTOPS", 5).max(1);
    let total = var("ZHAOSHANG_BENCH_CHANGES", 10_000).max(laptops);
    let per_laptop = total / laptops;
    Scale {
        laptops,
        per_laptop,
        chunk: var("ZHAOSHANG_BENCH_CHUNK", 5_000).clamp(1, per_laptop),
    }
}

fn hlc(base_ms: i64, i: usize) -> String {
    format!("{:013}.00000", base_ms + i as i64)
}

/// The `i`-th change of a simulated laptop: a field of one of its companies.
fn change(device: &str, base_ms: i64, i: usize) -> sync::Register {
    const FIELDS: [&str; 8] = [
        "name",
        "contact_person",
        "contact_phone",
        "notes",
        "address",
        "business_scope",
        "legal_representative",
        "credit_code",
    ];
    sync::Register {
        table: "companies".into(),
        row_id: format!("{device}-{:06}", i / FIELDS.len()),
        field: FIELDS[i % FIELDS.len()].into(),
        value: serde_json::to_string(&format!("测试企业{i:07}的资料")).unwrap(),
        hlc: hlc(base_ms, i),
        device_id: device.into(),
        prev: None,
        officer_id: None,
    }
}

fn bundle_of(device: &str, registers: Vec<sync::Register>) -> sync::Bundle {
    let mut b = sync::Bundle {
        manifest: sync::Manifest {
            format: sync::bundle::FORMAT,
            device_id: device.into(),
            schema_version: zhaoshang_core::storage::db::SCHEMA_VERSION,
            created_at: zhaoshang_core::util::now_stamp(),
            covers: Seen::new(),
            registers: 0,
            sha256: String::new(),
            seen: None,
            since: None,
            device_label: None,
            labels: Default::default(),
        },
        registers,
        blobs: Vec::new(),
    };
    b.seal();
    b
}

fn mean_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let t = std::time::Instant::now();
    for _ in 0..runs {
        f();
    }
    t.elapsed().as_secs_f64() * 1000.0 / runs as f64
}

/// The office server at scale, side by side with PostgreSQL alone on the same table: push and
/// pull throughput, and what a sync with nothing new costs once the log is long. Runs small in
/// every test run (checks the counts); the figures of the issue are its release run at 1M
/// changes from 50 laptops:
/// `ZHAOSHANG_BENCH_LAPTOPS=50 ZHAOSHANG_BENCH_CHANGES=1000000 cargo test -p zhaoshang-server
/// --release --test integration -- --nocapture office_bench::office_at_scale`.
#[test]
fn office_at_scale() {
    let Some(office) = office() else { return };
    let s = scale();
    let base_ms = chrono::Utc::now().timestamp_millis() - 10 * 24 * 3600 * 1000;
    let laptops: Vec<(String, String)> = (0..s.laptops)
        .map(|k| {
            let device = format!("bench-laptop-{k:03}");
            let token = office.session_for("wanglei", &device);
            (device, token)
        })
        .collect();
    // Push: every laptop its changes, a bundle at a time, round after round.
    let mut pushed = 0usize;
    let mut push_s = 0.0;
    let mut last_round_from = 0;
    let mut start = 0;
    while start < s.per_laptop {
        let end = (start + s.chunk).min(s.per_laptop);
        for (device, token) in &laptops {
            let body = serde_json::to_vec(&bundle_of(
                device,
                (start..end).map(|i| change(device, base_ms, i)).collect(),
            ))
            .unwrap();
            let t = std::time::Instant::now();
            let (status, answer) = office.post("/api/push", Some(token), body);
            push_s += t.elapsed().as_secs_f64();
            assert_eq!(status, 200, "{answer}");
            assert_eq!(answer["stored"].as_u64(), Some((end - start) as u64));
            pushed += end - start;
        }
        last_round_from = start;
        start = end;
    }
    assert_eq!(office.stored(), pushed as i64);
    let token = &laptops[0].1;

    // Nothing new: what the server has seen, a pull, and a retried bundle.
    let (_, seen) = office.get("/api/seen", token);
    let seen: Seen = serde_json::from_value(seen["seen"].clone()).unwrap();
    assert_eq!(seen.len(), s.laptops);
    assert!(seen.values().all(|h| *h == hlc(base_ms, s.per_laptop - 1)));
    let seen_ms = mean_ms(20, || {
        assert_eq!(office.get("/api/seen", token).0, 200);
    });
    let everything =
        serde_json::to_vec(&office_server::PullRequest { seen: seen.clone() }).unwrap();
    let idle_pull_ms = mean_ms(20, || {
        let (status, b) = office.post("/api/pull", Some(token), everything.clone());
        assert_eq!(status, 200, "{b}");
        assert_eq!(b["registers"].as_array().map(Vec::len), Some(0));
    });
    let (device, _) = &laptops[0];
    let retried = serde_json::to_vec(&bundle_of(
        device,
        (last_round_from..s.per_laptop)
            .map(|i| change(device, base_ms, i))
            .collect(),
    ))
    .unwrap();
    let retried_ms = mean_ms(5, || {
        let (status, a) = office.post("/api/push", Some(token), retried.clone());
        assert_eq!((status, a["stored"].as_u64()), (200, Some(0)), "{a}");
    });

    // Pull: the last round of every laptop (what a laptop away for a while fetches).
    let behind: Seen = laptops
        .iter()
        .map(|(d, _)| {
            let mark = if last_round_from == 0 {
                String::new()
            } else {
                hlc(base_ms, last_round_from - 1)
            };
            (d.clone(), mark)
        })
        .collect();
    let request = serde_json::to_vec(&office_server::PullRequest {
        seen: behind.clone(),
    })
    .unwrap();
    let t = std::time::Instant::now();
    let (status, pulled) = office.post("/api/pull", Some(token), request);
    let pull_s = t.elapsed().as_secs_f64();
    assert_eq!(status, 200);
    let pulled_n = pulled["registers"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(pulled_n, (s.per_laptop - last_round_from) * s.laptops);

    // PostgreSQL alone: the same rows into a copy of the table, and read back as the pull does.
    let (raw_insert_s, raw_select_s, raw_selected) = office.block_on(async {
        let c = office.pool().get().await.unwrap();
        c.batch_execute("CREATE TABLE raw_changes (LIKE changes INCLUDING ALL)")
            .await
            .unwrap();
        let t = std::time::Instant::now();
        for (device, _) in &laptops {
            let mut start = 0;
            while start < s.per_laptop {
                let end = (start + s.chunk).min(s.per_laptop);
                let regs: Vec<sync::Register> =
                    (start..end).map(|i| change(device, base_ms, i)).collect();
                let col = |f: fn(&sync::Register) -> &str| -> Vec<&str> {
                    regs.iter().map(f).collect()
                };
                c.execute(
                    "INSERT INTO raw_changes (device_id, hlc, table_name, row_id, field, value, pushed_by, pushed_from)
                     SELECT i.*, 1, 'x' FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                       AS i(device_id, hlc, table_name, row_id, field, value)",
                    &[
                        &col(|r| &r.device_id),
                        &col(|r| &r.hlc),
                        &col(|r| &r.table),
                        &col(|r| &r.row_id),
                        &col(|r| &r.field),
                        &col(|r| &r.value),
                    ],
                )
                .await
                .unwrap();
                start = end;
            }
        }
        let insert_s = t.elapsed().as_secs_f64();
        let (devices, marks): (Vec<String>, Vec<String>) = behind.clone().into_iter().unzip();
        let t = std::time::Instant::now();
        let rows = c
            .query(
                "SELECT r.table_name, r.row_id, r.field, r.value, r.hlc, r.device_id
                 FROM UNNEST($1::text[], $2::text[]) AS s(device_id, hlc)
                 JOIN raw_changes r ON r.device_id = s.device_id COLLATE \"C\" AND r.hlc > s.hlc COLLATE \"C\"",
                &[&devices, &marks],
            )
            .await
            .unwrap();
        (insert_s, t.elapsed().as_secs_f64(), rows.len())
    });
    assert_eq!(raw_selected, pulled_n);
    println!(
        "office server, {pushed} changes from {} laptops (bundles of {}), PostgreSQL alone on the same table alongside:\n\
         \x20 push            {:>9.0} changes/s   | INSERT (same rows, same chunks) {:>9.0} rows/s\n\
         \x20 pull            {:>9.0} changes/s   | SELECT (same rows)              {:>9.0} rows/s   ({pulled_n} changes, HTTP + JSON included)\n\
         \x20 nothing new:    seen {seen_ms:.1} ms, pull {idle_pull_ms:.1} ms, a retried bundle of {} changes {retried_ms:.1} ms (round trips on loopback)",
        s.laptops,
        s.chunk,
        pushed as f64 / push_s,
        pushed as f64 / raw_insert_s,
        pulled_n as f64 / pull_s,
        raw_selected as f64 / raw_select_s.max(1e-9),
        s.per_laptop - last_round_from,
    );
}
