//! The `zhaoshang` binary end to end on real files.

use crate::common::zhaoshang;

#[test]
fn demo_then_report_prints_the_briefing_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let (code, out, err) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("演示台账已创建"), "{out}");

    let (code, _, err) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 4, "a second demo over the file is refused");
    assert!(err.contains("--force"), "{err}");

    let (code, out, err) = zhaoshang(&[
        "--db",
        db,
        "report",
        "--from",
        "2022-01-01",
        "--to",
        "2022-06-30",
        "--region",
        "京津冀",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "截至6月末，面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个。"
        ),
        "{out}"
    );

    let (code, out, _) = zhaoshang(&[
        "--db",
        db,
        "report",
        "--from",
        "2022-01-01",
        "--to",
        "2022-06-30",
        "--region",
        "京津冀",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["metrics"]["trips"], 168);
    assert_eq!(v["metrics"]["signed"], 27);
}

/// `report --park`: the demo's parks, one narrowed report, and a park no one names refused.
#[test]
fn report_by_park() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    assert_eq!(zhaoshang(&["--db", db, "demo"]).0, 0);
    let h1 = [
        "--db",
        db,
        "report",
        "--from",
        "2022-01-01",
        "--to",
        "2022-06-30",
    ];
    let (code, all, err) = zhaoshang(&h1);
    assert_eq!(code, 0, "{err}");
    assert!(all.contains("重点项目建设调度（按园区）"), "{all}");
    assert!(all.contains("凌源经济开发区"), "{all}");
    let json = |extra: &[&str]| -> serde_json::Value {
        let args: Vec<&str> = h1.iter().chain(extra).copied().collect();
        let (code, out, err) = zhaoshang(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let whole = json(&["--json"]);
    let park = json(&["--park", "凌源经济开发区", "--json"]);
    let row = whole["by_park"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "凌源经济开发区")
        .unwrap()
        .clone();
    assert_eq!(park["metrics"]["signed"], row["metrics"]["signed"]);
    assert_eq!(park["metrics"]["started"], row["metrics"]["started"]);
    assert!(
        park["metrics"]["signed"].as_u64().unwrap() < whole["metrics"]["signed"].as_u64().unwrap()
    );
    let (code, _, err) = zhaoshang(&["--db", db, "report", "--park", "不存在的园区"]);
    assert_ne!(code, 0);
    assert!(err.contains("没有名为“不存在的园区”的园区"), "{err}");
}

#[test]
fn bad_input_gets_a_chinese_message_and_an_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.sqlite3");
    let db = db.to_str().unwrap();
    let (code, _, err) = zhaoshang(&["--db", db, "report"]);
    assert_eq!(code, 3);
    assert!(err.contains("zhaoshang demo"), "{err}");
    assert!(
        !std::path::Path::new(db).exists(),
        "a missing ledger is not created by report"
    );

    let (code, _, _) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 0);
    let (code, _, err) = zhaoshang(&["--db", db, "report", "--region", "火星"]);
    assert_eq!(code, 2);
    assert!(err.contains("没有名为“火星”的来源区域"), "{err}");
    let (code, _, err) = zhaoshang(&[
        "--db",
        db,
        "report",
        "--from",
        "2022-06-30",
        "--to",
        "2022-01-01",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("晚于结束日期"), "{err}");
}

#[test]
fn sync_bundles_move_a_project_between_laptops() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite3");
    let b = dir.path().join("b.sqlite3");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert_eq!(zhaoshang(&["--db", a, "demo"]).0, 0);
    let bundle = dir.path().join("a.zsync");
    let seen = dir.path().join("b-seen.json");
    let (code, out, err) = zhaoshang(&["--db", b, "sync", "seen", seen.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = zhaoshang(&[
        "--db",
        a,
        "sync",
        "export",
        bundle.to_str().unwrap(),
        "--peer",
        seen.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = zhaoshang(&["--db", b, "sync", "import", bundle.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已合并"), "{out}");
    let (_, report, _) = zhaoshang(&[
        "--db",
        b,
        "report",
        "--from",
        "2022-01-01",
        "--to",
        "2022-06-30",
        "--region",
        "京津冀",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(
        (
            v["metrics"]["trips"].as_u64(),
            v["metrics"]["signed"].as_u64()
        ),
        (Some(168), Some(27))
    );
    // Twice changes nothing; a damaged file is refused.
    let (_, out, _) = zhaoshang(&["--db", b, "sync", "import", bundle.to_str().unwrap()]);
    assert!(out.contains("采用 0 项"), "{out}");
    std::fs::write(&bundle, "坏文件").unwrap();
    let (code, _, err) = zhaoshang(&["--db", b, "sync", "import", bundle.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("不是招商台账的同步文件"), "{err}");
}

#[test]
fn alias_add_list_delete_and_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let (code, _, err) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 0, "{err}");

    let (code, out, err) = zhaoshang(&["--db", db, "alias", "add", "凌钢", "凌源钢铁"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("凌钢 → 凌源钢铁"), "{out}");
    let (code, _, err) = zhaoshang(&["--db", db, "alias", "add", "凌钢", "凌钢"]);
    assert_eq!(code, 2, "the same name twice is refused");
    assert!(err.contains("别名与全称相同"), "{err}");

    let (code, out, _) = zhaoshang(&["--db", db, "alias", "list"]);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.contains("凌钢\t凌源钢铁"))
        .unwrap_or_else(|| panic!("{out}"));
    let id = line.split('\t').next().unwrap().to_string();

    let (code, out, err) = zhaoshang(&["--db", db, "alias", "delete", &id]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已删除"), "{out}");
    let (code, out, _) = zhaoshang(&["--db", db, "alias", "list"]);
    assert_eq!(code, 0);
    assert!(!out.contains("凌钢\t凌源钢铁"), "{out}");
    let (code, _, err) = zhaoshang(&["--db", db, "alias", "delete", &id]);
    assert_eq!(code, 3, "an alias already gone: {err}");
}
