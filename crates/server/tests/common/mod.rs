//! Shared helpers for the office server's integration tests (`office_*.rs`): a fresh
//! PostgreSQL database and a server on 127.0.0.1 per test, laptops with real ledger files, and
//! raw requests.
#![allow(dead_code)]

use serde_json::Value;
use tokio_postgres::NoTls;
use zhaoshang_core::sync::office_server::{self, ServerConfig};
use zhaoshang_core::*;
use zhaoshang_server::Pool;

pub const PASSWORD: &str = "zhaoshang-2022";

pub struct Office {
    rt: tokio::runtime::Runtime,
    pool: Pool,
    pub url: String,
    admin: tokio_postgres::Config,
    /// The test database's URL (ZHAOSHANG_TEST_DATABASE_URL with its database name replaced).
    pub database_url: String,
    dbname: String,
    _dir: tempfile::TempDir,
    pub dir_path: std::path::PathBuf,
}

/// A fresh database and a server on 127.0.0.1 with two officers, or None (skipped) without
/// a test database outside CI.
pub fn office() -> Option<Office> {
    office_with(None)
}

/// The same, serving HTTPS with the given certificate and key (PEM files) when set.
pub fn office_with(tls: Option<(std::path::PathBuf, std::path::PathBuf)>) -> Option<Office> {
    office_set_up(
        tls,
        zhaoshang_server::Settings {
            session_days: 30,
            ..Default::default()
        },
    )
}

/// An office whose server runs with the given settings (login limits, trusted proxies).
pub fn office_set_up(
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
    // Two administrators (the tests of syncing change every kind of row); the roles' tests
    // add their own accounts ([`Office::add_account`]).
    for (login, name, team) in [
        ("wanglei", "王磊", "招商一组"),
        ("lina", "李娜", "招商二组"),
    ] {
        rt.block_on(zhaoshang_server::officers::add_account(
            &pool,
            login,
            name,
            Some(team),
            office_server::Role::Admin,
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
    pub fn laptop(&self, file: &str, login: &str) -> (Ledger, ServerConfig) {
        let mut l = Ledger::open(self.dir_path.join(file)).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        let config = office_server::login(&mut l, &self.url, login, PASSWORD, file).unwrap();
        assert_eq!(ServerConfig::from_ledger(&l).unwrap(), config);
        (l, config)
    }

    /// Adds an account with the given role.
    pub fn add_account(
        &self,
        login: &str,
        name: &str,
        team: Option<&str>,
        role: office_server::Role,
    ) {
        self.rt
            .block_on(zhaoshang_server::officers::add_account(
                &self.pool, login, name, team, role, PASSWORD,
            ))
            .unwrap();
    }

    /// The server's database (benches: what PostgreSQL does alone on the same tables).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// A session for a simulated laptop of `login`, registered straight in the database (no
    /// Argon2 per laptop): its token.
    pub fn session_for(&self, login: &str, device_id: &str) -> String {
        use sha2::Digest;
        let token = zhaoshang_core::util::new_id();
        let hash: String = sha2::Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.rt.block_on(async {
            let c = self.pool.get().await.unwrap();
            c.execute(
                "INSERT INTO devices (device_id, officer_id, name)
                 SELECT $2, id, $2 FROM officers WHERE login = $1",
                &[&login, &device_id],
            )
            .await
            .unwrap();
            c.execute(
                "INSERT INTO sessions (token_sha256, officer_id, device_id, expires_at)
                 SELECT $3, id, $2, now() + interval '1 day' FROM officers WHERE login = $1",
                &[&login, &device_id, &hash],
            )
            .await
            .unwrap();
        });
        token
    }

    /// A raw GET: status and JSON answer.
    pub fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut resp = agent
            .get(format!("{}{path}", self.url))
            .header("Authorization", format!("Bearer {token}"))
            .call()
            .unwrap();
        let status = resp.status().as_u16();
        let v = resp
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_json::<Value>()
            .unwrap_or(Value::Null);
        (status, v)
    }

    /// Sets an account's role (as `zhaoshang-server set-role` does).
    pub fn set_role(&self, login: &str, role: office_server::Role) {
        self.rt
            .block_on(zhaoshang_server::officers::set_role(
                &self.pool, login, role, None,
            ))
            .unwrap();
    }

    /// A query's first column, as text (what the server stored).
    pub fn texts(&self, sql: &str) -> Vec<Option<String>> {
        self.rt.block_on(async {
            let c = self.pool.get().await.unwrap();
            c.query(sql, &[])
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect()
        })
    }

    /// Changes the server holds.
    pub fn stored(&self) -> i64 {
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
    pub fn post(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> (u16, Value) {
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
        let v = resp
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_json::<Value>()
            .unwrap_or(Value::Null);
        (status, v)
    }
}

impl Office {
    /// A login sent from the loopback address `source` (127.0.0.1 is where every laptop in
    /// these tests connects from; 127.0.0.2… are other computers of the office), optionally
    /// with an `X-Forwarded-For` header: the status and the JSON answer.
    pub fn login_from(
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
pub fn message(answer: &(u16, Value)) -> String {
    answer.1["error"].as_str().unwrap_or_default().to_string()
}

pub fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// What an officer sees: every project with its stage, amount and next step, and the
/// companies and officers.
pub fn view(l: &Ledger) -> Vec<String> {
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
pub fn set_up(l: &mut Ledger) -> Project {
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
        first_stage_date_unknown: false,
    })
    .unwrap()
}

pub fn input_of(p: &Project) -> ProjectInput {
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

pub fn pause() {
    std::thread::sleep(std::time::Duration::from_millis(5));
}
