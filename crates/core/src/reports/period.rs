//! Calendar helpers for report periods (month, quarter, half, year, year-to-date, custom).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A closed range of days `[from, to]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

pub fn month_end(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    first + Months::new(1) - chrono::Days::new(1)
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if from > to {
            return Err(Error::invalid(
                "period",
                format!(
                    "统计区间的开始日期（{}）晚于结束日期（{}）。",
                    crate::util::zh_date(from),
                    crate::util::zh_date(to)
                ),
            ));
        }
        Ok(Period { from, to })
    }

    pub fn year(year: i32) -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year"),
            to: NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year"),
        }
    }

    /// The same days one year earlier (同比). 29 February maps to 28 February.
    pub fn year_before(self) -> Period {
        Period {
            from: shift_year(self.from, -1),
            to: shift_year(self.to, -1),
        }
    }

    /// Each calendar month touched by the period, clipped to it.
    pub fn months(self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let end = month_end(start.year(), start.month()).min(self.to);
            out.push(Period {
                from: start,
                to: end,
            });
            start = end + chrono::Days::new(1);
        }
        out
    }

    /// "截至6月末" / "2022年1月1日至2022年3月15日": how a briefing names the period.
    pub fn briefing_label(self) -> String {
        let starts_year = self.from.month() == 1 && self.from.day() == 1;
        let ends_month = self.to == month_end(self.to.year(), self.to.month());
        if starts_year && ends_month && self.from.year() == self.to.year() {
            if self.to.month() == 12 {
                format!("{}年全年", self.to.year())
            } else {
                format!("截至{}月末", self.to.month())
            }
        } else {
            format!(
                "{}至{}",
                crate::util::zh_date(self.from),
                crate::util::zh_date(self.to)
            )
        }
    }
}

fn shift_year(d: NaiveDate, by: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() + by, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(d.year() + by, d.month(), 28))
        .expect("valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_are_clipped_to_the_period() {
        let p = Period::new(d(2022, 1, 15), d(2022, 3, 10)).unwrap();
        let m = p.months();
        assert_eq!(m.len(), 3);
        assert_eq!(
            m[0],
            Period {
                from: d(2022, 1, 15),
                to: d(2022, 1, 31)
            }
        );
        assert_eq!(m[1].to, d(2022, 2, 28));
        assert_eq!(
            m[2],
            Period {
                from: d(2022, 3, 1),
                to: d(2022, 3, 10)
            }
        );
    }

    #[test]
    fn year_before_handles_leap_day() {
        let p = Period::new(d(2024, 2, 1), d(2024, 2, 29)).unwrap();
        assert_eq!(p.year_before().to, d(2023, 2, 28));
    }

    #[test]
    fn backwards_period_is_rejected_in_chinese() {
        let e = Period::new(d(2022, 6, 30), d(2022, 1, 1)).unwrap_err();
        assert!(e.to_string().contains("晚于结束日期"), "{e}");
    }

    #[test]
    fn briefing_labels() {
        assert_eq!(
            Period::new(d(2022, 1, 1), d(2022, 6, 30))
                .unwrap()
                .briefing_label(),
            "截至6月末"
        );
        assert_eq!(Period::year(2022).briefing_label(), "2022年全年");
    }
}
