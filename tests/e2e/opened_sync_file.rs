//! A `.zsync` file opened from the file manager (the Windows installer registers the extension:
//! Explorer starts the app with the file's path): after setting up, the app shows 同步 with that
//! file chosen, imports nothing by itself, and 导入 merges the colleague's project.

use chrono::NaiveDate;
use zhaoshang_core::{Ledger, NewProject, ProjectInput, Stage};
use zhaoshang_e2e::*;

#[tokio::test]
async fn a_double_clicked_sync_file_opens_in_sync_ready_to_import() {
    if !enabled() {
        return;
    }
    // A colleague's laptop wrote a sync file onto the shared folder.
    let share = tempfile::tempdir().unwrap();
    let lina_dir = tempfile::tempdir().unwrap();
    let mut lina = Ledger::open(lina_dir.path().join("lina.sqlite3")).unwrap();
    lina.set_device_label(Some("李娜的笔记本")).unwrap();
    lina.create_project(&NewProject {
        project: ProjectInput {
            name: "储能电池项目".into(),
            total_investment: 500_000_000,
            ..Default::default()
        },
        first_stage: Stage::Lead,
        first_stage_on: NaiveDate::from_ymd_opt(2022, 4, 1).unwrap(),
        first_stage_date_unknown: false,
    })
    .unwrap();
    let bundle = lina.export_bundle_to_folder(share.path()).unwrap();
    let file = share.path().join(&bundle.file_name).display().to_string();

    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4640);
    let c = connect_with_args(&driver, &[&file]).await;
    type_into(&c, "setup-office", "测试县投资促进中心").await;
    click(&c, "setup-empty").await;
    // 同步, with the file chosen for import.
    wait_exact(&c, "page-title", "同步").await;
    for _ in 0..40 {
        if value_of(&c, "sync-import-path").await == file {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(value_of(&c, "sync-import-path").await, file);
    // Chosen, not imported: the officer clicks 导入.
    click(&c, "sync-import").await;
    find(&c, "sync-summary").await;
    let merged = number_of(&c, "sync-merged").await;
    assert!(merged > 0, "the colleague's project arrived");
    // The colleague's 5亿元 project is the one project in the list.
    click(&c, "nav-projects").await;
    wait_text(&c, "project-total", "共 1 个项目，总投资 5亿元").await;
}
