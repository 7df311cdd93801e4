//! The file chosen for import before it is read (base64 from the page, a path, empty, too big),
//! the rows of a plan the page is sent, and the names exports get: on real files and ledgers.

use crate::common::*;
use zhaoshang_core::io::import::read::MAX_FILE_BYTES;
use zhaoshang_core::io::import::RowAction;
use zhaoshang_core::io::{file_names, import_preview, staged_file};
use zhaoshang_core::*;

#[test]
fn base64_reads_the_browsers_encoding() {
    let de = |t: &str| staged_file::decode_base64(t).unwrap();
    assert_eq!(de("aGVsbG8="), b"hello");
    assert_eq!(de("aGVsbG8"), b"hello");
    assert_eq!(
        de("data:application/octet-stream;base64,UEsDBA=="),
        b"PK\x03\x04"
    );
    assert_eq!(de("5oub5ZWG"), "招商".as_bytes());
    assert_eq!(de("aGVs\r\nbG8="), b"hello");
    // The URL-safe alphabet reads the same: 0xfb 0xff.
    assert_eq!(de("-_8="), de("+/8="));
    let e = staged_file::decode_base64("not*base64").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.to_string(), "文件内容未能读取，请重新选择文件。");
}

#[test]
fn an_empty_or_too_big_file_is_refused_before_it_is_read() {
    assert_eq!(staged_file::check_not_empty("a.xlsx", b"PK").unwrap(), 2);
    let e = staged_file::check_not_empty("台账.xlsx", b"").unwrap_err();
    assert_eq!(e.to_string(), "文件“台账.xlsx”是空的，未导入任何数据。");
    staged_file::check_size(MAX_FILE_BYTES).unwrap();
    let e = staged_file::check_size(MAX_FILE_BYTES + 1).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(
        e.to_string()
            .starts_with("文件过大（100 MB），最多导入 100 MB"),
        "{e}"
    );
}

#[test]
fn a_typed_or_dropped_path_is_read_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("项目台账.csv");
    std::fs::write(&file, "项目名称\n").unwrap();
    let typed = format!("  \"{}\" ", file.display());
    let (name, bytes) = staged_file::read_path(&typed).unwrap();
    assert_eq!(name, "项目台账.csv");
    assert_eq!(bytes, "项目名称\n".as_bytes());

    let missing = dir.path().join("没有.xlsx");
    let e = staged_file::read_path(&missing.display().to_string()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("找不到文件“{}”。", missing.display())
    );
    let e = staged_file::read_path(&dir.path().display().to_string()).unwrap_err();
    assert!(e.to_string().ends_with("”不是文件。"), "{e}");
}

#[test]
fn export_names_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let a = file_names::free_name(dir.path(), "项目台账", "xlsx");
    assert!(a.ends_with("项目台账.xlsx"));
    std::fs::write(&a, b"x").unwrap();
    let b = file_names::free_name(dir.path(), "项目台账", "xlsx");
    assert!(b.to_string_lossy().ends_with("项目台账 (2).xlsx"));
    std::fs::write(&b, b"x").unwrap();
    let c = file_names::free_name(dir.path(), "项目台账", "xlsx");
    assert!(c.to_string_lossy().ends_with("项目台账 (3).xlsx"));
    let written = file_names::write_export(dir.path(), "项目台账", "xlsx", b"whole").unwrap();
    assert_eq!(written, c);
    assert_eq!(std::fs::read(&c).unwrap(), b"whole");
    assert_eq!(
        std::fs::read(&a).unwrap(),
        b"x",
        "the earlier file is untouched"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3,
        "no partial file left"
    );

    assert_eq!(
        file_names::projects_export_stem(d(2022, 6, 30)),
        "项目台账-2022-06-30"
    );
    let period = Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap();
    assert_eq!(
        file_names::report_export_stem(&period),
        "调度表-20220101至20220630"
    );
}

/// A CSV 项目台账 of `n` rows; every `bad_every`-th row has a stage no one knows.
fn ledger_csv(n: usize, bad_every: usize) -> Vec<u8> {
    let mut s = String::from("项目名称,投资方,总投资（万元）,项目阶段,签约日期\n");
    for i in 1..=n {
        let stage = if i % bad_every == 0 {
            "飞天"
        } else {
            "签约"
        };
        s.push_str(&format!(
            "项目{i:05},企业{i:05}有限公司,1000,{stage},2022-03-01\n"
        ));
    }
    s.into_bytes()
}

#[test]
fn a_big_plan_shows_every_telling_row_first_then_fills_up_in_file_order() {
    let mut f = fixture();
    let bytes = ledger_csv(import_preview::ROWS_SHOWN + 500, 100);
    let plan = f
        .ledger
        .import_preview(&bytes, &Default::default())
        .unwrap();
    let total = plan.rows.len();
    assert!(total > import_preview::ROWS_SHOWN, "{total}");
    let telling_in_plan = plan
        .rows
        .iter()
        .filter(|r| import_preview::is_telling(r))
        .count();
    assert!(telling_in_plan > 0);
    let counts = plan.counts;

    let view = import_preview::view("台账.csv".into(), plan);
    assert_eq!(view.file_name, "台账.csv");
    assert_eq!(view.rows_total as usize, total);
    assert_eq!(view.plan.rows.len(), import_preview::ROWS_SHOWN);
    assert_eq!(view.plan.counts, counts, "the counts are the whole plan's");
    let shown_telling = view
        .plan
        .rows
        .iter()
        .filter(|r| import_preview::is_telling(r))
        .count();
    assert_eq!(shown_telling, telling_in_plan, "no error is left out");
    assert!(view.plan.rows.windows(2).all(|w| w[0].row < w[1].row));
    assert!(view.plan.rows.iter().any(|r| r.action == RowAction::Error));

    // A small plan is sent whole.
    let small = f
        .ledger
        .import_preview(&ledger_csv(10, 3), &Default::default())
        .unwrap();
    let n = small.rows.len();
    let view = import_preview::view("小.csv".into(), small);
    assert_eq!((view.plan.rows.len(), view.rows_total as usize), (n, n));
}
