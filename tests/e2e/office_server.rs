//! 办公室服务器 in the real app: the real server binary (`zhaoshang-server`) runs on a free
//! loopback port against a fresh database on the test PostgreSQL
//! (`ZHAOSHANG_TEST_DATABASE_URL`), its own admin command creates two officers' accounts, and
//! a colleague's laptop (a real ledger through the core's client) has already pushed a
//! project. In the app: a wrong password shows the server's own message; the right one logs
//! in; a project recorded in the app goes up with 同步, whose result shows what was sent and
//! received; the colleague's project arrives in the app, and the app's project reaches the
//! colleague's ledger through the server. Screenshot: tests/screenshots/office-server.png.
//! A 领导 (read-only) login: the app says so, hides the writing screens, refuses a new project
//! with the core's message and still receives the office's data (office-server-read-only.png).
//!
//! Needs the server binary (`cargo build -p zhaoshang-server`, or `ZHAOSHANG_SERVER`) besides
//! the app. Without `ZHAOSHANG_TEST_DATABASE_URL` it is skipped with a printed reason, except
//! under CI (`CI` set), where that is a failure (as the server's own tests).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use fantoccini::Client;
use zhaoshang_core::sync::office_server;
use zhaoshang_core::*;
use zhaoshang_e2e::*;

/// Typed through WebKitWebDriver, which types capitals as lower case: lower case only.
const PASSWORD: &str = "zhaoshang-2022";

fn server_binary() -> PathBuf {
    if let Ok(p) = std::env::var("ZHAOSHANG_SERVER") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/zhaoshang-server")
}

fn test_database_url() -> Option<String> {
    match std::env::var("ZHAOSHANG_TEST_DATABASE_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "CI is set but ZHAOSHANG_TEST_DATABASE_URL is not: .ci/run must start \
                     PostgreSQL and export it (the office server's end-to-end test needs it)"
                );
            }
            eprintln!(
                "skipped: ZHAOSHANG_TEST_DATABASE_URL is not set (a PostgreSQL URL, e.g. \
                 postgres://zhaoshang:zhaoshang@127.0.0.1:5433/zhaoshang_test; see .ci/run)"
            );
            None
        }
    }
}

/// A database of its own on the test PostgreSQL, dropped at the end.
struct Database {
    admin: tokio_postgres::Config,
    name: String,
    url: String,
}

impl Database {
    async fn create(base: &str) -> Database {
        let admin: tokio_postgres::Config = base.parse().expect("ZHAOSHANG_TEST_DATABASE_URL");
        let name = format!("zs_e2e_{}", zhaoshang_core::util::new_id().replace('-', ""));
        let (client, conn) = admin
            .connect(tokio_postgres::NoTls)
            .await
            .expect("connect to the test database");
        tokio::spawn(conn);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE (the test role needs CREATEDB)");
        let url = match base.rsplit_once('/') {
            Some((server, _)) if base.contains("://") => format!("{server}/{name}"),
            _ => panic!(
                "ZHAOSHANG_TEST_DATABASE_URL must be a URL: postgres://user:password@host:port/db"
            ),
        };
        Database { admin, name, url }
    }
}

impl Drop for Database {
    /// Also when the test fails: on a thread of its own, as the test's runtime may be the
    /// one unwinding.
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok((client, conn)) = admin.connect(tokio_postgres::NoTls).await {
                    tokio::spawn(conn);
                    let _ = client
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                }
            })
        })
        .join();
    }
}

/// The server process, stopped as a service manager stops it (SIGTERM) when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let mut child = Command::new(server_binary())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("ZHAOSHANG_DATABASE_URL", database_url)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): build it with `cargo build -p zhaoshang-server`",
                    server_binary().display()
                )
            });
        // "招商台账办公室服务器已启动：http://127.0.0.1:PORT"
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = match line.trim().rsplit_once('：') {
            Some((_, u)) if u.starts_with("http://127.0.0.1:") => u.to_string(),
            _ => {
                let _ = child.kill();
                panic!("the server did not print its address: {line:?}");
            }
        };
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The server's admin command: an officer's account with its role (办公室主任, 领导, …).
fn add_officer(database_url: &str, login: &str, name: &str, role: &str) {
    let out = Command::new(server_binary())
        .args([
            "add-officer",
            "--login",
            login,
            "--name",
            name,
            "--role",
            role,
        ])
        .env("ZHAOSHANG_DATABASE_URL", database_url)
        .env("ZHAOSHANG_OFFICER_PASSWORD", PASSWORD)
        .output()
        .expect("zhaoshang-server add-officer");
    assert!(
        out.status.success(),
        "add-officer {login}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Project names of a ledger.
fn project_names(l: &Ledger) -> Vec<String> {
    l.list_projects(&ProjectFilter {
        limit: 1000,
        ..Default::default()
    })
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.name)
    .collect()
}

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

async fn number(c: &Client, testid: &str) -> u32 {
    let text = find(c, testid).await.text().await.unwrap_or_default();
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("[data-testid={testid}] is not a number: {text:?}"))
}

#[tokio::test]
async fn log_in_to_the_office_server_and_sync_from_the_app() {
    if !enabled() {
        return;
    }
    let Some(base) = test_database_url() else {
        return;
    };
    let database = Database::create(&base).await;
    let db_url = database.url.clone();
    // `serve` creates the tables; add-officer (which also creates them) comes first here.
    // Both may change any row (a 招商专员 could not push a project that names no officer).
    add_officer(&db_url, "wanglei", "王磊", "办公室主任");
    add_officer(&db_url, "lina", "李娜", "办公室主任");
    let server = Server::start(&db_url);

    // A colleague's laptop has already sent a project to the office.
    let lina_dir = tempfile::tempdir().unwrap();
    let mut lina = Ledger::open(lina_dir.path().join("lina.sqlite3")).unwrap();
    let lina_config =
        office_server::login(&mut lina, &server.url, "lina", PASSWORD, "李娜的笔记本").unwrap();
    lina.create_project(&NewProject {
        project: ProjectInput {
            name: "风电装备项目".into(),
            total_investment: 300_000_000,
            ..Default::default()
        },
        first_stage: Stage::Lead,
        first_stage_on: d(2022, 3, 1),
        first_stage_date_unknown: false,
    })
    .unwrap();
    let lina_sent = office_server::sync(&mut lina, &lina_config).unwrap().stored;
    assert!(lina_sent > 0);

    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4612);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "测试县投资促进中心").await;
    click(&c, "setup-empty").await;
    find(&c, "nav-sync").await;
    nav(&c, "sync").await;
    find(&c, "office-server").await;

    // A wrong password: the server's message, in the app; nothing is logged in.
    // The address holds ':', which the driver cannot type (see `fill`).
    fill(&c, "office-server-url", &server.url).await;
    type_into(&c, "office-server-login", "wanglei").await;
    type_into(&c, "office-server-password", "wrong-password").await;
    click(&c, "office-server-login-button").await;
    wait_exact(&c, "office-server-error", "用户名或密码错误。").await;
    assert!(
        c.find(fantoccini::Locator::Css(
            "[data-testid='office-server-sync']"
        ))
        .await
        .is_err(),
        "not logged in after a wrong password"
    );
    // Someone at this computer guesses 李娜's password five times: her name is paused here,
    // and the app shows the server's message, even for the right password…
    let scratch = tempfile::tempdir().unwrap();
    let mut guesser = Ledger::open(scratch.path().join("guesser.sqlite3")).unwrap();
    for _ in 0..5 {
        let e = office_server::login(&mut guesser, &server.url, "lina", "guess", "x").unwrap_err();
        assert_eq!(e.to_string(), "用户名或密码错误。");
    }
    assert_eq!(value_of(&c, "office-server-url").await, server.url);
    type_into(&c, "office-server-login", "lina").await;
    type_into(&c, "office-server-password", PASSWORD).await;
    click(&c, "office-server-login-button").await;
    wait_text(
        &c,
        "office-server-error",
        "密码连续输错5次，用户名“lina”在这台电脑（127.0.0.1）上已暂停登录，请15分钟后再试",
    )
    .await;
    // …while 李娜's own laptop keeps working (its session is untouched)…
    assert!(office_server::status(&lina_config).is_ok());
    // …and 王磊 logs in on this computer with the right password (the address is kept).
    type_into(&c, "office-server-login", "wanglei").await;
    type_into(&c, "office-server-password", PASSWORD).await;
    click(&c, "office-server-login-button").await;
    let who = wait_text(&c, "office-server-who", "wanglei").await;
    assert!(who.contains(&server.url), "{who}");

    // Record a project in the app, then 同步.
    nav(&c, "projects").await;
    click(&c, "new-project").await;
    type_into(&c, "np-name", "光伏组件项目").await;
    type_into(&c, "np-investment", "20000").await;
    click(&c, "np-save").await;
    find(&c, "project-detail").await;
    nav(&c, "sync").await;
    click(&c, "office-server-sync").await;
    find(&c, "office-server-result").await;
    let (sent, received) = (
        number(&c, "office-server-sent").await,
        number(&c, "office-server-received").await,
    );
    assert!(sent > 0, "the new project went up: sent {sent}");
    assert_eq!(received, lina_sent, "李娜's project came down, all of it");
    screenshot(&c, "office-server").await;

    // The colleague's project is in the app's list…
    nav(&c, "projects").await;
    type_into(&c, "project-search", "风电装备").await;
    wait_text(&c, "project-total", "共 1 个项目").await;
    click(&c, "project-row").await;
    find(&c, "project-detail").await;
    assert_eq!(value_of(&c, "pd-name").await, "风电装备项目");
    assert_eq!(value_of(&c, "pd-investment").await, "30000");
    // …and the app's project reaches the colleague's ledger through the server.
    let back = office_server::sync(&mut lina, &lina_config).unwrap();
    assert_eq!(
        back.received, sent,
        "李娜 receives what the app sent: {back:?}"
    );
    let mut names = project_names(&lina);
    names.sort();
    assert_eq!(names, ["光伏组件项目", "风电装备项目"]);
    // A second 同步 in the app sends nothing new.
    nav(&c, "sync").await;
    click(&c, "office-server-sync").await;
    wait_exact(&c, "office-server-sent", "0").await;

    c.close().await.ok();
    drop(driver);
    drop(server);
    drop(database);
}

#[tokio::test]
async fn a_leaders_login_reads_and_changes_nothing() {
    if !enabled() {
        return;
    }
    let Some(base) = test_database_url() else {
        return;
    };
    let database = Database::create(&base).await;
    let db_url = database.url.clone();
    add_officer(&db_url, "lina", "李娜", "办公室主任");
    add_officer(&db_url, "liuling", "刘玲", "领导");
    let server = Server::start(&db_url);
    let lina_dir = tempfile::tempdir().unwrap();
    let mut lina = Ledger::open(lina_dir.path().join("lina.sqlite3")).unwrap();
    let lina_config =
        office_server::login(&mut lina, &server.url, "lina", PASSWORD, "李娜的笔记本").unwrap();
    lina.create_project(&NewProject {
        project: ProjectInput {
            name: "风电装备项目".into(),
            total_investment: 300_000_000,
            ..Default::default()
        },
        first_stage: Stage::Lead,
        first_stage_on: d(2022, 3, 1),
        first_stage_date_unknown: false,
    })
    .unwrap();
    let lina_sent = office_server::sync(&mut lina, &lina_config).unwrap().stored;

    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4616);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "测试县投资促进中心").await;
    click(&c, "setup-empty").await;
    find(&c, "nav-quick").await;
    nav(&c, "sync").await;
    fill(&c, "office-server-url", &server.url).await;
    type_into(&c, "office-server-login", "liuling").await;
    type_into(&c, "office-server-password", PASSWORD).await;
    click(&c, "office-server-login-button").await;
    wait_text(&c, "office-server-role", "领导（只读）").await;
    wait_text(&c, "read-only", "只读").await;
    for screen in ["quick", "import", "duplicates"] {
        assert!(
            c.find(fantoccini::Locator::Css(&format!(
                "[data-testid='nav-{screen}']"
            )))
            .await
            .is_err(),
            "{screen} is hidden for a read-only login"
        );
    }
    // The office's data arrives…
    click(&c, "office-server-sync").await;
    find(&c, "office-server-result").await;
    assert_eq!(number(&c, "office-server-received").await, lina_sent);
    wait_exact(&c, "office-server-sent", "0").await;
    screenshot(&c, "office-server-read-only").await;
    // …and a new project is refused with the core's message, nothing written.
    nav(&c, "projects").await;
    wait_text(&c, "project-total", "共 1 个项目").await;
    click(&c, "new-project").await;
    type_into(&c, "np-name", "领导新建的项目").await;
    type_into(&c, "np-investment", "100").await;
    click(&c, "np-save").await;
    wait_text(&c, "error-_", "只能查看台账").await;
    c.close().await.ok();
    drop(driver);
    let l = Ledger::open(data.path().join("cn.zhaoshang.app").join("ledger.sqlite3")).unwrap();
    assert_eq!(project_names(&l), ["风电装备项目"], "nothing written");
    drop(server);
    drop(database);
}
