//! Which backups are kept (daily, weekly, monthly, every tagged one) and pruning the rest.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, Utc};

use crate::error::Result;
use crate::storage::backup::naming::*;
use crate::storage::backup::*;

/// Whether an automatic backup is due: none yet, the newest is `every_hours` old, or the
/// clock went back (the newest backup looks more than an hour in the future).
pub fn backup_due(last: Option<DateTime<Utc>>, now: DateTime<Utc>, every_hours: u32) -> bool {
    match last {
        None => true,
        Some(last) if last > now + chrono::Duration::hours(1) => true,
        Some(last) => now - last >= chrono::Duration::hours(i64::from(every_hours)),
    }
}

/// A day, ISO week or month as a comparable key.
pub(super) type BucketKey = fn(NaiveDate) -> (i32, u32, u32);

/// Rotation as a pure function: for each input time, whether to keep that backup. Days, weeks
/// (ISO) and months are counted in `offset` (the office's local time, UTC+8 in China). The
/// newest backup is always kept; equal times keep the first one given.
pub fn retention(
    taken: &[DateTime<Utc>],
    policy: RetentionPolicy,
    offset: FixedOffset,
) -> Vec<bool> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|&a, &b| taken[b].cmp(&taken[a]).then(a.cmp(&b)));
    let mut keep = vec![false; taken.len()];
    if let Some(&newest) = order.first() {
        keep[newest] = true;
        let since = taken[newest] - chrono::Duration::hours(i64::from(policy.recent_hours));
        for &i in &order {
            if taken[i] > since {
                keep[i] = true;
            }
        }
    }
    let local: Vec<NaiveDate> = taken
        .iter()
        .map(|t| t.with_timezone(&offset).date_naive())
        .collect();
    let buckets: [(usize, BucketKey); 3] = [
        (policy.daily, |d| (d.year(), d.month(), d.day())),
        (policy.weekly, |d| {
            (d.iso_week().year(), d.iso_week().week(), 0)
        }),
        (policy.monthly, |d| (d.year(), d.month(), 0)),
    ];
    for (count, key) in buckets {
        let mut seen = 0;
        let mut last = None;
        for &i in &order {
            if seen == count {
                break;
            }
            let k = key(local[i]);
            if last != Some(k) {
                last = Some(k);
                keep[i] = true;
                seen += 1;
            }
        }
    }
    keep
}

/// Deletes the untagged backups in `dir` that rotation does not keep (and temporary files
/// left by a crash more than an hour ago). Returns the deleted backups.
pub fn prune(dir: &Path, policy: RetentionPolicy, offset: FixedOffset) -> Result<Vec<PathBuf>> {
    let rotating: Vec<BackupInfo> = list_backups(dir)?
        .into_iter()
        .filter(|b| b.tag.is_none())
        .collect();
    let times: Vec<DateTime<Utc>> = rotating.iter().map(|b| b.taken_at).collect();
    let keep = retention(&times, policy, offset);
    let mut deleted = Vec::new();
    for (b, keep) in rotating.into_iter().zip(keep) {
        if !keep {
            std::fs::remove_file(&b.path)?;
            deleted.push(b.path);
        }
    }
    remove_stale_partials(dir);
    Ok(deleted)
}

pub(super) fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_partial = name.to_str().is_some_and(|n| n.ends_with(PARTIAL));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if is_partial && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The office's UTC offset now (for day/week/month buckets).
pub fn local_offset() -> FixedOffset {
    chrono::Local::now().offset().fix()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn kept(
        times: &[DateTime<Utc>],
        policy: RetentionPolicy,
        offset: FixedOffset,
    ) -> Vec<DateTime<Utc>> {
        let keep = retention(times, policy, offset);
        let mut out: Vec<_> = times
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(t, _)| *t)
            .collect();
        out.sort();
        out
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn china() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn names_round_trip_and_other_files_are_ignored() {
        let at = t(2022, 6, 30, 8, 15);
        assert_eq!(file_name(at, None), "ledger-20220630T081500Z.sqlite3");
        assert_eq!(
            parse_file_name("ledger-20220630T081500Z.sqlite3"),
            Some((at, None))
        );
        assert_eq!(
            parse_file_name(&file_name(at, Some("v1-before-v2"))),
            Some((at, Some("v1-before-v2".into())))
        );
        for other in [
            "ledger.sqlite3",
            "ledger-20220630T081500Z.sqlite3-wal",
            ".ledger-20220630T081500Z.sqlite3.123.partial",
            "ledger-20221330T081500Z.sqlite3",
            "ledger-20220630T081500Z-.sqlite3",
            "ledger-20220630T081500Zx.sqlite3",
            "ledger-2022.sqlite3",
            "ledger-20220630T081500Z-备份.sqlite3",
        ] {
            assert_eq!(parse_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn hourly_backups_over_a_year_thin_out_to_7_daily_4_weekly_12_monthly() {
        // Every 4 hours from 2021-01-01 to 2022-06-30 20:00 UTC.
        let mut times = Vec::new();
        let mut at = t(2021, 1, 1, 0, 0);
        while at <= t(2022, 6, 30, 20, 0) {
            times.push(at);
            at += chrono::Duration::hours(4);
        }
        let thinned = RetentionPolicy {
            recent_hours: 0,
            ..Default::default()
        };
        let keep = kept(&times, thinned, utc());
        // Daily: newest of 06-24 … 06-30; weekly: newest of ISO weeks 2022-W26 (06-30) and W25
        // (Sunday 06-26), both already daily, W24 (06-19), W23 (06-12); monthly: newest of
        // 2022-06 (daily), 05, 04, 03, 02, 01, 2021-12, 11, 10, 09, 08, 07.
        let mut expected: Vec<DateTime<Utc>> = (24..=30).map(|d| t(2022, 6, d, 20, 0)).collect();
        expected.extend([t(2022, 6, 19, 20, 0), t(2022, 6, 12, 20, 0)]);
        for (y, m, d) in [
            (2022, 5, 31),
            (2022, 4, 30),
            (2022, 3, 31),
            (2022, 2, 28),
            (2022, 1, 31),
            (2021, 12, 31),
            (2021, 11, 30),
            (2021, 10, 31),
            (2021, 9, 30),
            (2021, 8, 31),
            (2021, 7, 31),
        ] {
            expected.push(t(y, m, d, 20, 0));
        }
        expected.sort();
        assert_eq!(keep, expected);
        assert_eq!(keep.len(), 7 + 2 + 11);
        // By default the last day's backups (06-30 00:00 … 16:00) stay as well.
        assert_eq!(
            kept(&times, RetentionPolicy::default(), utc()).len(),
            7 + 2 + 11 + 5
        );
    }

    #[test]
    fn iso_weeks_cross_the_new_year_and_leap_days_count_once() {
        // 2020-12-31 (Thu) and 2021-01-03 (Sun) are both in ISO week 2020-W53.
        let times = [
            t(2020, 12, 28, 9, 0),
            t(2020, 12, 31, 9, 0),
            t(2021, 1, 3, 9, 0),
            t(2021, 1, 4, 9, 0), // 2021-W01
        ];
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 2,
            monthly: 0,
        };
        assert_eq!(
            kept(&times, policy, utc()),
            [t(2021, 1, 3, 9, 0), t(2021, 1, 4, 9, 0)]
        );
        // Months: 2020-02-29 (leap day) is February's newest; March 1 is another month.
        let times = [
            t(2020, 2, 1, 0, 0),
            t(2020, 2, 29, 23, 59),
            t(2020, 3, 1, 0, 0),
        ];
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 12,
        };
        assert_eq!(
            kept(&times, policy, utc()),
            [t(2020, 2, 29, 23, 59), t(2020, 3, 1, 0, 0)]
        );
    }

    #[test]
    fn days_and_months_follow_the_office_clock_not_utc() {
        // 2022-06-30 16:30 UTC is 2022-07-01 00:30 in China: a new day and a new month there.
        let times = [t(2022, 6, 30, 15, 30), t(2022, 6, 30, 16, 30)];
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(kept(&times, policy, china()).len(), 2);
        assert_eq!(kept(&times, policy, utc()), [t(2022, 6, 30, 16, 30)]);
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 2,
        };
        assert_eq!(kept(&times, policy, china()).len(), 2);
        assert_eq!(kept(&times, policy, utc()).len(), 1);
    }

    #[test]
    fn a_laptop_left_in_a_drawer_keeps_its_old_backups() {
        // Backups only in Jan 2021 and again in Nov 2022: the old ones are not aged out.
        let times = [
            t(2021, 1, 10, 9, 0),
            t(2021, 1, 11, 9, 0),
            t(2022, 11, 20, 9, 0),
        ];
        assert_eq!(kept(&times, RetentionPolicy::default(), china()).len(), 3);
    }

    #[test]
    fn edge_cases_empty_single_duplicates_unsorted_and_zero_policy() {
        assert!(retention(&[], RetentionPolicy::default(), utc()).is_empty());
        let zero = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(retention(&[t(2022, 1, 1, 0, 0)], zero, utc()), [true]);
        // Unsorted input; the newest is kept even with a zero policy.
        assert_eq!(
            retention(
                &[
                    t(2022, 1, 1, 0, 0),
                    t(2022, 3, 1, 0, 0),
                    t(2022, 2, 1, 0, 0)
                ],
                zero,
                utc()
            ),
            [false, true, false]
        );
        // Two backups with the same second: one is kept.
        let same = t(2022, 5, 5, 5, 5);
        let one_day = RetentionPolicy {
            recent_hours: 0,
            ..Default::default()
        };
        assert_eq!(retention(&[same, same], one_day, utc()), [true, false]);
        // Within the recent hours everything stays; exactly `recent_hours` old does not.
        let recent = [
            t(2022, 5, 5, 5, 0),
            t(2022, 5, 4, 6, 0),
            t(2022, 5, 4, 5, 0),
        ];
        let only_recent = RetentionPolicy {
            recent_hours: 24,
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(retention(&recent, only_recent, utc()), [true, true, false]);
    }

    #[test]
    fn a_backup_is_due_after_the_interval_or_when_the_clock_went_back() {
        let now = t(2022, 6, 30, 12, 0);
        assert!(backup_due(None, now, 4));
        assert!(!backup_due(Some(t(2022, 6, 30, 9, 0)), now, 4));
        assert!(backup_due(Some(t(2022, 6, 30, 8, 0)), now, 4));
        assert!(backup_due(Some(t(2022, 6, 30, 11, 59)), now, 0));
        assert!(
            !backup_due(Some(t(2022, 6, 30, 12, 30)), now, 4),
            "small skew"
        );
        assert!(
            backup_due(Some(t(2023, 1, 1, 0, 0)), now, 4),
            "clock went back"
        );
    }
}
