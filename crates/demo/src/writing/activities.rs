//! Contacts, signing ceremonies and 2021's visits for every project. In H1 2022 a project has
//! activities only if its plan lists contacts (what makes it count as contacted).

use chrono::NaiveDate;
use rand::Rng;
use zhaoshang_core::util::zh_money;
use zhaoshang_core::Stage::{Dropped, Lead, Negotiating, OnHold, Operating, Signed};
use zhaoshang_core::{ActivityInput, ActivityKind, Result};

use crate::calendar::{d, pick, plus, workday};
use crate::catalogue::industries::INDUSTRY_DEFS;
use crate::plan::model::Plan;
use crate::writing::context::{Created, Demo};

const VISIT: &[&str] = &[
    "{c}负责人一行来凌考察，实地踏查{park}拟选地块",
    "接待{c}考察团，就{p}用地、供电等要素保障座谈",
    "{c}来凌对接{p}，介绍产业基础和招商政策",
];
const CALL: &[&str] = &[
    "电话联系{c}，了解{p}投资决策进展",
    "与{c}电话沟通{p}可研编制情况",
    "电话回访{c}，确认下次洽谈时间",
];
const VIDEO: &[&str] = &[
    "与{c}视频洽谈{p}投资方案",
    "视频会议对接{c}，商讨合作协议条款",
];
const EVENTS: &[&str] = &[
    "凌源市（北京）产业招商推介会",
    "朝阳市（天津）经贸合作洽谈会",
    "辽宁国际投资贸易洽谈会",
    "凌源市重点产业链招商推介会（线上）",
];

/// The project an activity is about: its plan, what was written, its company and park.
struct About<'p> {
    plan: &'p Plan,
    c: &'p Created,
    company: String,
    company_id: String,
    park: &'static str,
}

impl About<'_> {
    /// A template with the company (`{c}`), project (`{p}`) and park (`{park}`) filled in.
    fn fill(&self, template: &str) -> String {
        template
            .replace("{c}", &self.company)
            .replace("{p}", &self.c.name)
            .replace("{park}", self.park)
    }

    /// An activity about this project (and its company) only.
    fn input(&self, kind: ActivityKind, on: NaiveDate, crew: Vec<String>) -> ActivityInput {
        ActivityInput {
            kind,
            occurred_on: on,
            place: None,
            destination_code: None,
            summary: None,
            follow_up_on: None,
            officer_ids: crew,
            company_ids: vec![self.company_id.clone()],
            project_ids: vec![self.c.id.clone()],
            trip: Default::default(),
        }
    }
}

pub(crate) fn write_project_activities(
    demo: &mut Demo,
    plans: &[Plan],
    created: &[Created],
) -> Result<()> {
    let y2022 = d(2022, 1, 1);
    for (i, plan) in plans.iter().enumerate() {
        let c = &created[i];
        let about = About {
            plan,
            c,
            company: demo.companies[c.company].name.clone(),
            company_id: demo.companies[c.company].id.clone(),
            park: INDUSTRY_DEFS[plan.industry].parks[0],
        };
        let contacted = !plan.contacts.is_empty();
        debug_assert!(
            contacted || plan.first(Signed).is_none_or(|s| s < y2022),
            "{:?}: a project signed in H1 2022 is in talks then",
            plan.group
        );
        steps_in_2021(demo, &about)?;
        one_more_in_2021(demo, &about)?;
        if !contacted {
            continue;
        }
        contacts_in_2022(demo, &about)?;
        signings_in_2022(demo, &about)?;
    }
    Ok(())
}

/// 2021: a call when it came in, a visit when talks began, the signing ceremony.
fn steps_in_2021(demo: &mut Demo, a: &About) -> Result<()> {
    let plan = a.plan;
    for (k, s) in plan.steps.iter().enumerate() {
        if s.on >= d(2022, 1, 1) {
            break;
        }
        let (kind, summary) = match s.stage {
            Lead if demo.rng.random_bool(0.5) => (
                ActivityKind::Call,
                a.fill("与{c}初次电话接触，了解投资意向"),
            ),
            Negotiating => (
                ActivityKind::IncomingVisit,
                a.fill(pick::<&str>(&mut demo.rng, VISIT)),
            ),
            Signed if k > 0 && plan.steps[..k].iter().any(|x| x.stage == Signed) => (
                ActivityKind::SigningCeremony,
                a.fill("{c}与我市签订{p}正式投资合同"),
            ),
            Signed => (
                ActivityKind::SigningCeremony,
                a.fill("{p}签约仪式举行，{c}与凌源市人民政府签订投资协议"),
            ),
            _ => continue,
        };
        let crew = demo.crew(plan.team, Some(&a.c.officer));
        demo.activity(ActivityInput {
            place: (kind == ActivityKind::IncomingVisit).then(|| a.park.to_string()),
            summary: Some(summary),
            ..a.input(kind, s.on, crew)
        })?;
    }
    Ok(())
}

/// One more exchange in 2021 for about half the projects then open.
fn one_more_in_2021(demo: &mut Demo, a: &About) -> Result<()> {
    let plan = a.plan;
    let lead = plan.lead_on();
    if lead < d(2021, 12, 1) && demo.rng.random_bool(0.5) {
        let until = plan
            .steps
            .iter()
            .find(|s| matches!(s.stage, Dropped | OnHold | Operating))
            .map(|s| s.on)
            .unwrap_or(d(2021, 12, 31))
            .min(d(2021, 12, 31));
        if until > plus(lead, 3) {
            let on = workday(&mut demo.rng, plus(lead, 1), until);
            let kind = *pick(
                &mut demo.rng,
                &[ActivityKind::Call, ActivityKind::IncomingVisit],
            );
            let t = if kind == ActivityKind::Call {
                *pick(&mut demo.rng, CALL)
            } else {
                *pick(&mut demo.rng, VISIT)
            };
            let crew = demo.crew(plan.team, Some(&a.c.officer));
            demo.activity(ActivityInput {
                place: (kind == ActivityKind::IncomingVisit).then(|| a.park.to_string()),
                summary: Some(a.fill(t)),
                ..a.input(kind, on, crew)
            })?;
        }
    }
    Ok(())
}

/// H1 2022: the planned contacts.
fn contacts_in_2022(demo: &mut Demo, a: &About) -> Result<()> {
    let signed_on = a.plan.first(Signed);
    for &on in &a.plan.contacts {
        let r = demo.rng.random_range(0..100);
        let mut kind = match r {
            0..35 => ActivityKind::IncomingVisit,
            35..65 => ActivityKind::Call,
            65..85 => ActivityKind::VideoMeeting,
            _ => ActivityKind::PromotionEvent,
        };
        // Only the planned 云签约 has a video talk on its signing day.
        if kind == ActivityKind::VideoMeeting && Some(on) == signed_on {
            kind = ActivityKind::IncomingVisit;
        }
        let (place, summary) = match kind {
            ActivityKind::IncomingVisit => (
                Some(a.park.to_string()),
                a.fill(pick::<&str>(&mut demo.rng, VISIT)),
            ),
            ActivityKind::Call => (None, a.fill(pick::<&str>(&mut demo.rng, CALL))),
            ActivityKind::VideoMeeting => (
                Some("线上".to_string()),
                a.fill(pick::<&str>(&mut demo.rng, VIDEO)),
            ),
            _ => {
                let event = pick(&mut demo.rng, EVENTS);
                (
                    Some(event.to_string()),
                    format!("参加{event}，与{}深入交流{}", a.company, a.c.name),
                )
            }
        };
        let follow_up = (on >= d(2022, 6, 15) && demo.rng.random_bool(0.5))
            .then(|| plus(on, demo.rng.random_range(7..25)));
        let crew = demo.crew(a.plan.team, Some(&a.c.officer));
        demo.activity(ActivityInput {
            place,
            summary: Some(summary),
            follow_up_on: follow_up,
            ..a.input(kind, on, crew)
        })?;
    }
    Ok(())
}

/// H1 2022: the project's signings (first ones and upgrades).
fn signings_in_2022(demo: &mut Demo, a: &About) -> Result<()> {
    let plan = a.plan;
    for (k, s) in plan.steps.iter().enumerate() {
        if s.on < d(2022, 1, 1) || s.stage != Signed {
            continue;
        }
        let upgrade = plan.steps[..k].iter().any(|x| x.stage == Signed);
        let video = !upgrade && plan.video_signing;
        let summary = if video {
            a.fill("“云签约”：与{c}视频连线签订{p}投资协议")
        } else if s.added > 0 {
            format!(
                "{}签订{}增资扩产补充协议，追加投资{}",
                a.company,
                a.c.name,
                zh_money(s.added)
            )
        } else if upgrade {
            a.fill("{c}与我市签订{p}正式投资合同（协议升格）")
        } else {
            a.fill("{p}签约仪式举行，{c}与凌源市人民政府签订投资协议")
        };
        let mut crew = demo.crew(plan.team, Some(&a.c.officer));
        if plan.key && !crew.contains(&demo.officers[0][0]) {
            crew.push(demo.officers[0][0].clone());
        }
        let (kind, place) = if video {
            (ActivityKind::VideoMeeting, "线上")
        } else {
            (ActivityKind::SigningCeremony, "凌源市政务服务中心")
        };
        demo.activity(ActivityInput {
            place: Some(place.to_string()),
            summary: Some(summary),
            ..a.input(kind, s.on, crew)
        })?;
    }
    Ok(())
}
