//! Wrong passwords against the office server: which logins are paused, from where, for how
//! long, and what the officer is told (a real PostgreSQL server, see `office_sync.rs`).

use crate::common::*;
use zhaoshang_core::sync::office_server::{self, ServerConfig};
use zhaoshang_core::*;

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
