//! The demo's calendar: its "today" (2022-06-30), the reproduced half-year, office days, and
//! the seeded picks every other part of the demo draws dates and items with.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::Rng;

/// The day the demo office wrote its H1 2022 report ("today" while generating).
pub fn demo_today() -> NaiveDate {
    d(2022, 6, 30)
}

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// First and last day of the reproduced report period (H1 2022) on which facts fall.
pub(crate) fn p0() -> NaiveDate {
    d(2022, 1, 4)
}
pub(crate) fn p1() -> NaiveDate {
    d(2022, 6, 30)
}
/// The first day of the ledger's data.
pub(crate) fn y0() -> NaiveDate {
    d(2021, 1, 4)
}

pub(crate) fn plus(on: NaiveDate, days: u64) -> NaiveDate {
    on + Days::new(days)
}
pub(crate) fn minus(on: NaiveDate, days: u64) -> NaiveDate {
    on - Days::new(days)
}

/// Office days: Monday to Friday, outside the public holidays of 2021–2022.
pub(crate) fn is_workday(on: NaiveDate) -> bool {
    type Ymd = (i32, u32, u32);
    const HOLIDAYS: &[(Ymd, Ymd)] = &[
        ((2021, 1, 1), (2021, 1, 3)),
        ((2021, 2, 11), (2021, 2, 17)),
        ((2021, 4, 3), (2021, 4, 5)),
        ((2021, 5, 1), (2021, 5, 5)),
        ((2021, 6, 12), (2021, 6, 14)),
        ((2021, 9, 19), (2021, 9, 21)),
        ((2021, 10, 1), (2021, 10, 7)),
        ((2022, 1, 1), (2022, 1, 3)),
        ((2022, 1, 31), (2022, 2, 6)),
        ((2022, 4, 3), (2022, 4, 5)),
        ((2022, 4, 30), (2022, 5, 4)),
        ((2022, 6, 3), (2022, 6, 5)),
    ];
    !matches!(on.weekday(), Weekday::Sat | Weekday::Sun)
        && !HOLIDAYS
            .iter()
            .any(|&((y1, m1, d1), (y2, m2, d2))| (d(y1, m1, d1)..=d(y2, m2, d2)).contains(&on))
}

pub(crate) fn any_day(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    debug_assert!(from <= to, "empty date range {from}..{to}");
    let span = (to - from).num_days().max(0) as u64;
    from + Days::new(rng.random_range(0..=span))
}

/// A random office day in `from..=to` (any day if the range holds none).
pub(crate) fn workday(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let mut on = any_day(rng, from, to);
    for _ in 0..40 {
        if is_workday(on) {
            break;
        }
        on = any_day(rng, from, to);
    }
    on
}

pub(crate) fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

// ── teams and officers ─────────────────────────────────────────────────────────────────────
