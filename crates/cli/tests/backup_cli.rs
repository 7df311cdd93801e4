//! `zhaoshang backup` / `zhaoshang restore` end to end on real files.

use std::path::Path;

/// `zhaoshang --db <db> args…` ([`crate::common::zhaoshang`]).
fn zhaoshang(db: &Path, args: &[&str]) -> (i32, String, String) {
    let db = db.to_str().expect("a UTF-8 temp path");
    crate::common::zhaoshang(&[&["--db", db], args].concat())
}

/// Damages a closed ledger: the first 64 bytes of every 7th page after the header page.
fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let page = if page == 1 { 65536 } else { page };
    let mut at = page;
    while at + 64 < bytes.len() {
        for b in &mut bytes[at..at + 64] {
            *b ^= 0x5A;
        }
        at += 7 * page;
    }
    std::fs::write(path, bytes).unwrap();
}

/// The number printed before “ 个项目” (in the backup and restore messages).
fn project_count(out: &str) -> usize {
    let end = out.find(" 个项目").expect("a project count");
    let digits: String = out[..end]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

#[test]
fn backup_list_damage_and_restore_latest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/ledger.sqlite3");
    let usb = dir.path().join("U盘/招商台账备份");

    let (code, out, err) = zhaoshang(&db, &["backup"]);
    assert_eq!(code, 3, "no ledger yet: {out}{err}");
    assert!(err.contains("台账文件"), "{err}");

    let (code, _, err) = zhaoshang(&db, &["demo"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = zhaoshang(&db, &["backup", "--to", usb.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("已备份：") && out.contains("完整性检查通过"),
        "{out}"
    );
    let projects = project_count(&out);
    assert!(projects > 100, "the demo's projects: {out}");
    assert!(out.contains("已另存：") && out.contains("U盘"), "{out}");

    let (code, out, _) = zhaoshang(&db, &["backup", "--list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("（1 个）") && out.contains("ledger-2"),
        "{out}"
    );
    let (code, out, _) = zhaoshang(&db, &["backup", "--list", "--dir", usb.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("（1 个）"), "{out}");
    let (code, out, _) = zhaoshang(&db, &["backup", "--prune"]);
    assert_eq!(code, 0);
    assert!(out.contains("删除了 0 个旧备份，余 1 个"), "{out}");

    // The disk damages the ledger: every command refuses it and points to the backups.
    damage(&db);
    let (code, _, err) = zhaoshang(&db, &["report"]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("已损坏") && err.contains("restore --latest"),
        "{err}"
    );
    let (code, _, err) = zhaoshang(&db, &["backup"]);
    assert_eq!(
        code, 5,
        "a damaged ledger is not backed up over good ones: {err}"
    );
    assert_eq!(
        std::fs::read_dir(db.parent().unwrap().join("backups"))
            .unwrap()
            .count(),
        1
    );

    let (code, out, err) = zhaoshang(&db, &["restore", "--latest"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已从备份恢复"), "{out}");
    assert_eq!(project_count(&out), projects, "{out}");
    assert!(out.contains("原台账文件已保留为"), "{out}");
    let (code, out, err) = zhaoshang(
        &db,
        &[
            "report",
            "--from",
            "2022-01-01",
            "--to",
            "2022-06-30",
            "--region",
            "京津冀",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("27个项目签约"), "{out}");
}

#[test]
fn restore_from_a_named_file_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let (code, _, err) = zhaoshang(&db, &["restore"]);
    assert_ne!(code, 0);
    assert!(err.contains("<FILE>") || err.contains("--latest"), "{err}");
    let (code, _, err) = zhaoshang(&db, &["restore", "--latest"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("可用的备份"), "{err}");

    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "不是数据库".repeat(1000)).unwrap();
    let (code, _, err) = zhaoshang(&db, &["restore", junk.to_str().unwrap()]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("不可用") && err.contains("台账未被改动"),
        "{err}"
    );
    assert!(!db.exists());

    // A backup made elsewhere restores onto a new laptop.
    let other = dir.path().join("old-laptop/ledger.sqlite3");
    assert_eq!(zhaoshang(&other, &["demo"]).0, 0);
    let (code, out, _) = zhaoshang(&other, &["backup"]);
    assert_eq!(code, 0, "{out}");
    let file = std::fs::read_dir(dir.path().join("old-laptop/backups"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let (code, out, err) = zhaoshang(&db, &["restore", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("此前该位置没有台账文件"), "{out}");
    assert_eq!(zhaoshang(&db, &["report"]).0, 0);
}

fn zhaoshang_env(db: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let db = db.to_str().expect("a UTF-8 temp path");
    crate::common::zhaoshang_with_env(&[&["--db", db], args].concat(), env)
}

#[test]
fn an_encrypted_ledger_needs_passphrase_env_for_report_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let (code, _, err) = zhaoshang(&db, &["demo"]);
    assert_eq!(code, 0, "{err}");
    let env = [("ZS_PASS", "县招商局2022"), ("ZS_WRONG", "不对的密码1")];
    let (code, out, err) = zhaoshang_env(
        &db,
        &env,
        &["passphrase", "--new-passphrase-env", "ZS_PASS"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("台账已加密"), "{out}");
    assert!(!std::fs::read(&db)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));

    // Without or with a wrong passphrase: exit code 2 (input), a clear message.
    let (code, _, err) = zhaoshang(&db, &["report"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("已加密"), "{err}");
    let (code, _, err) = zhaoshang_env(&db, &env, &["--passphrase-env", "ZS_WRONG", "report"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("密码不正确"), "{err}");
    let (code, _, err) = zhaoshang_env(&db, &env, &["--passphrase-env", "ZS_UNSET", "report"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ZS_UNSET"), "{err}");

    let (code, out, err) = zhaoshang_env(&db, &env, &["--passphrase-env", "ZS_PASS", "report"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("签约"), "{out}");
    let (code, out, err) = zhaoshang_env(&db, &env, &["--passphrase-env", "ZS_PASS", "backup"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = zhaoshang(&db, &["backup", "--list"]);
    assert_eq!(code, 0);
    assert!(out.contains("已加密"), "{out}");
    let (code, _, err) = zhaoshang(&db, &["restore", "--latest"]);
    assert_ne!(
        code, 0,
        "an encrypted backup is not restored without the passphrase"
    );
    assert!(err.contains("可用的备份"), "{err}");
    let (code, out, err) = zhaoshang_env(
        &db,
        &env,
        &["--passphrase-env", "ZS_PASS", "restore", "--latest"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(project_count(&out) > 100, "{out}");
    let (code, _, err) = zhaoshang_env(&db, &env, &["--passphrase-env", "ZS_PASS", "report"]);
    assert_eq!(code, 0, "{err}");
}
