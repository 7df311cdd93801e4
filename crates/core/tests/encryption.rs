//! Encryption at rest (SQLCipher), on real files: the file and its WAL hold no readable data,
//! a wrong passphrase is refused with a clear message and leaves the file byte-identical, the
//! passphrase can be set, changed and removed, and backups are encrypted and restorable.

use std::path::{Path, PathBuf};

use crate::common::*;
use chrono::{TimeZone, Utc};
use zhaoshang_core::storage::backup;
use zhaoshang_core::*;

const SECRET: &str = "县招商局2022";
/// A project name that must never appear in the bytes of an encrypted file.
const MARKER: &str = "绝密钢铁冶金扩建项目";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Neither the SQLite header nor the marker (UTF-8) nor a table name is in the file's bytes.
fn assert_unreadable(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(!bytes.is_empty(), "{} is empty", path.display());
    assert!(
        !bytes.starts_with(b"SQLite format 3\0"),
        "{} has a plaintext header",
        path.display()
    );
    assert!(
        !contains(&bytes, MARKER.as_bytes()),
        "{} holds a project name in plaintext",
        path.display()
    );
    assert!(
        !contains(&bytes, b"CREATE TABLE"),
        "{} holds its schema in plaintext",
        path.display()
    );
}

fn names(ledger: &Ledger) -> Vec<String> {
    let mut v: Vec<String> = ledger
        .list_projects(&ProjectFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|p| p.name)
        .collect();
    v.sort();
    v
}

/// A plaintext ledger with the marker project and two others.
fn plaintext_ledger() -> (Fixture, PathBuf) {
    let mut f = fixture();
    f.project(MARKER, "130281", 100_000_000, d(2022, 3, 1));
    f.project("新能源电池项目", "320100", 50_000_000, d(2022, 4, 1));
    f.project("物流园项目", "110105", 20_000_000, d(2022, 5, 1));
    let path = f.ledger.path().to_path_buf();
    (f, path)
}

#[test]
fn a_plaintext_file_shows_the_marker_so_the_check_below_can_fail() {
    let (f, path) = plaintext_ledger();
    drop(f.ledger);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    assert!(contains(&bytes, MARKER.as_bytes()));
    assert!(!storage::db::is_encrypted(&path).unwrap());
    drop(f.dir);
}

#[test]
fn encrypting_a_ledger_leaves_no_readable_header_or_data_in_the_file_or_its_wal() {
    let (mut f, path) = plaintext_ledger();
    let before = names(&f.ledger);
    f.ledger.set_passphrase(None, Some(SECRET)).unwrap();
    assert!(f.ledger.is_encrypted());
    assert!(storage::db::is_encrypted(&path).unwrap());
    assert_eq!(names(&f.ledger), before);
    // New writes go to the WAL: it must be encrypted too.
    f.project(&format!("{MARKER}二期"), "130281", 1, d(2022, 6, 1));
    let wal = sidecar(&path, "-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "WAL has frames");
    assert_unreadable(&wal);
    f.ledger
        .connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    assert_unreadable(&path);
    // No plaintext copy is left beside it.
    let leftovers: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("reencrypt"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    drop(f.ledger);
    assert_unreadable(&path);
    // Reopens with the passphrase, data intact.
    let l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert_eq!(names(&l).len(), 4);
}

#[test]
fn a_wrong_or_missing_passphrase_is_refused_clearly_and_leaves_the_file_byte_identical() {
    let (mut f, path) = plaintext_ledger();
    f.ledger.set_passphrase(None, Some(SECRET)).unwrap();
    // Leave a WAL with frames behind, as after a crash, so both files are checked.
    f.project("未检查点的项目", "130281", 1, d(2022, 6, 1));
    let wal = sidecar(&path, "-wal");
    let main_before = std::fs::read(&path).unwrap();
    let wal_before = std::fs::read(&wal).unwrap();
    assert!(!wal_before.is_empty());
    for attempt in [Some("县招商局2021"), Some(""), None] {
        let e = match Ledger::open_with_passphrase(&path, attempt) {
            Err(e) => e,
            Ok(_) => panic!("opened with {attempt:?}"),
        };
        assert_eq!(e.kind(), ErrorKind::Validation, "{attempt:?}: {e}");
        assert_eq!(e.field(), Some(storage::db::PASSPHRASE_FIELD));
        let msg = e.to_string();
        match attempt {
            Some(p) if !p.is_empty() => assert!(msg.contains("密码不正确"), "{msg}"),
            _ => assert!(msg.contains("已加密"), "{msg}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), main_before, "{attempt:?}");
        assert_eq!(std::fs::read(&wal).unwrap(), wal_before, "{attempt:?}");
    }
    // The plain `open` (CLI without --passphrase-env) is refused the same way.
    let e = Ledger::open(&path).err().expect("refused");
    assert_eq!(e.field(), Some(storage::db::PASSPHRASE_FIELD));
    assert_eq!(std::fs::read(&path).unwrap(), main_before);
    // The right one still opens and sees every write.
    drop(f.ledger);
    let l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert_eq!(names(&l).len(), 4);
}

#[test]
fn changing_the_passphrase_rekeys_and_removing_it_decrypts() {
    let (mut f, path) = plaintext_ledger();
    let before = names(&f.ledger);
    f.ledger.set_passphrase(None, Some(SECRET)).unwrap();
    // Changing needs the current passphrase.
    let e = f
        .ledger
        .set_passphrase(Some("不对的密码"), Some("新密码abc123"))
        .unwrap_err();
    assert_eq!(e.field(), Some("current_passphrase"));
    // Too short a new passphrase is refused before anything happens.
    let e = f
        .ledger
        .set_passphrase(Some(SECRET), Some("abc"))
        .unwrap_err();
    assert_eq!(e.field(), Some(storage::db::PASSPHRASE_FIELD));
    assert!(e.to_string().contains("至少"), "{e}");
    f.ledger
        .set_passphrase(Some(SECRET), Some("新密码abc123"))
        .unwrap();
    f.project("改密码后的项目", "130281", 1, d(2022, 7, 1));
    drop(f.ledger);
    assert_unreadable(&path);
    let e = Ledger::open_with_passphrase(&path, Some(SECRET))
        .err()
        .unwrap();
    assert!(e.to_string().contains("密码不正确"), "{e}");
    let mut l = Ledger::open_with_passphrase(&path, Some("新密码abc123")).unwrap();
    let mut expected = before.clone();
    expected.push("改密码后的项目".into());
    expected.sort();
    assert_eq!(names(&l), expected);
    // Remove encryption: a plaintext SQLite file again, opened without a passphrase.
    l.set_passphrase(Some("新密码abc123"), None).unwrap();
    assert!(!l.is_encrypted());
    drop(l);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    let l = Ledger::open(&path).unwrap();
    assert_eq!(names(&l), expected);
    // The search index (FTS5, exported with the rest) still answers.
    assert!(!l.search_companies("新能源", 10).unwrap().is_empty());
    drop(f.dir);
}

#[test]
fn backups_of_an_encrypted_ledger_are_encrypted_and_restore_only_with_the_passphrase() {
    let (mut f, path) = plaintext_ledger();
    let before = names(&f.ledger);
    f.ledger.set_passphrase(None, Some(SECRET)).unwrap();
    let usb = f.dir.path().join("usb");
    let taken = Utc.with_ymd_and_hms(2022, 6, 30, 8, 0, 0).unwrap();
    let out = f
        .ledger
        .backup_now(std::slice::from_ref(&usb), taken)
        .unwrap();
    assert_eq!(out.made.len(), 2, "{:?}", out.failed);
    for b in &out.made {
        assert!(b.encrypted);
        assert_unreadable(&b.path);
    }
    let b = out.made[0].path.clone();
    // Verification needs the passphrase.
    let e = backup::verify(&b).unwrap_err();
    assert_eq!(e.field(), Some(storage::db::PASSPHRASE_FIELD));
    let e = backup::verify_with(&b, Some("别的密码123")).unwrap_err();
    assert!(e.to_string().contains("修改密码之前"), "{e}");
    assert_eq!(backup::verify_with(&b, Some(SECRET)).unwrap().projects, 3);
    // Lose data, then restore: refused without the passphrase (ledger untouched)…
    f.ledger
        .delete_project(
            &f.ledger
                .list_projects(&ProjectFilter {
                    limit: 1,
                    ..Default::default()
                })
                .unwrap()
                .rows[0]
                .id
                .clone(),
        )
        .unwrap();
    drop(f.ledger);
    let live_before = std::fs::read(&path).unwrap();
    let e = backup::restore(&b, &path, taken).unwrap_err();
    assert_eq!(e.field(), Some(storage::db::PASSPHRASE_FIELD));
    assert_eq!(std::fs::read(&path).unwrap(), live_before);
    // …and with it the ledger comes back, still encrypted, the old file kept aside.
    let report = backup::restore_with(&b, &path, taken, Some(SECRET)).unwrap();
    assert_eq!(report.verified.projects, 3);
    assert!(report.previous_kept_at.as_ref().unwrap().exists());
    assert_unreadable(&path);
    let l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert_eq!(names(&l), before);
    // The newest good backup is found among encrypted ones with the passphrase only.
    let dir = backup::default_dir(&path);
    assert!(backup::newest_good_backup(&dir).unwrap().is_none());
    assert!(backup::newest_good_backup_with(&dir, Some(SECRET))
        .unwrap()
        .is_some());
}

#[test]
fn a_plaintext_backup_restored_with_a_passphrase_becomes_an_encrypted_ledger() {
    let (mut f, path) = plaintext_ledger();
    let taken = Utc.with_ymd_and_hms(2022, 6, 30, 8, 0, 0).unwrap();
    let b = f.ledger.backup_now(&[], taken).unwrap().made[0]
        .path
        .clone();
    assert!(!storage::db::is_encrypted(&b).unwrap());
    f.ledger.set_passphrase(None, Some(SECRET)).unwrap();
    let before = names(&f.ledger);
    drop(f.ledger);
    backup::restore_with(&b, &path, taken, Some(SECRET)).unwrap();
    assert_unreadable(&path);
    let l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert_eq!(names(&l), before);
    assert_eq!(
        storage::encryption::plaintext_backups(&backup::default_dir(&path))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_new_ledger_created_with_a_passphrase_is_encrypted_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let mut l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert!(l.is_encrypted());
    l.create_team(MARKER).unwrap();
    drop(l);
    assert_unreadable(&path);
    let l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert!(l.teams().unwrap().iter().any(|t| t.name == MARKER));
}

#[test]
fn a_damaged_encrypted_ledger_is_reported_as_damaged_and_restores_from_its_backup() {
    // Flip bytes inside every third page after the first (page 1 holds the salt).
    damaged_encrypted_ledger(
        |bytes| {
            let page = 4096;
            let mut at = 2 * page;
            while at + page <= bytes.len() {
                for b in &mut bytes[at + 100..at + 164] {
                    *b ^= 0x5A;
                }
                at += 3 * page;
            }
        },
        |_| {},
    );
}

/// An encrypted ledger with a backup, damaged by `damage`: opening it with the passphrase is
/// refused as damage and leaves the file as it is (`also` checks more on the damaged file), and
/// the newest good backup restores every project.
fn damaged_encrypted_ledger(damage: impl FnOnce(&mut Vec<u8>), also: impl FnOnce(&Path)) {
    let (mut f, path) = plaintext_ledger();
    f.ledger.set_passphrase(None, Some(SECRET)).unwrap();
    let taken = Utc.with_ymd_and_hms(2022, 6, 30, 8, 0, 0).unwrap();
    f.ledger.backup_now(&[], taken).unwrap();
    let before = names(&f.ledger);
    drop(f.ledger);
    let mut bytes = std::fs::read(&path).unwrap();
    damage(&mut bytes);
    std::fs::write(&path, &bytes).unwrap();
    let e = Ledger::open_with_passphrase(&path, Some(SECRET))
        .err()
        .expect("damage found");
    assert_eq!(e.kind(), ErrorKind::Corrupt, "{e}");
    also(&path);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file untouched");
    let (good, _) = backup::newest_good_backup_with(&backup::default_dir(&path), Some(SECRET))
        .unwrap()
        .expect("a good backup");
    backup::restore_with(&good.path, &path, taken, Some(SECRET)).unwrap();
    let l = Ledger::open_with_passphrase(&path, Some(SECRET)).unwrap();
    assert_eq!(names(&l), before);
}

/// Page 1 fails its HMAC both with a wrong passphrase and when it is damaged; the other pages
/// tell them apart. Damage there is reported as damage (the app then offers the backup), and a
/// wrong passphrase is still a wrong passphrase.
#[test]
fn a_damaged_first_page_is_damage_not_a_wrong_passphrase() {
    damaged_encrypted_ledger(
        |bytes| {
            assert!(bytes.len() >= 3 * 4096, "several pages");
            // After the 16 bytes of salt, inside what page 1's HMAC covers.
            for b in &mut bytes[100..164] {
                *b ^= 0x5A;
            }
        },
        |path| {
            let e = Ledger::open_with_passphrase(path, Some(SECRET))
                .err()
                .expect("damage found");
            assert!(e.to_string().contains("第 1 页"), "{e}");
            let wrong = Ledger::open_with_passphrase(path, Some("另一个密码123"))
                .err()
                .expect("refused");
            assert_eq!(wrong.kind(), ErrorKind::Validation, "{wrong}");
            assert!(wrong.to_string().contains("密码不正确"), "{wrong}");
        },
    );
}

/// Child processes started by the test below.
const PARALLEL_OPEN_CHILD: &str = "ZHAOSHANG_PARALLEL_OPEN_CHILD";

/// SQLCipher adds `sqlcipher_export` to connections only after SQLite's start-up counts as done:
/// ledgers opened by several threads at once, as the very first thing a process does, must all
/// have it (one that did not failed `set_passphrase` in CI). Each run is a fresh process,
/// because start-up happens once per process.
#[test]
fn ledgers_opened_in_parallel_at_start_can_all_be_encrypted() {
    let exe = std::env::current_exe().unwrap();
    for run in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(&exe)
            .args([
                "encryption::child_opens_ledgers_in_parallel",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env(PARALLEL_OPEN_CHILD, dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("ALL 8 HAVE sqlcipher_export"),
            "run {run}: {:?}\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
#[ignore = "run by ledgers_opened_in_parallel_at_start_can_all_be_encrypted in a child process"]
fn child_opens_ledgers_in_parallel() {
    let Some(dir) = std::env::var_os(PARALLEL_OPEN_CHILD) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let start = std::sync::Arc::new(std::sync::Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (start, path) = (start.clone(), dir.join(format!("ledger{i}.sqlite3")));
            std::thread::spawn(move || {
                start.wait();
                let l = Ledger::open(&path).unwrap();
                l.connection()
                    .query_row(
                        "SELECT count(*) FROM pragma_function_list WHERE name = 'sqlcipher_export'",
                        [],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
            })
        })
        .collect();
    let have = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|&n| n > 0)
        .count();
    println!("ALL {have} HAVE sqlcipher_export");
}
