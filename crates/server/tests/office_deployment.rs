//! The office server as an operator runs it: the binary's commands and signals, and HTTPS with
//! the office's own CA (a real PostgreSQL server, see `office_sync.rs`).

use crate::common::*;
use zhaoshang_core::sync::office_server::{self, ServerConfig};
use zhaoshang_core::*;

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
            "--role",
            "办公室主任",
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
    // A role no one knows: refused with the roles to choose from, nothing added.
    let odd = std::process::Command::new(bin)
        .args([
            "add-officer",
            "--login",
            "zhaoyun",
            "--name",
            "赵云",
            "--role",
            "主任",
        ])
        .env("ZHAOSHANG_DATABASE_URL", &office.database_url)
        .env("ZHAOSHANG_OFFICER_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(!odd.status.success());
    assert!(
        String::from_utf8_lossy(&odd.stderr).contains("角色“主任”无效"),
        "{}",
        String::from_utf8_lossy(&odd.stderr)
    );

    let listed = std::process::Command::new(bin)
        .arg("list-officers")
        .env("ZHAOSHANG_DATABASE_URL", &office.database_url)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed.contains("共 3 位干部")
            && listed.contains("zhangwei\t张伟\t招商三组\t办公室主任/管理员"),
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
