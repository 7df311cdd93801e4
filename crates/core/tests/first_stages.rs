//! 新建项目's 初始阶段: the stages a project entered by hand may start in, each creating a
//! project in that stage on a real ledger file.

use crate::common::*;
use zhaoshang_core::projects::stage_rules::{first_stages, FIRST_STAGES};
use zhaoshang_core::*;

#[test]
fn a_new_project_starts_as_a_lead_in_talks_or_signed() {
    assert_eq!(
        first_stages(),
        vec![Stage::Lead, Stage::Negotiating, Stage::Signed]
    );
    assert_eq!(first_stages()[0], Stage::Lead, "the default");
    assert!(FIRST_STAGES.iter().all(|s| s.is_open()));
}

#[test]
fn each_first_stage_creates_a_project_in_it_dated_that_day() {
    let mut f = fixture();
    let company = f.company("凌源钢铁集团有限公司", "130281");
    for (i, stage) in first_stages().into_iter().enumerate() {
        let p = f
            .ledger
            .create_project(&NewProject {
                project: ProjectInput {
                    name: format!("项目{i}"),
                    company_id: Some(company.id.clone()),
                    total_investment: YI,
                    ..Default::default()
                },
                first_stage: stage,
                first_stage_on: d(2022, 3, 1),
                first_stage_date_unknown: false,
            })
            .unwrap();
        assert_eq!(p.stage, stage);
        let history = f.ledger.stage_history(&p.id).unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(
            (history[0].to_stage, history[0].changed_on),
            (stage, d(2022, 3, 1))
        );
    }
}
