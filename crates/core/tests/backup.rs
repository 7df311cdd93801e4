//! Backups, restore, corruption detection and schema upgrades, on real files.

use std::path::{Path, PathBuf};

use crate::common::*;
use chrono::{DateTime, TimeZone, Utc};
use zhaoshang_core::storage::backup::{self, RetentionPolicy};
use zhaoshang_core::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn project_names(ledger: &Ledger) -> Vec<String> {
    let mut names: Vec<String> = ledger
        .list_projects(&ProjectFilter {
            limit: 10_000,
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

/// A ledger with `n` projects (some with a stage history), closed so the file is complete.
fn ledger_with_projects(n: usize) -> (Fixture, PathBuf) {
    let mut f = fixture();
    for i in 0..n {
        let p = f.project(&format!("项目{i:03}"), "130281", YI, d(2022, 1, 1));
        if i % 3 == 0 {
            f.stage(&p.id, Stage::Negotiating, d(2022, 2, 1)).unwrap();
        }
    }
    let path = f.ledger.path().to_path_buf();
    (f, path)
}

#[test]
fn a_backup_is_verified_named_by_time_and_restores_the_ledger() {
    let (mut f, path) = ledger_with_projects(5);
    let out = f.ledger.backup_now(&[], at(2022, 6, 30, 8)).unwrap();
    assert_eq!(out.made.len(), 1);
    let b = &out.made[0];
    assert_eq!(
        b.path,
        path.parent()
            .unwrap()
            .join("backups/ledger-20220630T080000Z.sqlite3")
    );
    assert_eq!(out.verified.projects, 5);
    assert_eq!(out.verified.schema_version, storage::db::SCHEMA_VERSION);
    assert!(b.size > 0 && out.failed.is_empty() && out.pruned.is_empty());
    // A single self-contained file: no -wal needed to read it.
    assert!(!sidecar(&b.path, "-wal").exists());
    assert_eq!(backup::verify(&b.path).unwrap().projects, 5);

    // Work goes on after the backup …
    f.project("备份之后的项目", "310115", YI, d(2022, 7, 1));
    assert_eq!(project_names(&f.ledger).len(), 6);
    drop(f.ledger);

    // … and restoring brings back the backed-up state, keeping the later file aside.
    let report = backup::restore(&b.path, &path, at(2022, 7, 2, 9)).unwrap();
    assert_eq!(report.verified.projects, 5);
    let aside = report.previous_kept_at.clone().unwrap();
    assert_eq!(
        aside.file_name().unwrap().to_str().unwrap(),
        "ledger.sqlite3.before-restore-20220702T090000Z"
    );
    let restored = Ledger::open(&path).unwrap();
    assert_eq!(project_names(&restored).len(), 5);
    assert!(!project_names(&restored).contains(&"备份之后的项目".to_string()));
    let kept = Ledger::open(&aside).unwrap();
    assert!(project_names(&kept).contains(&"备份之后的项目".to_string()));
    // No temporary file is left in the ledger's folder.
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_backup_of_a_ledger_open_elsewhere_holds_every_committed_write() {
    let (mut f, path) = ledger_with_projects(3);
    // The app keeps the ledger open (uncheckpointed WAL); the CLI backs the file up.
    let wal = sidecar(&path, "-wal");
    assert!(wal.exists() && std::fs::metadata(&wal).unwrap().len() > 0);
    let usb = f.dir.path().join("usb/招商台账备份");
    let out = backup::make_backup(
        &path,
        &[backup::default_dir(&path), usb.clone()],
        at(2022, 6, 30, 8),
    )
    .unwrap();
    assert_eq!(out.made.len(), 2, "{:?}", out.failed);
    assert_eq!(
        out.made[1].path,
        usb.join("ledger-20220630T080000Z.sqlite3")
    );
    for b in &out.made {
        assert_eq!(backup::verify(&b.path).unwrap().projects, 3);
    }
    f.project("又一个项目", "310115", YI, d(2022, 7, 1));

    // A second folder that cannot be written (a file stands where the folder should be) is
    // reported; the main backup still succeeds.
    let blocked = f.dir.path().join("not-a-folder");
    std::fs::write(&blocked, "x").unwrap();
    let out = f
        .ledger
        .backup_now(std::slice::from_ref(&blocked), at(2022, 6, 30, 12))
        .unwrap();
    assert_eq!(out.made.len(), 1);
    assert_eq!(out.failed.len(), 1);
    assert_eq!(out.failed[0].0, blocked);
    assert_eq!(out.verified.projects, 4);
}

#[test]
fn rotation_on_disk_keeps_daily_weekly_monthly_and_every_tagged_backup() {
    let (f, path) = ledger_with_projects(1);
    let dir = backup::default_dir(&path);
    std::fs::create_dir_all(&dir).unwrap();
    // A pre-upgrade backup long ago: never pruned.
    let tagged = dir.join(backup::file_name(at(2021, 1, 1, 0), Some("v1-before-v2")));
    std::fs::copy(
        f.ledger.backup_now(&[], at(2021, 1, 1, 0)).unwrap().made[0]
            .path
            .clone(),
        &tagged,
    )
    .unwrap();
    // Two backups a day (00:00 and 12:00 UTC) for 100 days.
    let mut now = at(2022, 3, 1, 0);
    let end = at(2022, 6, 9, 0);
    let mut made = 0;
    while now < end {
        let out = f.ledger.backup_now(&[], now).unwrap();
        assert!(out.made[0].path.exists());
        made += 1;
        now += chrono::Duration::hours(12);
    }
    assert_eq!(made, 200);
    let left = backup::list_backups(&dir).unwrap();
    let untagged: Vec<DateTime<Utc>> = left
        .iter()
        .filter(|b| b.tag.is_none())
        .map(|b| b.taken_at)
        .collect();
    // What the pure rule keeps is what is on disk (the same office clock).
    let keep = backup::retention(
        &untagged,
        RetentionPolicy::default(),
        backup::local_offset(),
    );
    assert!(
        keep.iter().all(|k| *k),
        "nothing left that rotation would delete"
    );
    assert!(
        (7 + 4..=7 + 4 + 12).contains(&untagged.len()),
        "{} kept: {untagged:?}",
        untagged.len()
    );
    assert_eq!(untagged[0], at(2022, 6, 8, 12), "the newest is kept");
    assert!(left.iter().any(|b| b.path == tagged));
    // The 2021-01-01 untagged backup is in its own month, among the 12 newest months: kept.
    assert!(untagged.contains(&at(2021, 1, 1, 0)));
}

#[test]
fn backup_due_drives_the_automatic_backup() {
    let (f, path) = ledger_with_projects(1);
    let first = f.ledger.backup_if_due(&[], 4, at(2022, 6, 30, 8)).unwrap();
    assert!(first.is_some(), "no backup yet: due");
    assert!(f
        .ledger
        .backup_if_due(&[], 4, at(2022, 6, 30, 11))
        .unwrap()
        .is_none());
    assert!(f
        .ledger
        .backup_if_due(&[], 4, at(2022, 6, 30, 12))
        .unwrap()
        .is_some());
    assert_eq!(
        backup::list_backups(&backup::default_dir(&path))
            .unwrap()
            .len(),
        2
    );
}

/// Flips bytes in the b-tree page holding the root of the `projects` table (not the file
/// header) of a closed ledger file.
fn corrupt_projects_table(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let page_size: i64 = conn
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'projects'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    assert!(root > 1, "a page after the header page");
    assert!(
        !sidecar(path, "-wal").exists(),
        "file closed and checkpointed"
    );
    let mut bytes = std::fs::read(path).unwrap();
    let start = ((root - 1) * page_size) as usize;
    // The page header and cell pointer array: cell count, content offset, pointers.
    for b in &mut bytes[start + 1..start + 64] {
        *b ^= 0x5A;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_corrupt_ledger_is_refused_untouched_and_the_newest_good_backup_restores_it() {
    let (mut f, path) = ledger_with_projects(40);
    let dir = backup::default_dir(&path);
    f.ledger.backup_now(&[], at(2022, 6, 29, 8)).unwrap();
    f.project("第二次备份前的项目", "310115", YI, d(2022, 6, 29));
    let good = f.ledger.backup_now(&[], at(2022, 6, 30, 8)).unwrap().made[0]
        .path
        .clone();
    drop(f.ledger);

    // The laptop's disk damages the live file.
    corrupt_projects_table(&path);
    let damaged = std::fs::read(&path).unwrap();
    let err = Ledger::open(&path)
        .err()
        .expect("a corrupt ledger is refused");
    assert_eq!(err.kind(), ErrorKind::Corrupt);
    let msg = err.to_string();
    assert!(
        msg.contains("已损坏") && msg.contains("完整性检查未通过") && msg.contains("备份恢复"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), damaged, "left as it was");

    // A newer backup that is itself damaged is skipped.
    let bad_backup = dir.join("ledger-20220630T200000Z.sqlite3");
    std::fs::copy(&path, &bad_backup).unwrap();
    assert_eq!(
        backup::verify(&bad_backup).unwrap_err().kind(),
        ErrorKind::Corrupt
    );
    let e = backup::restore(&bad_backup, &path, at(2022, 7, 1, 0)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Corrupt);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        damaged,
        "a bad backup changes nothing"
    );

    let (newest, v) = backup::newest_good_backup(&dir).unwrap().unwrap();
    assert_eq!(newest.path, good);
    assert_eq!(v.projects, 41);
    let report = backup::restore_latest(&dir, &path, at(2022, 7, 1, 0)).unwrap();
    assert_eq!(report.restored_from, good);
    assert_eq!(report.verified.projects, 41);
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(project_names(&ledger).len(), 41);
    assert!(project_names(&ledger).contains(&"第二次备份前的项目".to_string()));
    // The damaged file is kept aside, byte for byte.
    assert_eq!(
        std::fs::read(report.previous_kept_at.unwrap()).unwrap(),
        damaged
    );
}

#[test]
fn restore_refuses_a_ledger_in_use_and_files_that_are_not_ledgers() {
    let (mut f, path) = ledger_with_projects(2);
    let b = f.ledger.backup_now(&[], at(2022, 6, 30, 8)).unwrap().made[0]
        .path
        .clone();
    f.project("新项目", "310115", YI, d(2022, 7, 1));
    // The ledger is still open (the desktop app is running).
    let e = backup::restore(&b, &path, at(2022, 7, 1, 0)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(e.to_string().contains("正被其他程序"), "{e}");
    assert_eq!(project_names(&f.ledger).len(), 3, "nothing replaced");
    f.project("再一个项目", "310115", YI, d(2022, 7, 2));
    drop(f.ledger);
    assert_eq!(project_names(&Ledger::open(&path).unwrap()).len(), 4);

    // Not a ledger: refused, nothing touched.
    let text = f.dir.path().join("notes.sqlite3");
    std::fs::write(&text, "这不是数据库".repeat(500)).unwrap();
    let before = std::fs::read(&path).unwrap();
    assert_eq!(
        backup::restore(&text, &path, at(2022, 7, 3, 0))
            .unwrap_err()
            .kind(),
        ErrorKind::Corrupt
    );
    let other = f.dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let e = backup::restore(&other, &path, at(2022, 7, 3, 0)).unwrap_err();
    assert!(e.to_string().contains("不是招商台账数据库"), "{e}");
    assert_eq!(
        backup::restore(
            &f.dir.path().join("missing.sqlite3"),
            &path,
            at(2022, 7, 3, 0)
        )
        .unwrap_err()
        .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// Windows only: another program (Excel's "open", an antivirus scan, a copy in Explorer) holds
/// the ledger file open without sharing it. A restore must say so and change nothing: not the
/// ledger, and no half-restored file left beside it.
#[cfg(windows)]
#[test]
fn restore_refuses_a_ledger_another_program_holds_open_on_windows() {
    use std::os::windows::fs::OpenOptionsExt;
    let (mut f, path) = ledger_with_projects(2);
    let b = f.ledger.backup_now(&[], at(2022, 6, 30, 8)).unwrap().made[0]
        .path
        .clone();
    f.project("备份之后的项目", "310115", YI, d(2022, 7, 1));
    drop(f.ledger);
    let before = std::fs::read(&path).unwrap();
    const FILE_SHARE_READ: u32 = 1;
    let holder = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ)
        .open(&path)
        .unwrap();
    let e = backup::restore(&b, &path, at(2022, 7, 1, 0)).unwrap_err();
    assert!(e.to_string().contains("其他程序"), "{e}");
    drop(holder);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the ledger is unchanged"
    );
    let left: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial") || n.contains("restore"))
        .collect();
    assert!(left.is_empty(), "nothing half-restored is left: {left:?}");
    assert_eq!(project_names(&Ledger::open(&path).unwrap()).len(), 3);
}

#[test]
fn restore_onto_a_new_laptop_creates_the_ledger() {
    let (f, path) = ledger_with_projects(3);
    let usb = f.dir.path().join("usb");
    let out = f
        .ledger
        .backup_now(std::slice::from_ref(&usb), at(2022, 6, 30, 8))
        .unwrap();
    let on_usb = out.made[1].path.clone();
    drop(f.ledger);
    let new_laptop = tempfile::tempdir().unwrap();
    let target = new_laptop.path().join("cn.zhaoshang.app/ledger.sqlite3");
    let report = backup::restore(&on_usb, &target, at(2022, 7, 1, 0)).unwrap();
    assert!(report.previous_kept_at.is_none());
    assert_eq!(project_names(&Ledger::open(&target).unwrap()).len(), 3);
    assert_eq!(project_names(&Ledger::open(&path).unwrap()).len(), 3);
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("schema-v") && n.ends_with(".sqlite3")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_schema_fixture_opens_with_its_data() {
    let files = fixtures();
    // One fixture per released schema, with no gaps: v1, v2, … (a new release adds the next).
    let versions: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let expected: Vec<String> = (1..=versions.len())
        .map(|v| format!("schema-v{v}.sqlite3"))
        .collect();
    assert!(versions.len() >= 2, "{versions:?}");
    assert_eq!(versions, expected, "a schema fixture is missing");
    for fixture in files {
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        let version: i64 = name["schema-v".len()..name.len() - ".sqlite3".len()]
            .parse()
            .unwrap();
        assert!(
            version <= storage::db::SCHEMA_VERSION,
            "{name} is from the future"
        );
        let original = std::fs::read(&fixture).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        std::fs::write(&path, &original).unwrap();

        let ledger = Ledger::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let conn = ledger.connection();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, storage::db::SCHEMA_VERSION, "{name} upgraded");
        let upgrade_backups = backup::list_backups(&backup::default_dir(&path)).unwrap();
        if version < storage::db::SCHEMA_VERSION {
            assert_eq!(upgrade_backups.len(), 1, "{name}: backup before upgrading");
            assert_eq!(
                backup::verify(&upgrade_backups[0].path)
                    .unwrap()
                    .schema_version,
                version
            );
        } else {
            assert!(upgrade_backups.is_empty(), "{name}: nothing to upgrade");
        }
        assert_eq!(
            ledger.office_name().unwrap().as_deref(),
            Some("夹具县投资促进中心")
        );
        assert_eq!(
            project_names(&ledger),
            ["夹具·冷链物流园", "夹具·年产10万吨精密铸件"],
            "{name}"
        );
        let page = ledger
            .list_projects(&ProjectFilter {
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        let cast = page
            .rows
            .iter()
            .find(|p| p.name == "夹具·年产10万吨精密铸件")
            .unwrap();
        let p = ledger.project(&cast.id).unwrap();
        assert_eq!(p.stage, Stage::Signed);
        assert_eq!(p.total_investment, 5 * YI);
        assert_eq!(p.signed_on, Some(d(2022, 4, 20)));
        assert_eq!(p.company_name.as_deref(), Some("遵化夹具精密铸造有限公司"));
        let history: Vec<Stage> = ledger
            .stage_history(&p.id)
            .unwrap()
            .into_iter()
            .map(|c| c.to_stage)
            .collect();
        assert_eq!(history, [Stage::Lead, Stage::Negotiating, Stage::Signed]);
        let acts = ledger.project_activities(&p.id).unwrap();
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].kind, ActivityKind::OutboundTrip);
        let bin = ledger.recycle_bin(10).unwrap();
        assert_eq!(bin.len(), 1, "{name}: the deleted project is in the 回收站");
        // The search index of the upgraded file: by name, by pinyin and by initials.
        for q in ["精密铸件", "jingmizhujian", "jmzj"] {
            let hits = ledger.search(q, 10).unwrap();
            assert!(
                hits.iter().any(|h| h.name == "夹具·年产10万吨精密铸件"),
                "{name}: {q} → {hits:?}"
            );
        }
        ledger
            .connection()
            .execute_batch("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
            .unwrap_or_else(|e| panic!("{name}: search index: {e}"));
        let jjj = ledger
            .region_groups()
            .unwrap()
            .into_iter()
            .find(|g| g.name == "京津冀")
            .unwrap();
        let report = ledger
            .report(&ReportQuery {
                period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
                scope: Scope {
                    region_group_ids: vec![jjj.id],
                    ..Default::default()
                },
            })
            .unwrap();
        assert_eq!(
            (
                report.metrics.trips,
                report.metrics.contacted,
                report.metrics.signed
            ),
            (1, 1, 1),
            "{name}"
        );
        drop(ledger);
        assert_eq!(
            std::fs::read(&fixture).unwrap(),
            original,
            "the fixture itself is never opened for writing"
        );
    }
}

const NEXT_MIGRATION: &str = "CREATE TABLE future_notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);
     ALTER TABLE projects ADD COLUMN future_flag INTEGER NOT NULL DEFAULT 0;";

/// This build's migrations plus one more: the next release, played on today's files.
fn with_next(extra: &'static str) -> Vec<&'static str> {
    let mut m = storage::db::MIGRATIONS.to_vec();
    m.push(extra);
    m
}

#[test]
fn upgrading_an_older_schema_makes_a_pinned_backup_first() {
    let (f, path) = ledger_with_projects(4);
    drop(f.ledger);
    let now = storage::db::SCHEMA_VERSION;
    let migrations = with_next(NEXT_MIGRATION);
    let conn = storage::db::open_with_migrations(&path, &migrations).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, now + 1);
    let flags: i64 = conn
        .query_row("SELECT COUNT(future_flag) FROM projects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(flags, 4);
    drop(conn);

    let backups = backup::list_backups(&backup::default_dir(&path)).unwrap();
    assert_eq!(backups.len(), 1);
    let b = &backups[0];
    assert_eq!(b.tag, Some(format!("v{now}-before-v{}", now + 1)));
    let v = backup::verify(&b.path).unwrap();
    assert_eq!((v.schema_version, v.projects), (now, 4));
    // Opening it again does not back up again; rotation never prunes it.
    storage::db::open_with_migrations(&path, &migrations).unwrap();
    backup::prune(
        &backup::default_dir(&path),
        RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 0,
        },
        backup::local_offset(),
    )
    .unwrap();
    assert_eq!(
        backup::list_backups(&backup::default_dir(&path))
            .unwrap()
            .len(),
        1
    );
    // This build refuses the upgraded file, untouched.
    let upgraded = std::fs::read(&path).unwrap();
    let e = Ledger::open(&path).err().unwrap();
    assert!(e.to_string().contains("请升级软件"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), upgraded);
    // The pinned backup restores the file this build can open.
    let report = backup::restore(&b.path, &path, Utc::now()).unwrap();
    assert_eq!(report.verified.schema_version, now);
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(project_names(&ledger).len(), 4);
}

#[test]
fn a_failing_upgrade_leaves_the_file_as_it_was_with_its_backup() {
    let (f, path) = ledger_with_projects(2);
    drop(f.ledger);
    let migrations = with_next("CREATE TABLE ok_part(x); INSERT INTO no_such_table VALUES (1);");
    let e = storage::db::open_with_migrations(&path, &migrations).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Internal, "{e}");
    let ledger = Ledger::open(&path).unwrap();
    let v: i64 = ledger
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, storage::db::SCHEMA_VERSION);
    let half: i64 = ledger
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ok_part'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(half, 0, "no half-applied migration");
    assert_eq!(project_names(&ledger).len(), 2);
    assert_eq!(
        backup::list_backups(&backup::default_dir(&path))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn programs_opening_a_new_or_old_ledger_at_once_upgrade_it_once() {
    // The app and the CLI start together on a new file (or an older schema): one upgrades it,
    // the other waits for the lock and finds the work done.
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        if round > 0 {
            // An older-schema file: this build's schema with the next migration pending.
            drop(Ledger::open(&path).unwrap());
        }
        let migrations = with_next(NEXT_MIGRATION);
        let migrations: &'static [&'static str] = Box::leak(migrations.into_boxed_slice());
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    storage::db::open_with_migrations(&path, migrations).map(|_| ())
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let conn = storage::db::open_with_migrations(&path, migrations).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, storage::db::SCHEMA_VERSION + 1);
        let teams: i64 = conn
            .query_row("SELECT COUNT(*) FROM industries", [], |r| r.get(0))
            .unwrap();
        assert_eq!(teams, 12, "reference data seeded once");
    }
}

#[test]
fn files_kept_aside_by_restores_go_after_30_days_but_the_newest_stays() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite3");
    let aside = |stamp: &str| {
        dir.path()
            .join(format!("ledger.sqlite3.before-restore-{stamp}"))
    };
    for stamp in ["20220101T080000Z", "20220501T080000Z", "20220620T080000Z"] {
        std::fs::write(aside(stamp), b"old ledger").unwrap();
    }
    std::fs::write(sidecar(&aside("20220101T080000Z"), "-wal"), b"wal").unwrap();
    std::fs::write(
        dir.path().join("ledger.sqlite3.before-restore-notes.txt"),
        b"x",
    )
    .unwrap();
    let gone = backup::prune_kept_aside(&ledger, at(2022, 6, 30, 8)).unwrap();
    assert_eq!(gone.len(), 2, "{gone:?}");
    assert!(!aside("20220101T080000Z").exists());
    assert!(!sidecar(&aside("20220101T080000Z"), "-wal").exists());
    assert!(!aside("20220501T080000Z").exists());
    assert!(aside("20220620T080000Z").exists(), "within 30 days");
    // Much later, the newest one still stays: it may be the only copy of the old data.
    assert!(backup::prune_kept_aside(&ledger, at(2023, 6, 30, 8))
        .unwrap()
        .is_empty());
    assert!(aside("20220620T080000Z").exists());
    assert!(dir
        .path()
        .join("ledger.sqlite3.before-restore-notes.txt")
        .exists());
}
