//! The projects, in the order a ledger fills up (by their first stage): each with its company,
//! officer, sponsor, park, content, open issues and notes, and its stage history.

use rand::Rng;
use zhaoshang_core::util::zh_money;
use zhaoshang_core::Stage::{Lead, Negotiating, OnHold, Signed, Started};
use zhaoshang_core::{
    projects, projects::stage_changes, NewProject, ProjectInput, Result, Stage, StageChangeInput,
    WAN, YI,
};

use crate::calendar::{any_day, d, pick};
use crate::catalogue::industries::INDUSTRY_DEFS;
use crate::catalogue::origins::Region;
use crate::catalogue::ENCLAVE_PARKS;
use crate::plan::model::Plan;
use crate::writing::context::{Created, Demo};
use crate::writing::outreach::Outreach;

const COORDINATION: &[&str] = &[
    "用地指标待落实，需自然资源部门协调",
    "环评手续办理中，需协调加快审批",
    "电力增容需协调供电公司",
    "企业融资方案待确定",
    "施工用水用电接入需协调",
    "能耗指标需省级统筹",
];
const NEXT_FOR_LEAD: &[&str] = &[
    "7月上旬电话回访，邀请企业来凌考察",
    "赴企业总部对接，了解投资意向",
    "寄送园区推介材料，跟进企业决策",
];
const NEXT_IN_TALKS: &[&str] = &[
    "7月中旬赴企业总部再次洽谈",
    "推动签订框架协议",
    "邀请企业高层来凌实地考察",
    "细化投资方案和用地需求",
];
const NEXT_SIGNED: &[&str] = &[
    "协调办理用地和施工许可，争取三季度开工",
    "推动框架协议升格为正式合同",
    "跟踪企业注册落地",
];

/// Writes every planned project; the result is indexed like `plans`.
pub(crate) fn write_projects(
    demo: &mut Demo,
    plans: &[Plan],
    outreach: &mut Outreach,
) -> Result<Vec<Created>> {
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|&i| (plans[i].lead_on(), i));
    let mut created: Vec<Option<Created>> = (0..plans.len()).map(|_| None).collect();
    for i in order {
        let plan = &plans[i];
        let first_phase = plan
            .phase_two_of
            .map(|j| created[j].as_ref().expect("first phase created first"));
        let company = if let Some(fp) = first_phase {
            fp.company
        } else if plan.from_call {
            // A company called before the lead was registered, same 产业链 if possible.
            outreach.company_for(demo, plan)?
        } else {
            demo.company(plan.region, plan.industry)?
        };
        let first_name = first_phase.map(|f| f.name.clone());
        created[i] = Some(write_project(demo, plan, company, first_name.as_deref())?);
    }
    Ok(created
        .into_iter()
        .map(|c| c.expect("every plan"))
        .collect())
}

/// One project and its stage history.
fn write_project(
    demo: &mut Demo,
    plan: &Plan,
    company: usize,
    first_phase: Option<&str>,
) -> Result<Created> {
    let name = demo.project_name(plan, company, first_phase);
    let def = &INDUSTRY_DEFS[plan.industry];
    let officer = demo.officer(plan.team);
    let sponsor = if plan.key && plan.amount >= YI {
        // The director sponsors key projects of 3亿 and more, the deputy those of 1亿–3亿.
        let (director, deputy) = (&demo.officers[0][0], &demo.officers[1][0]);
        if plan.amount >= 3 * YI {
            director.clone()
        } else {
            deputy.clone()
        }
    } else {
        demo.officers[plan.team][0].clone()
    };
    let park = if plan.enclave {
        pick(&mut demo.rng, ENCLAVE_PARKS).to_string()
    } else {
        pick(&mut demo.rng, def.parks).to_string()
    };
    let end = plan.steps.last().expect("a step").stage;
    let open = matches!(end, Lead | Negotiating | Signed | OnHold);
    let building = matches!(end, Started);
    let mu = (plan.amount / WAN / 60).clamp(15, 1_500) / 5 * 5;
    let content = format!(
        "建设{}及配套设施，规划用地约{mu}亩，总投资{}。",
        name.trim_end_matches("项目"),
        zh_money(plan.amount)
    );
    let coordination = ((open || building) && demo.rng.random_bool(0.35))
        .then(|| pick(&mut demo.rng, COORDINATION).to_string());
    let next_step = next_step(demo, end);
    let follow_up = (open && demo.rng.random_bool(0.3))
        .then(|| any_day(&mut demo.rng, d(2022, 6, 20), d(2022, 7, 20)));
    let first = &plan.steps[0];
    let p = projects::create(
        demo.conn,
        &NewProject {
            project: ProjectInput {
                name: name.clone(),
                company_id: Some(demo.companies[company].id.clone()),
                content: Some(content),
                total_investment: plan.amount,
                industry_id: Some(demo.industry_ids[plan.industry].clone()),
                region_group_override: None,
                enclave: plan.enclave,
                relocation: plan.relocation,
                key_project: plan.key,
                high_energy: plan.high_energy,
                park: Some(park),
                team_id: Some(demo.teams[plan.team].clone()),
                officer_id: Some(officer.clone()),
                sponsor_id: Some(sponsor),
                responsible_unit: Some(def.unit.to_string()),
                coordination_issues: coordination,
                next_step,
                notes: notes(plan),
                follow_up_on: follow_up,
            },
            first_stage: first.stage,
            first_stage_on: first.on,
            first_stage_date_unknown: false,
        },
        demo.today,
    )?;
    write_stages(demo, &p.id, plan, &officer)?;
    Ok(Created {
        id: p.id,
        name,
        company,
        officer,
    })
}

/// The 下一步 of a project by where it stands.
fn next_step(demo: &mut Demo, end: Stage) -> Option<String> {
    match end {
        Lead => Some(pick(&mut demo.rng, NEXT_FOR_LEAD).to_string()),
        Negotiating => Some(pick(&mut demo.rng, NEXT_IN_TALKS).to_string()),
        Signed => Some(pick(&mut demo.rng, NEXT_SIGNED).to_string()),
        Started => Some("跟踪工程进度，协调解决建设中的问题".to_string()),
        OnHold => Some("定期联系企业，待条件成熟后重启".to_string()),
        _ => None,
    }
}

/// 承接产业转移, 两高 and 飞地 notes.
fn notes(plan: &Plan) -> Option<String> {
    let mut notes = Vec::new();
    if plan.relocation {
        notes.push(if plan.region == Region::Jjj {
            "承接京津冀产业转移项目"
        } else {
            "承接产业转移项目"
        });
    }
    if plan.high_energy {
        notes.push("属“两高”项目，严格落实能耗和环保要求");
    }
    if plan.enclave {
        notes.push("飞地项目，税收按合作协议分成");
    }
    (!notes.is_empty()).then(|| notes.join("；"))
}

/// Stage moves change only derived fields of the project (nothing to log there), so the rows go
/// in directly and the project is refreshed once; 增资 also raises 总投资.
fn write_stages(demo: &Demo, id: &str, plan: &Plan, officer: &str) -> Result<()> {
    for s in &plan.steps[1..] {
        let input = StageChangeInput {
            to_stage: s.stage,
            changed_on: s.on,
            construction_kind: s.kind,
            added_investment: s.added,
            officer_id: Some(officer.to_string()),
            note: s.note.map(str::to_string),
            date_unknown: false,
        };
        if s.added > 0 {
            projects::record_stage_change(demo.conn, id, &input, demo.today)?;
        } else {
            stage_changes::insert(demo.conn, id, &input, demo.today)?;
        }
    }
    projects::refresh(demo.conn, id)
}
