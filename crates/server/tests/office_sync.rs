//! The office sync server against a real PostgreSQL server (`ZHAOSHANG_TEST_DATABASE_URL`,
//! which `.ci/run` starts on loopback): real ledger files on "laptops" talk to a real server on
//! 127.0.0.1 through the real client (`zhaoshang_core::sync::office_server`). Each test gets a
//! database of its own.
//!
//! Without `ZHAOSHANG_TEST_DATABASE_URL` the tests are skipped with a printed reason, except
//! under CI (`CI` set), where that is a failure.

use serde_json::Value;
use tokio_postgres::NoTls;
use zhaoshang_core::sync::office_server::{self, ServerConfig};
use zhaoshang_core::sync::{self, Bundle, Seen};
use zhaoshang_core::*;
use zhaoshang_server::Pool;

const PASSWORD: &str = "zhaoshang-2022";

struct Office {
    rt: tokio::runtime::Runtime,
    pool: Pool,
    url: String,
    admin: tokio_postgres::Config,
    /// The test database's URL (ZHAOSHANG_TEST_DATABASE_URL with its database name replaced).
    database_url: String,
    dbname: String,
    _dir: tempfile::TempDir,
    dir_path: std::path::PathBuf,
}

/// A fresh database and a server on 127.0.0.1 with two officers, or None (skipped) without
/// a test database outside CI.
fn office() -> Option<Office> {
    office_with(None)
}

/// The same, serving HTTPS with the given certificate and key (PEM files) when set.
fn office_with(tls: Option<(std::path::PathBuf, std::path::PathBuf)>) -> Option<Office> {
    office_set_up(
        tls,
        zhaoshang_server::Settings {
            session_days: 30,
            ..Default::default()
        },
    )
}

/// An office whose server runs with the given settings (login limits, trusted proxies).
fn office_set_up(
    tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
    settings: zhaoshang_server::Settings,
) -> Option<Office> {
    let base = match std::env::var("ZHAOSHANG_TEST_DATABASE_URL") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "CI is set but ZHAOSHANG_TEST_DATABASE_URL is not: .ci/run must start \
                     PostgreSQL and export it (the office server's tests need a real server)"
                );
            }
            eprintln!(
                "skipped: ZHAOSHANG_TEST_DATABASE_URL is not set (a PostgreSQL URL, e.g. \
                 postgres://zhaoshang:zhaoshang@127.0.0.1:5433/zhaoshang_test; see .ci/run)"
            );
            return None;
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let admin: tokio_postgres::Config = base.parse().expect("ZHAOSHANG_TEST_DATABASE_URL");
    let dbname = format!(
        "zs_test_{}",
        zhaoshang_core::util::new_id().replace('-', "")
    );
    rt.block_on(async {
        let (client, conn) = admin
            .connect(NoTls)
            .await
            .expect("connect to the test database");
        tokio::spawn(conn);
        client
            .batch_execute(&format!("CREATE DATABASE {dbname}"))
            .await
            .expect("CREATE DATABASE (the test role needs CREATEDB)");
    });
    let mut pg = admin.clone();
    pg.dbname(&dbname);
    let pool = zhaoshang_server::db::pool(pg, 4).unwrap();
    rt.block_on(zhaoshang_server::db::migrate(&pool)).unwrap();
    for (login, name, team) in [
        ("wanglei", "王磊", "招商一组"),
        ("lina", "李娜", "招商二组"),
    ] {
        rt.block_on(zhaoshang_server::officers::add_officer(
            &pool,
            login,
            name,
            Some(team),
            PASSWORD,
        ))
        .unwrap();
    }
    let tls = tls.map(|(cert, key)| {
        rt.block_on(zhaoshang_server::tls_config(&cert, &key))
            .unwrap()
    });
    let bound = rt
        .block_on(zhaoshang_server::bind_with(
            "127.0.0.1:0",
            pool.clone(),
            tls,
            settings,
        ))
        .unwrap();
    let url = format!(
        "{}://{}",
        if bound.https { "https" } else { "http" },
        bound.addr
    );
    rt.spawn(bound.run());
    let dir = tempfile::tempdir().unwrap();
    Some(Office {
        rt,
        pool,
        url,
        admin,
        database_url: match base.rsplit_once('/') {
            Some((server, _)) if base.contains("://") => format!("{server}/{dbname}"),
            _ => panic!(
                "ZHAOSHANG_TEST_DATABASE_URL must be a URL: postgres://user:password@host:port/db"
            ),
        },
        dbname,
        dir_path: dir.path().to_path_buf(),
        _dir: dir,
    })
}

impl Drop for Office {
    fn drop(&mut self) {
        self.pool.close();
        let (admin, db) = (self.admin.clone(), self.dbname.clone());
        let _ = self.rt.block_on(async move {
            let (client, conn) = admin.connect(NoTls).await?;
            tokio::spawn(conn);
            client
                .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                .await
        });
    }
}

impl Office {
    /// A laptop: a real ledger file, logged in to the server as `login`.
    fn laptop(&self, file: &str, login: &str) -> (Ledger, ServerConfig) {
        let mut l = Ledger::open(self.dir_path.join(file)).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        let config = office_server::login(&mut l, &self.url, login, PASSWORD, file).unwrap();
        assert_eq!(ServerConfig::from_ledger(&l).unwrap(), config);
        (l, config)
    }

    /// Changes the server holds.
    fn stored(&self) -> i64 {
        self.rt.block_on(async {
            let c = self.pool.get().await.unwrap();
            c.query_one("SELECT count(*) FROM changes", &[])
                .await
                .unwrap()
                .get(0)
        })
    }

    /// A raw request (what a damaged or hostile client could send): status and JSON answer
    /// (status 0 when the connection failed).
    fn post(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> (u16, Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut req = agent
            .post(format!("{}{path}", self.url))
            .header("Content-Type", "application/json");
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let mut resp = match req.send(&body[..]) {
            Ok(r) => r,
            // The server may close the connection on a refused body before it is all sent.
            Err(e) => return (0, Value::String(e.to_string())),
        };
        let status = resp.status().as_u16();
        let v = resp.body_mut().read_json::<Value>().unwrap_or(Value::Null);
        (status, v)
    }
}

impl Office {
    /// A login sent from the loopback address `source` (127.0.0.1 is where every laptop in
    /// these tests connects from; 127.0.0.2… are other computers of the office), optionally
    /// with an `X-Forwarded-For` header: the status and the JSON answer.
    fn login_from(
        &self,
        source: &str,
        login: &str,
        password: &str,
        forwarded_for: Option<&str>,
    ) -> (u16, Value) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let server: std::net::SocketAddr = self.url.trim_start_matches("http://").parse().unwrap();
        let body = serde_json::json!({
            "login": login,
            "password": password,
            "device_id": format!("device-{login}-{source}"),
            "device_name": source,
        })
        .to_string();
        let forwarded = forwarded_for
            .map(|f| format!("X-Forwarded-For: {f}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "POST /api/login HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n{forwarded}Connection: close\r\n\r\n{body}",
            body.len()
        );
        let answer = self.rt.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
            let mut stream = socket.connect(server).await.unwrap();
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await.unwrap();
            String::from_utf8(answer).unwrap()
        });
        let status: u16 = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("an HTTP answer: {answer}"));
        let json = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| serde_json::from_str(b).unwrap_or(Value::Null))
            .unwrap_or(Value::Null);
        (status, json)
    }
}

/// The message of a refused request.
fn message(answer: &(u16, Value)) -> String {
    answer.1["error"].as_str().unwrap_or_default().to_string()
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// What an officer sees: every project with its stage, amount and next step, and the
/// companies and officers.
fn view(l: &Ledger) -> Vec<String> {
    let page = l
        .list_projects(&ProjectFilter {
            limit: 1000,
            sort: ProjectSort::Name,
            ..Default::default()
        })
        .unwrap();
    let mut out: Vec<String> = page
        .rows
        .iter()
        .map(|r| {
            let p = l.project(&r.id).unwrap();
            format!(
                "{} {:?} {} {:?} {:?}",
                p.name, p.stage, p.total_investment, p.next_step, p.signed_on
            )
        })
        .collect();
    out.extend(l.officers().unwrap().into_iter().map(|o| o.name));
    out.extend(l.teams().unwrap().into_iter().map(|t| t.name));
    out.extend(
        l.search_companies("有限公司", 100)
            .unwrap()
            .into_iter()
            .map(|c| c.name),
    );
    out
}

/// A small office ledger: a team, an officer, a company and its project.
fn set_up(l: &mut Ledger) -> Project {
    let team = l.create_team("招商一组").unwrap();
    let officer = l
        .create_officer(&OfficerInput {
            name: "王磊".into(),
            team_id: Some(team.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let company = l
        .create_company(&CompanyInput {
            name: "北京中科新材料有限公司".into(),
            origin_code: Some("110108".into()),
            ..Default::default()
        })
        .unwrap();
    l.create_project(&NewProject {
        project: ProjectInput {
            name: "碳纤维复合材料项目".into(),
            company_id: Some(company.id),
            total_investment: 200_000_000,
            team_id: Some(team.id),
            officer_id: Some(officer.id),
            ..Default::default()
        },
        first_stage: Stage::Lead,
        first_stage_on: d(2022, 2, 1),
    })
    .unwrap()
}

fn input_of(p: &Project) -> ProjectInput {
    ProjectInput {
        name: p.name.clone(),
        company_id: p.company_id.clone(),
        total_investment: p.total_investment,
        industry_id: p.industry_id.clone(),
        team_id: p.team_id.clone(),
        officer_id: p.officer_id.clone(),
        next_step: p.next_step.clone(),
        ..Default::default()
    }
}

fn pause() {
    std::thread::sleep(std::time::Duration::from_millis(5));
}

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
    mixed.manifest.registers = mixed.registers.len() as u32;
    mixed.manifest.sha256 = sync::digest(&mixed.registers);
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
        odd.manifest.sha256 = sync::digest(&odd.registers);
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
    ahead.manifest.sha256 = sync::digest(&ahead.registers);
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

#[test]
fn repeated_wrong_passwords_pause_that_login_from_that_computer_only() {
    let Some(office) = office() else { return };
    let mut l = Ledger::open(office.dir_path.join("guesser.sqlite3")).unwrap();
    // Four wrong guesses, then the right password: in, and the count starts again.
    for _ in 0..4 {
        let e = office_server::login(&mut l, &office.url, "lina", "guess", "x").unwrap_err();
        assert!(e.to_string().contains("用户名或密码错误"), "{e}");
    }
    office_server::login(&mut l, &office.url, "lina", PASSWORD, "x").unwrap();
    office_server::logout(&mut l).unwrap();
    // Five wrong guesses in a row pause the name on this computer: even the right password
    // is refused here, with a message that says what happened and what to do.
    for _ in 0..5 {
        let e = office_server::login(&mut l, &office.url, "lina", "guess", "x").unwrap_err();
        assert!(e.to_string().contains("用户名或密码错误"), "{e}");
    }
    let e = office_server::login(&mut l, &office.url, "lina", PASSWORD, "x").unwrap_err();
    let msg = e.to_string();
    assert_eq!(
        msg,
        "密码连续输错5次，用户名“lina”在这台电脑（127.0.0.1）上已暂停登录，请15分钟后再试；\
         在本人其他电脑上登录不受影响。忘记密码请找管理员重设。"
    );
    assert!(ServerConfig::from_ledger(&l).is_err(), "not logged in");
    // The officer on her own laptop (another address) is not locked out by the guessing.
    let own = office.login_from("127.0.0.2", "lina", PASSWORD, None);
    assert_eq!(own.0, 200, "{own:?}");
    let token = own.1["token"].as_str().unwrap().to_string();
    let config = ServerConfig {
        url: office.url.clone(),
        login: "lina".into(),
        token,
        ca_file: None,
    };
    assert!(office_server::status(&config).is_ok());
    // …while the guessing computer stays paused for that name.
    let again = office.login_from("127.0.0.1", "lina", PASSWORD, None);
    assert_eq!(again.0, 429, "{again:?}");
    // An unknown name is paused the same way (the pause does not tell which names exist).
    for _ in 0..5 {
        let e = office_server::login(&mut l, &office.url, "nobody", "guess", "x").unwrap_err();
        assert!(e.to_string().contains("用户名或密码错误"), "{e}");
    }
    let e = office_server::login(&mut l, &office.url, "nobody", "guess", "x").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("密码连续输错5次，用户名“nobody”在这台电脑（127.0.0.1）上已暂停登录"),
        "{e}"
    );
    // Other officers on the guessing computer are not affected (10 failures < 20).
    let (_w, cw) = office.laptop("wanglei.sqlite3", "wanglei");
    assert!(office_server::status(&cw).is_ok());
}

#[test]
fn a_computer_guessing_many_names_is_paused_for_all_of_them() {
    let Some(office) = office() else { return };
    // Four guesses on each of five names (never five on one): 20 failures from one address.
    let names = ["lina", "wanglei", "zhangsan", "admin", "lisi"];
    for name in names {
        for _ in 0..4 {
            let answer = office.login_from("127.0.0.3", name, "guess", None);
            assert_eq!(answer.0, 401, "{answer:?}");
            assert_eq!(message(&answer), "用户名或密码错误。");
        }
    }
    // Now the whole address is paused, for every name, even with the right password.
    for name in ["wanglei", "somebody-new"] {
        let answer = office.login_from("127.0.0.3", name, PASSWORD, None);
        assert_eq!(answer.0, 429, "{answer:?}");
        assert_eq!(
            message(&answer),
            "这台电脑（127.0.0.3）登录失败次数过多（20次），已暂停从这台电脑登录办公室服务器，请15分钟后再试。"
        );
    }
    // Everyone elsewhere logs in as usual.
    let (_w, cw) = office.laptop("wanglei.sqlite3", "wanglei");
    assert!(office_server::status(&cw).is_ok());
    assert_eq!(
        office.login_from("127.0.0.4", "lina", PASSWORD, None).0,
        200
    );
}

#[test]
fn logging_in_to_ones_own_account_buys_no_more_guesses() {
    let Some(office) = office() else { return };
    // 19 failures on other names, a right login in between: the address is still counted.
    for (i, name) in ["lina", "x1", "x2", "x3", "x4"].iter().enumerate() {
        for _ in 0..(if i == 4 { 3 } else { 4 }) {
            assert_eq!(office.login_from("127.0.0.5", name, "guess", None).0, 401);
        }
        assert_eq!(
            office.login_from("127.0.0.5", "wanglei", PASSWORD, None).0,
            200
        );
    }
    // The 20th failure pauses the address.
    assert_eq!(office.login_from("127.0.0.5", "x5", "guess", None).0, 401);
    let answer = office.login_from("127.0.0.5", "wanglei", PASSWORD, None);
    assert_eq!(answer.0, 429, "{answer:?}");
    assert!(message(&answer).contains("登录失败次数过多"), "{answer:?}");
}

#[test]
fn guesses_sent_all_at_once_get_no_more_than_five_tries() {
    let Some(office) = office() else { return };
    // Twelve wrong guesses at the same moment: each is counted before its password is
    // checked, so five are checked (401) and the rest refused at once (429).
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let office = &office;
        let guesses: Vec<_> = (0..12)
            .map(|_| s.spawn(move || office.login_from("127.0.0.10", "lina", "guess", None).0))
            .collect();
        guesses.into_iter().map(|g| g.join().unwrap()).collect()
    });
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (5, 7), "{statuses:?}");
}

#[test]
fn the_right_password_works_once_the_pause_is_over() {
    // Long enough for a loaded machine to check the fifth password (Argon2) and ask again
    // within the pause, which starts when the fifth attempt is counted.
    let pause = std::time::Duration::from_secs(4);
    let after_pause = |counted: std::time::Instant| {
        std::thread::sleep(
            (counted + pause + std::time::Duration::from_millis(200))
                .saturating_duration_since(std::time::Instant::now()),
        )
    };
    let Some(office) = office_set_up(
        None,
        zhaoshang_server::Settings {
            session_days: 30,
            login_limits: zhaoshang_server::api::LoginLimits {
                per_login: 5,
                per_address: 8,
                pause,
            },
            trusted_proxies: Vec::new(),
        },
    ) else {
        return;
    };
    let mut last_counted = std::time::Instant::now();
    for _ in 0..5 {
        last_counted = std::time::Instant::now();
        assert_eq!(office.login_from("127.0.0.6", "lina", "guess", None).0, 401);
    }
    let paused = office.login_from("127.0.0.6", "lina", PASSWORD, None);
    assert_eq!(paused.0, 429, "{paused:?}");
    // Less than a minute left: it says one minute, not zero.
    assert!(message(&paused).contains("请1分钟后再试"), "{paused:?}");
    after_pause(last_counted);
    let after = office.login_from("127.0.0.6", "lina", PASSWORD, None);
    assert_eq!(after.0, 200, "{after:?}");
    assert_eq!(after.1["officer"]["name"], "李娜");

    // The same for an address paused as a whole (its eighth failure starts the pause).
    for name in ["a", "b", "c", "d"] {
        for _ in 0..2 {
            last_counted = std::time::Instant::now();
            assert_eq!(office.login_from("127.0.0.7", name, "guess", None).0, 401);
        }
    }
    let paused = office.login_from("127.0.0.7", "wanglei", PASSWORD, None);
    assert!(
        message(&paused).contains("登录失败次数过多（8次）"),
        "{paused:?}"
    );
    after_pause(last_counted);
    assert_eq!(
        office.login_from("127.0.0.7", "wanglei", PASSWORD, None).0,
        200
    );
}

#[test]
fn a_forwarded_for_header_counts_only_from_a_trusted_proxy() {
    // No proxy configured: a guesser cannot dodge the pause by naming another address.
    let Some(office) = office() else { return };
    for i in 0..5 {
        let fake = format!("10.0.0.{i}");
        assert_eq!(
            office
                .login_from("127.0.0.8", "lina", "guess", Some(&fake))
                .0,
            401
        );
    }
    let answer = office.login_from("127.0.0.8", "lina", PASSWORD, Some("10.0.0.99"));
    assert_eq!(answer.0, 429, "{answer:?}");
    assert!(message(&answer).contains("（127.0.0.8）"), "{answer:?}");
    drop(office);

    // Behind a reverse proxy on 127.0.0.9: the client it names is counted, so guessing
    // through the proxy does not pause the officer who comes through the same proxy.
    let Some(office) = office_set_up(
        None,
        zhaoshang_server::Settings {
            session_days: 30,
            trusted_proxies: vec!["127.0.0.9".parse().unwrap()],
            ..Default::default()
        },
    ) else {
        return;
    };
    for _ in 0..5 {
        // What the guesser sent itself (1.2.3.4) is left of what the proxy saw (10.1.1.66).
        let answer = office.login_from("127.0.0.9", "lina", "guess", Some("1.2.3.4, 10.1.1.66"));
        assert_eq!(answer.0, 401, "{answer:?}");
    }
    let answer = office.login_from("127.0.0.9", "lina", PASSWORD, Some("10.1.1.66"));
    assert_eq!(answer.0, 429, "{answer:?}");
    assert!(message(&answer).contains("（10.1.1.66）"), "{answer:?}");
    let own = office.login_from("127.0.0.9", "lina", PASSWORD, Some("10.1.1.20"));
    assert_eq!(own.0, 200, "{own:?}");
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

#[test]
fn the_server_binary_starts_with_one_command() {
    let Some(office) = office() else { return };
    let bin = env!("CARGO_BIN_EXE_zhaoshang-server");
    let out = std::process::Command::new(bin)
        .args([
            "add-officer",
            "--login",
            "zhangwei",
            "--name",
            "张伟",
            "--team",
            "招商三组",
        ])
        .env("ZHAOSHANG_DATABASE_URL", &office.database_url)
        .env("ZHAOSHANG_OFFICER_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second account with the same login is refused with a message.
    let again = std::process::Command::new(bin)
        .args(["add-officer", "--login", "zhangwei", "--name", "张伟"])
        .env("ZHAOSHANG_DATABASE_URL", &office.database_url)
        .env("ZHAOSHANG_OFFICER_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));

    let listed = std::process::Command::new(bin)
        .arg("list-officers")
        .env("ZHAOSHANG_DATABASE_URL", &office.database_url)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed.contains("共 3 位干部") && listed.contains("zhangwei\t张伟\t招商三组"),
        "{listed}"
    );

    let mut serve = std::process::Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ZHAOSHANG_DATABASE_URL", &office.database_url)
        // The operator's limits reach the server.
        .env("ZHAOSHANG_LOGIN_FAILURES_PER_NAME", "2")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(serve.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line.trim().rsplit_once('：').map(|(_, u)| u.to_string());
    let result = std::panic::catch_unwind(|| {
        let url = url.expect("the server prints its address");
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        let mut l = Ledger::open(office.dir_path.join("zhangwei.sqlite3")).unwrap();
        let config =
            office_server::login(&mut l, &url, "zhangwei", PASSWORD, "办公室台式机").unwrap();
        l.create_team("招商三组").unwrap();
        assert!(office_server::push(&l, &config).unwrap().stored > 0);
        let status = office_server::status(&config).unwrap();
        assert!(status
            .devices
            .iter()
            .any(|d| d.officer_name == "张伟" && d.team.as_deref() == Some("招商三组")));
        let mut guesser = Ledger::open(office.dir_path.join("guesser.sqlite3")).unwrap();
        for _ in 0..2 {
            let e = office_server::login(&mut guesser, &url, "lina", "guess", "x").unwrap_err();
            assert_eq!(e.to_string(), "用户名或密码错误。");
        }
        let e = office_server::login(&mut guesser, &url, "lina", PASSWORD, "x").unwrap_err();
        assert!(e.to_string().starts_with("密码连续输错2次"), "{e}");
    });
    // A service manager's stop (SIGTERM): the server ends by itself, successfully.
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &serve.id().to_string()])
        .status();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let stopped = loop {
        match serve.try_wait().unwrap() {
            Some(status) => break Some(status),
            None if std::time::Instant::now() > deadline => break None,
            None => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    };
    if stopped.is_none() {
        let _ = serve.kill();
        let _ = serve.wait();
    }
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
    assert!(
        stopped.is_some_and(|s| s.success()),
        "the server stops cleanly on SIGTERM: {stopped:?}"
    );
}

/// Makes a test CA and a server certificate for 127.0.0.1 signed by it (openssl CLI).
fn certificates(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl command (Debian package openssl) makes the test certificates");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=ZS Test CA",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

#[test]
fn laptops_sync_over_https_with_the_offices_own_ca() {
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(certs.path());
    let Some(office) = office_with(Some((cert, key))) else {
        return;
    };
    assert!(office.url.starts_with("https://"));

    // Without the office's CA the laptop does not trust the server: a clear message, no login.
    let mut stranger = Ledger::open(office.dir_path.join("stranger.sqlite3")).unwrap();
    let e = office_server::login(&mut stranger, &office.url, "lina", PASSWORD, "x").unwrap_err();
    assert!(e.to_string().contains("无法连接办公室服务器"), "{e}");
    assert!(ServerConfig::from_ledger(&stranger).is_err());

    let trusting = |file: &str, login: &str| {
        let mut l = Ledger::open(office.dir_path.join(file)).unwrap();
        l.write(|tx, _| {
            zhaoshang_core::storage::settings::set(
                tx,
                office_server::OFFICE_SERVER_CA,
                Some(&ca.to_string_lossy()),
            )
        })
        .unwrap();
        let c = office_server::login(&mut l, &office.url, login, PASSWORD, file).unwrap();
        (l, c)
    };
    let (mut a, ca_config) = trusting("wanglei.sqlite3", "wanglei");
    let (mut b, cb_config) = trusting("lina.sqlite3", "lina");
    set_up(&mut a);
    assert!(office_server::sync(&mut a, &ca_config).unwrap().stored > 0);
    assert!(
        office_server::sync(&mut b, &cb_config)
            .unwrap()
            .merge
            .rows_added
            >= 4
    );
    assert_eq!(view(&a), view(&b));
}

/// Throughput of push and pull: `cargo test -p zhaoshang-server --release --test office_sync
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
/// `cargo test -p zhaoshang-server --release --test office_sync -- --ignored --nocapture
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
