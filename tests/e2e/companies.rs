//! 企业库 in the real app: from an empty ledger, import the merged-header ledger (its investor
//! 凌源钢铁股份有限公司 with projects), then the 企业名录 (`companies.xlsx`: 法定代表人,
//! 注册资本（万元）, 注册地址, 经营范围). On the 企业库 screen: find the company by pinyin
//! initials, open it, see the directory's details filled in, have a negative 注册资本 refused
//! at its field by the core, save a corrected one, and open one of its projects.

use std::path::Path;

use fantoccini::Locator;
use zhaoshang_e2e::*;

const STEEL: &str = "凌源钢铁股份有限公司";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

async fn import(c: &fantoccini::Client, file: &str, counts: &str) {
    // From another screen, so the 导入 screen starts afresh.
    click(c, "nav-companies").await;
    click(c, "nav-import").await;
    find(c, "import-file")
        .await
        .send_keys(&fixture(file).display().to_string())
        .await
        .expect("choose the file");
    wait_text(c, "import-counts", counts).await;
    click(c, "import-apply").await;
    wait_text(c, "import-result-counts", counts).await;
}

#[tokio::test]
async fn a_company_directory_fills_the_companies_screen_and_details_are_edited_there() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4580);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "测试县投资促进中心").await;
    click(&c, "setup-empty").await;
    wait_exact(&c, "metric-signed-value", "0").await;

    // An empty ledger has no companies.
    click(&c, "nav-companies").await;
    wait_text(&c, "companies-total", "共 0 家企业").await;

    import(&c, "ledger_merged.xlsx", "新建 7 个项目").await;
    import(&c, "companies.xlsx", "企业名录：").await;

    click(&c, "nav-companies").await;
    wait_text(&c, "companies-total", "家企业").await;
    type_into(&c, "companies-search", "lygt").await;
    wait_text(&c, "companies-total", "共 1 家企业").await;
    let name = find(&c, "company-name").await.text().await.unwrap();
    assert_eq!(name, STEEL);
    let projects = number_of(&c, "company-projects").await;
    assert!(projects >= 1, "the ledger's projects are counted");
    screenshot(&c, "companies").await;

    click(&c, "company-name").await;
    wait_exact(&c, "company-title", STEEL).await;
    assert_eq!(value_of(&c, "cd-legal_representative").await, "李志强");
    assert_eq!(value_of(&c, "cd-registered_capital").await, "280000");
    assert_eq!(value_of(&c, "cd-address").await, "辽宁省凌源市钢铁路3号");
    assert_eq!(
        value_of(&c, "cd-business_scope").await,
        "钢铁冶炼；钢材轧制；金属材料销售"
    );

    // The core refuses a negative capital (its amount parser, as import reads a cell), at its
    // field; the form keeps what was typed.
    type_into(&c, "cd-registered_capital", "-5").await;
    click(&c, "cd-save").await;
    wait_exact(&c, "error-registered_capital", "金额“-5”不能为负数").await;
    assert_eq!(value_of(&c, "cd-registered_capital").await, "-5");

    type_into(&c, "cd-registered_capital", "300000").await;
    type_into(&c, "cd-legal_representative", "王建军").await;
    click(&c, "cd-save").await;
    wait_text(&c, "toast", "已保存").await;
    assert!(c
        .find(Locator::Css("[data-testid='error-registered_capital']"))
        .await
        .is_err());
    screenshot(&c, "company-detail").await;

    // Back to the list and in again: the saved values are what the ledger holds.
    click(&c, "company-back").await;
    wait_text(&c, "companies-total", "共 1 家企业").await;
    wait_text(&c, "companies", "王建军").await;
    click(&c, "company-name").await;
    wait_exact(&c, "company-title", STEEL).await;
    assert_eq!(value_of(&c, "cd-registered_capital").await, "300000");

    // One of its projects opens on the project screen.
    let first = find(&c, "company-project").await;
    let project = first.text().await.unwrap();
    first.click().await.unwrap();
    find(&c, "project-detail").await;
    wait_text(&c, "project-detail", &project).await;
    c.close().await.ok();
}
