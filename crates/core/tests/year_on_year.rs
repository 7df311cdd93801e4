//! 同比 as the dashboard shows it: each headline figure against the same days one year
//! earlier, in percent, none when last year had nothing; counted on a real ledger.

use crate::common::*;
use zhaoshang_core::reports::year_on_year::{change_percent, YearOnYear};
use zhaoshang_core::*;

#[test]
fn change_is_a_percentage_or_none_when_last_year_had_nothing() {
    assert!((change_percent(27.0, 20.0).unwrap() - 35.0).abs() < 1e-9);
    assert!((change_percent(10.0, 20.0).unwrap() + 50.0).abs() < 1e-9);
    assert_eq!(change_percent(20.0, 20.0), Some(0.0));
    assert_eq!(change_percent(5.0, 0.0), None);
    assert_eq!(change_percent(0.0, 0.0), None);
}

#[test]
fn a_report_carries_the_year_on_year_of_its_figures() {
    let mut f = fixture();
    // Last year: two signings; this year: three, and one start (none last year).
    for (i, on) in [d(2021, 3, 1), d(2021, 4, 1)].into_iter().enumerate() {
        let p = f.project(&format!("去年{i}"), "110105", YI, d(2021, 1, 5));
        f.stage(&p.id, Stage::Signed, on).unwrap();
    }
    for (i, on) in [d(2022, 2, 1), d(2022, 3, 1), d(2022, 5, 1)]
        .into_iter()
        .enumerate()
    {
        let p = f.project(&format!("今年{i}"), "110105", YI, d(2022, 1, 5));
        f.stage(&p.id, Stage::Signed, on).unwrap();
        if i == 0 {
            f.stage(&p.id, Stage::Started, d(2022, 6, 1)).unwrap();
        }
    }
    let r = f
        .ledger
        .report(&ReportQuery {
            period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
            scope: Scope::default(),
        })
        .unwrap();
    assert_eq!((r.metrics.signed, r.previous_year.signed), (3, 2));
    assert!((r.year_on_year.signed.unwrap() - 50.0).abs() < 1e-9);
    assert_eq!(r.year_on_year.started, None, "nothing started last year");
    assert_eq!(r.year_on_year, YearOnYear::of(&r.metrics, &r.previous_year));
    // Sent to the app as numbers or null.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["year_on_year"]["signed"], 50.0);
    assert!(json["year_on_year"]["started"].is_null());
}
