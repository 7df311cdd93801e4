//! This laptop's backup and lock settings (`security.json`), the backup folders they name, the
//! automatic backup schedule, 立即备份, deleting plaintext backups and the newest good backup
//! across folders: what the app's 设置 → 安全与备份 and the recovery screen run, on real files.

use std::path::PathBuf;

use crate::common::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use zhaoshang_core::storage::backup;
use zhaoshang_core::storage::backup_folders::{self, BackupEntry};
use zhaoshang_core::storage::backup_schedule::{self, BackupSchedule};
use zhaoshang_core::storage::security::{self, SecuritySettings};
use zhaoshang_core::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn settings(every: u32, lock: u32, dir: Option<&str>) -> SecuritySettings {
    SecuritySettings {
        extra_backup_dir: dir.map(str::to_string),
        backup_every_hours: every,
        auto_lock_minutes: lock,
    }
}

fn abs(p: &std::path::Path) -> String {
    p.display().to_string()
}

#[test]
fn settings_default_save_whole_and_read_back_beside_the_ledger() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    // Nothing saved yet: 4 hours, 15 minutes, no second folder.
    assert_eq!(security::load_settings(&path), SecuritySettings::default());
    assert_eq!(SecuritySettings::default(), settings(4, 15, None));

    let usb = f.dir.path().join("U盘");
    let saved = security::save_settings(&path, settings(8, 0, Some(&abs(&usb)))).unwrap();
    assert_eq!(saved, settings(8, 0, Some(&abs(&usb))));
    assert_eq!(
        security::settings_path(&path),
        f.dir.path().join("security.json")
    );
    assert_eq!(security::load_settings(&path), saved);
    assert!(!f.dir.path().join("security.json.partial").exists());

    // A file that is not settings reads as the defaults; missing fields take theirs.
    std::fs::write(security::settings_path(&path), b"{ broken").unwrap();
    assert_eq!(security::load_settings(&path), SecuritySettings::default());
    std::fs::write(
        security::settings_path(&path),
        br#"{"auto_lock_minutes": 5}"#,
    )
    .unwrap();
    assert_eq!(security::load_settings(&path), settings(4, 5, None));
}

#[test]
fn settings_out_of_range_are_refused_on_their_field_and_not_saved() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    let refused = |s: SecuritySettings| {
        let e = security::save_settings(&path, s).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        (e.field().unwrap(), e.to_string())
    };
    for every in [0, 169] {
        assert_eq!(
            refused(settings(every, 15, None)),
            (
                "backup_every_hours",
                "备份间隔应在 1 到 168 小时之间。".into()
            )
        );
    }
    assert_eq!(
        refused(settings(4, 1441, None)),
        (
            "auto_lock_minutes",
            "自动锁定时间应在 0（不锁定）到 1440 分钟之间。".into()
        )
    );
    assert_eq!(
        refused(settings(4, 15, Some("招商台账备份"))).0,
        "extra_backup_dir"
    );
    assert!(!security::settings_path(&path).exists(), "nothing saved");
    // The edges are allowed; a blank second folder is no second folder.
    security::save_settings(&path, settings(1, 0, Some("  "))).unwrap();
    security::save_settings(&path, settings(168, 1440, None)).unwrap();
}

#[test]
fn backups_go_beside_the_ledger_and_to_the_second_folder() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    let usb = f.dir.path().join("usb");
    assert_eq!(
        settings(4, 15, None).backup_dirs(&path),
        vec![backup::default_dir(&path)]
    );
    let padded = format!("  {}  ", abs(&usb));
    assert_eq!(
        settings(4, 15, Some(&padded)).backup_dirs(&path),
        vec![backup::default_dir(&path), usb.clone()]
    );

    security::save_settings(&path, settings(4, 15, Some(&abs(&usb)))).unwrap();
    let made = backup_schedule::backup_now(&path, || None, at(2022, 6, 1, 8)).unwrap();
    assert_eq!(made.path.parent().unwrap(), backup::default_dir(&path));
    assert_eq!(backup::list_backups(&usb).unwrap().len(), 1);

    let status = security::status(&path, true).unwrap();
    assert!(!status.encrypted && status.unlocked);
    assert_eq!(status.backups.len(), 2);
    assert_eq!(status.plaintext_backups, 2);
    let folders: Vec<&str> = status.backups.iter().map(|b| b.folder.as_str()).collect();
    assert!(folders.contains(&abs(&usb).as_str()), "{folders:?}");
    assert_eq!(status.backups[0].taken_at, "2022-06-01T08:00:00+00:00");
}

#[test]
fn a_second_folder_that_cannot_be_written_keeps_the_first_backup_and_says_so() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    // A file where the folder should be: nothing can be written "into" it.
    let blocked = f.dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    security::save_settings(&path, settings(4, 15, Some(&abs(&blocked)))).unwrap();
    let e = backup_schedule::backup_now(&path, || None, at(2022, 6, 1, 8)).unwrap_err();
    assert_eq!(e.field(), Some("extra_backup_dir"));
    assert!(e.to_string().starts_with("已备份到 "), "{e}");
    assert!(e.to_string().contains("但未能备份到"), "{e}");
    assert_eq!(
        backup::list_backups(&backup::default_dir(&path))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_schedule_backs_up_at_start_then_when_the_newest_is_old_enough() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    security::save_settings(&path, settings(4, 15, None)).unwrap();
    let start = at(2022, 6, 1, 8);
    let count = || {
        backup::list_backups(&backup::default_dir(&path))
            .unwrap()
            .len()
    };

    let mut schedule = BackupSchedule::new();
    assert!(schedule
        .run_if_due(&path, || None, start)
        .unwrap()
        .is_some());
    assert_eq!(count(), 1);
    // Not due again within the 4 hours…
    let soon = start + Duration::hours(3);
    assert!(schedule.run_if_due(&path, || None, soon).unwrap().is_none());
    // …then due.
    let later = start + Duration::hours(4);
    assert!(schedule
        .run_if_due(&path, || None, later)
        .unwrap()
        .is_some());
    assert_eq!(count(), 2);

    // Another start of the program backs up at once, whatever the age of the newest.
    let mut restarted = BackupSchedule::new();
    let moment = later + Duration::minutes(5);
    assert!(restarted
        .run_if_due(&path, || None, moment)
        .unwrap()
        .is_some());
    assert_eq!(count(), 3);
}

#[test]
fn plaintext_backups_go_only_after_an_encrypted_one_is_made() {
    let mut f = fixture();
    let path = f.ledger.path().to_path_buf();
    backup_schedule::backup_now(&path, || None, at(2022, 6, 1, 8)).unwrap();
    // A plaintext ledger: refused, nothing deleted.
    let e = backup_schedule::delete_plaintext_backups(&path, None, at(2022, 6, 1, 9)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(
        e.to_string(),
        "台账没有加密：请先设置密码，再删除未加密的备份。"
    );

    f.ledger
        .set_passphrase(None, Some("正确的口令123"))
        .unwrap();
    let pass = Some("正确的口令123".to_string());
    let deleted =
        backup_schedule::delete_plaintext_backups(&path, pass, at(2022, 6, 2, 8)).unwrap();
    assert!(deleted >= 1, "{deleted}");
    let status = security::status(&path, true).unwrap();
    assert!(status.encrypted);
    assert_eq!(status.plaintext_backups, 0);
    assert!(!status.backups.is_empty());
    assert!(status.backups.iter().all(|b| b.encrypted));
}

#[test]
fn the_newest_good_backup_is_searched_in_every_folder() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    let usb = f.dir.path().join("usb");
    let home = backup::default_dir(&path);
    backup::make_backup_with(&path, None, std::slice::from_ref(&home), at(2022, 6, 1, 8)).unwrap();
    let newer =
        backup::make_backup_with(&path, None, std::slice::from_ref(&usb), at(2022, 6, 2, 8))
            .unwrap();
    let dirs = vec![home.clone(), usb.clone()];
    let found = backup_folders::newest_good_backup(&dirs, None);
    assert!(found.unreadable.is_empty());
    assert_eq!(found.backup.as_ref().unwrap().path, newer.made[0].path);

    // The newest one damaged: the next good one, in the other folder.
    std::fs::write(&newer.made[0].path, b"not a ledger").unwrap();
    let found = backup_folders::newest_good_backup(&dirs, None)
        .required(&dirs)
        .unwrap();
    assert_eq!(found.path.parent().unwrap(), home);

    // What the recovery screen offers: the same search in the folders of the settings.
    security::save_settings(&path, settings(4, 15, Some(&abs(&usb)))).unwrap();
    let offer: BackupEntry = security::newest_good_backup(&path, None).unwrap();
    assert_eq!(offer.folder, abs(&home));

    // None at all: the command line's error names the folders.
    let empty = vec![f.dir.path().join("empty")];
    let e = backup_folders::newest_good_backup(&empty, None)
        .required(&empty)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.to_string().contains("empty"), "{e}");
}

#[test]
fn a_folder_that_cannot_be_searched_is_passed_over_or_is_the_error() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    let home = backup::default_dir(&path);
    let good =
        backup::make_backup_with(&path, None, std::slice::from_ref(&home), at(2022, 6, 1, 8))
            .unwrap();
    // A file where a folder should be cannot be listed.
    let blocked: PathBuf = f.dir.path().join("blocked");
    std::fs::write(&blocked, b"x").unwrap();
    let dirs = vec![blocked.clone(), home];
    let found = backup_folders::newest_good_backup(&dirs, None);
    if found.unreadable.is_empty() {
        // This platform lists a file as an empty folder: nothing to compare.
        return;
    }
    assert_eq!(found.unreadable[0].0, blocked);
    // The app passes it over…
    assert_eq!(found.backup.as_ref().unwrap().path, good.made[0].path);
    // …the command line stops at it.
    assert!(found.required(&dirs).is_err());
}
