//! The demo ledger: 凌源市's investment-promotion office from January 2021 to the end of June
//! 2022, whose H1 2022 report reproduces the figures of DESIGN.md §4 exactly:
//! - toward 京津冀: 168 trips, 156 projects in talks, 27 signed, 22 landed and started;
//! - 飞地 projects: 18 started, 19 newly signed, 38 in talks at the end of June;
//! - 108 key projects (3 of ≥10亿, 34 of 1–10亿, 53 of 5000万–1亿);
//! - the 京津冀招商组: 36 trips to 京津冀, 50 projects in talks, 23 key ones worth 17.15亿元,
//!   12 signed from 京津冀 (8 of them relocations), 81 reserve and 21 intent projects, 6
//!   signed by video, phone calls to 2000+ companies and 100+ relocation leads;
//! - the 2022 plan: ≥100 projects of ≥5000万, 200 key projects, starts by quarter.
//!
//! Every row goes through the same table modules as the app, in one transaction, from a fixed
//! seed: the same file every time.

use std::path::Path;

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rusqlite::Connection;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::*;
use crate::{activities, companies, officers, projects, targets, teams};

/// The day the demo office wrote its H1 2022 report ("today" while generating).
pub fn demo_today() -> NaiveDate {
    d(2022, 6, 30)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

const TEAMS: &[&str] = &[
    "京津冀招商组",
    "长三角招商组",
    "珠三角招商组",
    "东北及本地招商组",
    "飞地园区招商组",
    "产业链招商组",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "海峰", "丽娟", "志强", "晓东", "春梅", "立新", "国华", "秀英", "振宇", "文博", "雪松",
    "红霞", "永胜", "宏伟", "慧敏", "德胜", "玉兰", "明辉", "佳琪", "宇航", "婷婷", "俊杰", "淑芬",
    "鹏飞", "静怡", "长青", "桂香", "国庆", "晓峰", "卫东", "思远", "广平", "金凤", "铁军", "雅楠",
    "树森", "凤英", "子豪", "晓光",
];

/// Origins (county codes) by region, for investors.
const JJJ: &[(&str, &str)] = &[
    ("110108", "北京"),
    ("110105", "北京"),
    ("110106", "北京"),
    ("110112", "北京"),
    ("110115", "北京"),
    ("110114", "北京"),
    ("120116", "天津"),
    ("120104", "天津"),
    ("120111", "天津"),
    ("120114", "天津"),
    ("130203", "唐山"),
    ("130281", "遵化"),
    ("130283", "迁安"),
    ("130602", "保定"),
    ("131002", "廊坊"),
    ("130102", "石家庄"),
    ("130302", "秦皇岛"),
    ("130802", "承德"),
    ("130902", "沧州"),
    ("130402", "邯郸"),
];
const YRD: &[(&str, &str)] = &[
    ("310115", "上海"),
    ("310112", "上海"),
    ("320505", "苏州"),
    ("320214", "无锡"),
    ("330106", "杭州"),
    ("330212", "宁波"),
    ("340104", "合肥"),
    ("320111", "南京"),
];
const PRD: &[(&str, &str)] = &[
    ("440305", "深圳"),
    ("440106", "广州"),
    ("440604", "佛山"),
    ("441900", "东莞"),
];
const NORTHEAST: &[(&str, &str)] = &[
    ("210102", "沈阳"),
    ("210203", "大连"),
    ("220104", "长春"),
    ("230103", "哈尔滨"),
    ("210302", "鞍山"),
];
const LOCAL: &[(&str, &str)] = &[("211382", "凌源"), ("211302", "朝阳"), ("211381", "北票")];
const DOMESTIC: &[(&str, &str)] = &[
    ("370202", "青岛"),
    ("410105", "郑州"),
    ("420106", "武汉"),
    ("510107", "成都"),
    ("610113", "西安"),
    ("150102", "呼和浩特"),
    ("140105", "太原"),
];

const WORD1: &[&str] = &[
    "中科", "华冶", "金泰", "恒信", "宏达", "瑞丰", "博远", "鼎盛", "新源", "远航", "天宇", "国泰",
    "盛世", "嘉禾", "永安", "汇通", "德润", "华晟", "众诚", "凯盛", "海川", "北辰", "中汇", "力拓",
    "祥瑞", "银河", "长城", "泰和", "宏图", "东方",
];

struct IndustryPlan {
    industry: &'static str,
    company_word: &'static str,
    products: &'static [&'static str],
}

const PLANS: &[IndustryPlan] = &[
    IndustryPlan {
        industry: "钢铁冶金",
        company_word: "钢铁",
        products: &[
            "年产50万吨精品钢材",
            "年产30万吨高强度螺纹钢",
            "钢渣综合利用",
            "年产10万吨高端精密铸件",
            "合金钢锻造",
        ],
    },
    IndustryPlan {
        industry: "新材料",
        company_word: "新材料",
        products: &[
            "年产2万吨碳纤维复合材料",
            "高纯石英砂深加工",
            "年产5万吨非金属矿物新材料",
            "硅基负极材料",
            "膨润土深加工",
        ],
    },
    IndustryPlan {
        industry: "汽车及零部件",
        company_word: "汽车零部件",
        products: &[
            "新能源汽车电机壳体",
            "汽车铝合金轮毂",
            "商用车底盘总成",
            "汽车线束生产线",
        ],
    },
    IndustryPlan {
        industry: "装备制造",
        company_word: "重工",
        products: &[
            "矿山机械装备制造",
            "智能输送装备",
            "风电塔筒制造",
            "液压支架再制造",
        ],
    },
    IndustryPlan {
        industry: "新能源",
        company_word: "新能源",
        products: &[
            "20万千瓦风电",
            "10万千瓦分布式光伏",
            "储能电站",
            "生物质热电联产",
            "氢能综合利用",
        ],
    },
    IndustryPlan {
        industry: "农产品深加工",
        company_word: "食品",
        products: &[
            "年产5万吨杂粮深加工",
            "肉牛屠宰及精深加工",
            "食用菌产业园",
            "果蔬冷链加工",
        ],
    },
    IndustryPlan {
        industry: "现代物流",
        company_word: "物流",
        products: &["冷链物流园", "公铁联运物流港", "电商仓储分拨中心"],
    },
    IndustryPlan {
        industry: "文化旅游",
        company_word: "文旅",
        products: &["红山文化旅游区", "温泉康养小镇", "乡村旅游综合体"],
    },
    IndustryPlan {
        industry: "数字经济",
        company_word: "数字科技",
        products: &["大数据中心", "工业互联网平台", "数字乡村服务中心"],
    },
    IndustryPlan {
        industry: "生物医药",
        company_word: "生物",
        products: &["中药材种植加工", "医用防护用品生产", "生物制药原料"],
    },
    IndustryPlan {
        industry: "现代服务业",
        company_word: "商贸",
        products: &["城市综合体", "商贸物流中心", "职业技能培训基地"],
    },
];

const PARKS: &[&str] = &[
    "凌源经济开发区",
    "凌源市工业园区",
    "凌源钢铁产业园",
    "凌源现代农业产业园",
];
const ENCLAVE_PARKS: &[&str] = &["朝阳·京津冀飞地产业园", "凌源（天津）飞地园区"];
const UNITS: &[&str] = &[
    "凌源经济开发区管委会",
    "市发展和改革局",
    "市工业和信息化局",
    "市农业农村局",
    "市商务局",
    "市自然资源局",
];
const DESTINATIONS_JJJ: &[(&str, &str)] = &[
    ("110108", "北京 中关村"),
    ("110105", "北京 朝阳区"),
    ("110112", "北京 通州"),
    ("120116", "天津 滨海新区"),
    ("120104", "天津 南开区"),
    ("130203", "唐山"),
    ("130602", "保定"),
    ("131002", "廊坊"),
    ("130102", "石家庄"),
];
const DESTINATIONS_OTHER: &[(&str, &str)] = &[
    ("310115", "上海 浦东"),
    ("320505", "苏州 高新区"),
    ("330106", "杭州"),
    ("440305", "深圳 南山"),
    ("440604", "佛山"),
    ("210102", "沈阳"),
    ("370202", "青岛"),
];

#[derive(Clone, Copy, PartialEq)]
enum Region {
    Jjj,
    Yrd,
    Prd,
    Northeast,
    Local,
    Domestic,
}

impl Region {
    fn origins(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Region::Jjj => JJJ,
            Region::Yrd => YRD,
            Region::Prd => PRD,
            Region::Northeast => NORTHEAST,
            Region::Local => LOCAL,
            Region::Domestic => DOMESTIC,
        }
    }
}

/// One planned project: who, from where, how big, which flags and its dated history.
struct Plan {
    team: usize,
    region: Region,
    amount: i64,
    key: bool,
    enclave: bool,
    relocation: bool,
    high_energy: bool,
    history: Vec<(Stage, NaiveDate, Option<ConstructionKind>)>,
    /// Days in H1 2022 on which the project had a (non-trip) contact.
    contacts: Vec<NaiveDate>,
    /// Whether its signing day had a 视频洽谈 (云签约).
    video_signing: bool,
}

struct Demo<'a> {
    conn: &'a Connection,
    today: NaiveDate,
    rng: StdRng,
    teams: Vec<String>,
    /// Officers per team.
    officers: Vec<Vec<String>>,
    industries: Vec<(String, String)>,
    company_names: std::collections::HashSet<String>,
    project_names: std::collections::HashSet<String>,
}

fn day_between(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0) as u64;
    from + Days::new(rng.random_range(0..=span))
}

impl Demo<'_> {
    fn industry(&self, name: &str) -> String {
        self.industries
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| id.clone())
            .expect("seeded industry")
    }

    fn officer(&mut self, team: usize) -> String {
        let list = &self.officers[team];
        list[self.rng.random_range(0..list.len())].clone()
    }

    fn company(&mut self, region: Region, plan: &IndustryPlan) -> Result<String> {
        let origins = region.origins();
        let (code, place) = origins[self.rng.random_range(0..origins.len())];
        let name = loop {
            let w = WORD1[self.rng.random_range(0..WORD1.len())];
            let w2 = WORD1[self.rng.random_range(0..WORD1.len())];
            let suffix = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]
                [self.rng.random_range(0..4)];
            let n = format!(
                "{place}{w}{}{}{suffix}",
                if w2 != w { w2 } else { "" },
                plan.company_word
            );
            if self.company_names.insert(n.clone()) {
                break n;
            }
        };
        let credit_code = self.rng.random_bool(0.6).then(|| {
            let body: String = (0..7)
                .map(|_| b"0123456789ABCDEFGHJKLMNPQRTUWXY"[self.rng.random_range(0..31)] as char)
                .collect();
            crate::credit_code::with_check_char(&format!("91{code}MA{body}"))
        });
        let contact = format!(
            "{}{}",
            SURNAMES[self.rng.random_range(0..SURNAMES.len())],
            ["总", "经理", "董事长", "主任"][self.rng.random_range(0..4)]
        );
        let c = companies::create(
            self.conn,
            &CompanyInput {
                name,
                credit_code,
                origin_code: Some(code.to_string()),
                overseas: false,
                industry_id: Some(self.industry(plan.industry)),
                contact_person: Some(contact),
                contact_phone: Some(format!(
                    "1{}",
                    self.rng.random_range(3_000_000_000u64..9_999_999_999)
                )),
                notes: None,
            },
        )?;
        Ok(c.id)
    }

    fn project(&mut self, plan: &Plan) -> Result<String> {
        let ip = &PLANS[self.rng.random_range(0..PLANS.len())];
        let company = self.company(plan.region, ip)?;
        let name = loop {
            let product = ip.products[self.rng.random_range(0..ip.products.len())];
            let n = if self.rng.random_bool(0.5) {
                format!("{product}项目")
            } else {
                format!(
                    "{}{product}项目",
                    WORD1[self.rng.random_range(0..WORD1.len())]
                )
            };
            if self.project_names.insert(n.clone()) {
                break n;
            }
        };
        let officer = self.officer(plan.team);
        let sponsor = self.officers[plan.team][0].clone();
        let park = if plan.enclave {
            ENCLAVE_PARKS[self.rng.random_range(0..ENCLAVE_PARKS.len())]
        } else {
            PARKS[self.rng.random_range(0..PARKS.len())]
        };
        let (first, first_on, _) = plan.history[0];
        let open = matches!(
            plan.history.last().map(|h| h.0),
            Some(Stage::Lead | Stage::Negotiating | Stage::Signed)
        );
        let p = projects::create(
            self.conn,
            &NewProject {
                project: ProjectInput {
                    name,
                    company_id: Some(company),
                    content: Some(format!(
                        "{}，总投资{}。",
                        ip.products[0],
                        crate::util::zh_money(plan.amount)
                    )),
                    total_investment: plan.amount,
                    industry_id: Some(self.industry(ip.industry)),
                    region_group_override: None,
                    enclave: plan.enclave,
                    relocation: plan.relocation,
                    key_project: plan.key,
                    high_energy: plan.high_energy,
                    park: Some(park.to_string()),
                    team_id: Some(self.teams[plan.team].clone()),
                    officer_id: Some(officer.clone()),
                    sponsor_id: Some(sponsor),
                    responsible_unit: Some(
                        UNITS[self.rng.random_range(0..UNITS.len())].to_string(),
                    ),
                    coordination_issues: (open && self.rng.random_bool(0.3)).then(|| {
                        [
                            "用地指标待落实",
                            "环评手续办理中",
                            "电力增容需协调",
                            "融资方案待确定",
                        ][self.rng.random_range(0..4)]
                        .to_string()
                    }),
                    next_step: open.then(|| {
                        [
                            "7月中旬赴企业总部再次洽谈",
                            "推动签订正式投资协议",
                            "协调办理施工许可",
                            "邀请企业来凌考察",
                        ][self.rng.random_range(0..4)]
                        .to_string()
                    }),
                    notes: None,
                    follow_up_on: (open && self.rng.random_bool(0.25))
                        .then(|| day_between(&mut self.rng, d(2022, 6, 20), d(2022, 7, 20))),
                },
                first_stage: first,
                first_stage_on: first_on,
            },
            self.today,
        )?;
        for (stage, on, kind) in &plan.history[1..] {
            projects::record_stage_change(
                self.conn,
                &p.id,
                &StageChangeInput {
                    to_stage: *stage,
                    changed_on: *on,
                    construction_kind: *kind,
                    added_investment: 0,
                    officer_id: Some(officer.clone()),
                    note: None,
                },
                self.today,
            )?;
        }
        Ok(p.id)
    }

    #[allow(clippy::too_many_arguments)]
    fn activity(
        &mut self,
        kind: ActivityKind,
        on: NaiveDate,
        team: usize,
        destination: Option<(&str, &str)>,
        companies: Vec<String>,
        projects: Vec<String>,
        summary: String,
    ) -> Result<()> {
        let mut officers = vec![self.officer(team)];
        if self.rng.random_bool(0.4) {
            let other = self.officer(team);
            if other != officers[0] {
                officers.push(other);
            }
        }
        activities::create(
            self.conn,
            &ActivityInput {
                kind,
                occurred_on: on,
                place: destination.map(|(_, p)| p.to_string()),
                destination_code: destination.map(|(c, _)| c.to_string()),
                summary: Some(summary),
                follow_up_on: None,
                officer_ids: officers,
                company_ids: companies,
                project_ids: projects,
            },
            self.today,
        )?;
        Ok(())
    }
}

/// Amounts of the 108 key projects by band, and of the other projects.
fn amount_in(rng: &mut StdRng, tier: Tier) -> i64 {
    let wan = match tier {
        Tier::Over10Yi => rng.random_range(100_000..250_000),
        Tier::Over1Yi => rng.random_range(10_000..60_000),
        Tier::Over5000Wan => rng.random_range(5_000..10_000),
        Tier::Under5000Wan => rng.random_range(800..5_000),
    };
    (wan / 100 * 100) as i64 * WAN
}

/// Creates the demo ledger at `path` (a new file; an existing ledger with data is refused).
pub fn create_demo_ledger(path: &Path) -> Result<Ledger> {
    let mut ledger = Ledger::open(path)?;
    if !ledger.teams()?.is_empty() || ledger.list_projects(&Default::default())?.total > 0 {
        return Err(crate::Error::Conflict(format!(
            "“{}”已有数据，演示台账只能写入新文件。",
            path.display()
        )));
    }
    ledger.set_today(Some(demo_today()));
    ledger.set_local_city_code(Some("211300"))?;
    ledger.set_office_name(Some("凌源市投资促进服务中心"))?;
    let industries: Vec<(String, String)> = ledger
        .industries()?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    ledger.write(|tx, today| build(tx, today, industries))?;
    ledger.finish_setup(Some("凌源市投资促进服务中心"))?;
    ledger.set_today(None);
    Ok(ledger)
}

fn build(conn: &Connection, today: NaiveDate, industries: Vec<(String, String)>) -> Result<()> {
    let mut demo = Demo {
        conn,
        today,
        rng: StdRng::seed_from_u64(20220630),
        teams: Vec::new(),
        officers: Vec::new(),
        industries,
        company_names: Default::default(),
        project_names: Default::default(),
    };
    // Teams and officers: 6 teams, 40 officers; the first of each team is its leader (包保领导).
    let mut names: Vec<String> = Vec::new();
    for (i, g) in GIVEN.iter().enumerate() {
        names.push(format!("{}{g}", SURNAMES[(i * 7 + 3) % SURNAMES.len()]));
    }
    let sizes = [8, 7, 6, 6, 7, 6];
    let mut next = 0;
    for (t, name) in TEAMS.iter().enumerate() {
        let team = teams::create(conn, name)?;
        let mut list = Vec::new();
        for k in 0..sizes[t] {
            let o = officers::create(
                conn,
                &OfficerInput {
                    name: names[next].clone(),
                    team_id: Some(team.id.clone()),
                    title: Some(
                        if k == 0 {
                            "组长（包保领导）"
                        } else {
                            "招商专员"
                        }
                        .to_string(),
                    ),
                    phone: Some(format!("139{:08}", 24_100_000 + next * 7_919)),
                },
            )?;
            next += 1;
            list.push(o.id);
        }
        demo.teams.push(team.id);
        demo.officers.push(list);
    }

    let plans = plan_projects(&mut demo.rng);
    // Create projects in date order of their first stage (like a real ledger filling up).
    let mut created: Vec<(usize, String)> = Vec::new();
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|&i| plans[i].history[0].1);
    for i in order {
        let id = demo.project(&plans[i])?;
        created.push((i, id));
    }
    created.sort();
    let ids: Vec<String> = created.into_iter().map(|(_, id)| id).collect();

    let h1 = (d(2022, 1, 4), d(2022, 6, 29));
    // Contacts in H1 2022 (not trips): visits, calls, video talks, ceremonies on signing days.
    for (i, plan) in plans.iter().enumerate() {
        for on in &plan.contacts {
            let kind = [
                ActivityKind::IncomingVisit,
                ActivityKind::Call,
                ActivityKind::VideoMeeting,
                ActivityKind::PromotionEvent,
            ][demo.rng.random_range(0..4)];
            // Only the planned 云签约 projects may have a video talk on their signing day.
            let signing_day = plan
                .history
                .iter()
                .any(|(s, d, _)| *s == Stage::Signed && d == on);
            let kind = if signing_day && kind == ActivityKind::VideoMeeting {
                ActivityKind::IncomingVisit
            } else {
                kind
            };
            let summary = match kind {
                ActivityKind::IncomingVisit => "企业负责人来凌考察项目选址，介绍园区配套与优惠政策",
                ActivityKind::Call => "电话沟通项目进展，确认下一步对接安排",
                ActivityKind::VideoMeeting => "视频洽谈投资方案及用地需求",
                _ => "参加招商推介会，重点对接项目",
            };
            demo.activity(
                kind,
                *on,
                plan.team,
                None,
                vec![],
                vec![ids[i].clone()],
                summary.into(),
            )?;
        }
        if let Some((_, signed_on, _)) = plan
            .history
            .iter()
            .find(|(s, on, _)| *s == Stage::Signed && *on >= d(2022, 1, 1))
        {
            let kind = if plan.video_signing {
                ActivityKind::VideoMeeting
            } else {
                ActivityKind::SigningCeremony
            };
            let summary = if plan.video_signing {
                "“云签约”：视频连线签订投资协议"
            } else {
                "举行项目签约仪式"
            };
            demo.activity(
                kind,
                *signed_on,
                plan.team,
                None,
                vec![],
                vec![ids[i].clone()],
                summary.into(),
            )?;
        }
    }

    // 外出招商 to 京津冀 in H1 2022: 36 by the 京津冀招商组, 132 by the others. Each trip visits
    // projects already in talks in that period (so the trip adds no new contacted project).
    let contacted_jjj = |team_is_1: bool| -> Vec<usize> {
        plans
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.region == Region::Jjj && !p.contacts.is_empty() && ((p.team == 0) == team_is_1)
            })
            .map(|(i, _)| i)
            .collect()
    };
    let t1_targets = contacted_jjj(true);
    let other_targets = contacted_jjj(false);
    for (n, team_one) in [(36usize, true), (132, false)] {
        for _ in 0..n {
            let team = if team_one {
                0
            } else {
                demo.rng.random_range(1..6)
            };
            let pool = if team_one {
                &t1_targets
            } else {
                &other_targets
            };
            let visits: Vec<String> = (0..demo.rng.random_range(0..3))
                .map(|_| ids[pool[demo.rng.random_range(0..pool.len())]].clone())
                .collect();
            let on = day_between(&mut demo.rng, h1.0, h1.1);
            // The trip can only visit projects contacted on or before… any H1 day is fine:
            // those projects are in talks within the period either way.
            let dest = DESTINATIONS_JJJ[demo.rng.random_range(0..DESTINATIONS_JJJ.len())];
            demo.activity(
                ActivityKind::OutboundTrip,
                on,
                team,
                Some(dest),
                vec![],
                visits,
                "赴京津冀拜访企业总部，宣传推介凌源投资环境".into(),
            )?;
        }
    }
    // Trips elsewhere in H1 2022 (other regions' projects).
    for _ in 0..64 {
        let team = demo.rng.random_range(1..6);
        let on = day_between(&mut demo.rng, h1.0, h1.1);
        let dest = DESTINATIONS_OTHER[demo.rng.random_range(0..DESTINATIONS_OTHER.len())];
        demo.activity(
            ActivityKind::OutboundTrip,
            on,
            team,
            Some(dest),
            vec![],
            vec![],
            "赴外地开展产业链招商，走访目标企业".into(),
        )?;
    }
    // 2021: trips and contacts, so that 同比 has a base (toward 京津冀 fewer than in 2022).
    let old: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].history[0].1 < d(2021, 12, 1))
        .collect();
    for k in 0..260 {
        let team = if k % 5 == 0 {
            0
        } else {
            demo.rng.random_range(1..6)
        };
        let on = day_between(&mut demo.rng, d(2021, 1, 5), d(2021, 12, 28));
        let jjj = k % 2 == 0;
        let dest = if jjj {
            DESTINATIONS_JJJ[demo.rng.random_range(0..DESTINATIONS_JJJ.len())]
        } else {
            DESTINATIONS_OTHER[demo.rng.random_range(0..DESTINATIONS_OTHER.len())]
        };
        let candidates: Vec<&usize> = old
            .iter()
            .filter(|&&i| plans[i].history[0].1 <= on)
            .collect();
        let visit: Vec<String> = candidates
            .choose(&mut demo.rng)
            .map(|&&i| ids[i].clone())
            .into_iter()
            .collect();
        demo.activity(
            ActivityKind::OutboundTrip,
            on,
            team,
            Some(dest),
            vec![],
            visit,
            "外出招商，走访重点企业".into(),
        )?;
    }
    for _ in 0..240 {
        let i = old[demo.rng.random_range(0..old.len())];
        let from = plans[i].history[0].1;
        if from >= d(2021, 12, 31) {
            continue;
        }
        let on = day_between(&mut demo.rng, from, d(2021, 12, 31));
        let kind = [ActivityKind::IncomingVisit, ActivityKind::Call][demo.rng.random_range(0..2)];
        demo.activity(
            kind,
            on,
            plans[i].team,
            None,
            vec![],
            vec![ids[i].clone()],
            "跟进项目洽谈进展".into(),
        )?;
    }
    // The 京津冀招商组's phone outreach in H1 2022: 2,046 companies called, none a project yet.
    for n in 0..2046 {
        let region = if n % 10 < 8 {
            Region::Jjj
        } else {
            Region::Domestic
        };
        let ip = &PLANS[n % PLANS.len()];
        let company = demo.company(region, ip)?;
        let on = day_between(&mut demo.rng, h1.0, h1.1);
        demo.activity(
            ActivityKind::Call,
            on,
            0,
            None,
            vec![company],
            vec![],
            "电话摸排企业产业转移意向".into(),
        )?;
    }

    // The 2022 plan (DESIGN.md §4).
    for (period, metric, value, label) in [
        (
            TargetPeriod::Year,
            TargetMetric::SignedOver5000Wan,
            100,
            Some("引进5000万元以上项目"),
        ),
        (
            TargetPeriod::Year,
            TargetMetric::KeyProjects,
            200,
            Some("重点项目"),
        ),
        (TargetPeriod::Q1, TargetMetric::Started, 45, None),
        (TargetPeriod::Q1, TargetMetric::StartedNew, 12, None),
        (TargetPeriod::Q1, TargetMetric::StartedResumed, 33, None),
        (TargetPeriod::Q2, TargetMetric::Started, 85, None),
        (TargetPeriod::Q2, TargetMetric::StartedNew, 52, None),
        (TargetPeriod::Q2, TargetMetric::StartedResumed, 33, None),
        (TargetPeriod::Q3, TargetMetric::StartedNew, 37, None),
    ] {
        targets::create(
            conn,
            &TargetInput {
                year: 2022,
                period,
                metric,
                value,
                region_group_id: None,
                team_id: None,
                label: label.map(str::to_string),
            },
        )?;
    }
    Ok(())
}

/// The project plan. Groups are built so that each published figure is exactly one group's
/// size; everything else lies outside the constrained scopes or periods.
fn plan_projects(rng: &mut StdRng) -> Vec<Plan> {
    let mut plans: Vec<Plan> = Vec::new();
    let h1 = (d(2022, 1, 4), d(2022, 6, 28));
    let early = (d(2021, 1, 5), d(2021, 9, 30));

    // Key-project amounts: T1 × 京津冀 get 23 fixed amounts summing to exactly 17.15亿元;
    // the other 85 key projects draw from bands so the office has 3 / 34 / 53 / 18.
    let t1_key_wan: Vec<i64> = {
        let mut v = vec![15_000, 12_000, 18_000, 10_500, 20_000]; // 7.55亿 in 1–10亿
                                                                  // 18 in 5000万–1亿 totalling 9.6亿
        v.extend([
            5_200, 5_500, 6_000, 5_800, 5_000, 6_000, 5_300, 5_100, 5_600, 5_400, 5_000, 5_000,
            5_200, 5_500, 5_000, 5_300, 5_100, 5_000,
        ]);
        v
    };
    debug_assert_eq!(t1_key_wan.iter().sum::<i64>(), 171_500);
    let mut other_key_tiers: Vec<Tier> = Vec::new();
    other_key_tiers.extend(std::iter::repeat_n(Tier::Over10Yi, 3));
    other_key_tiers.extend(std::iter::repeat_n(Tier::Over1Yi, 34 - 5));
    other_key_tiers.extend(std::iter::repeat_n(Tier::Over5000Wan, 53 - 18));
    other_key_tiers.extend(std::iter::repeat_n(Tier::Under5000Wan, 18));
    other_key_tiers.shuffle(rng);
    let mut t1_key = t1_key_wan.into_iter();
    let mut other_key = other_key_tiers;

    let contacts = |rng: &mut StdRng, n: usize, from: NaiveDate| -> Vec<NaiveDate> {
        (0..n)
            .map(|_| day_between(rng, from.max(h1.0), h1.1))
            .collect()
    };
    let plain = |rng: &mut StdRng| {
        let tier = [
            Tier::Over1Yi,
            Tier::Over5000Wan,
            Tier::Under5000Wan,
            Tier::Under5000Wan,
        ][rng.random_range(0..4)];
        amount_in(rng, tier)
    };
    let push = |plans: &mut Vec<Plan>, p: Plan| plans.push(p);

    // ── 京津冀招商组 (team 0) ──
    // (a) 12 from 京津冀 first signed in H1 2022: 8 relocations, 6 by video, 8 key.
    for k in 0..12 {
        let lead = day_between(rng, early.0, early.1);
        let talks = day_between(rng, lead + Days::new(20), d(2021, 12, 20));
        let signed = day_between(rng, d(2022, 2, 10), h1.1);
        let key = k < 8;
        push(
            &mut plans,
            Plan {
                team: 0,
                region: Region::Jjj,
                amount: if key {
                    t1_key.next().expect("23 amounts") * WAN
                } else {
                    plain(rng)
                },
                key,
                enclave: false,
                relocation: k % 3 != 2 && k < 11,
                high_energy: false,
                history: vec![
                    (Stage::Lead, lead, None),
                    (Stage::Negotiating, talks, None),
                    (Stage::Signed, signed, None),
                ],
                contacts: contacts(rng, 2, d(2022, 1, 4)),
                video_signing: k % 2 == 0,
            },
        );
    }
    // (b) 4 from 京津冀 signed in 2021, started in H1 2022.
    for _ in 0..4 {
        let lead = day_between(rng, d(2020, 11, 1), d(2021, 3, 1));
        let signed = day_between(rng, d(2021, 5, 1), d(2021, 10, 30));
        let started = day_between(rng, d(2022, 3, 1), h1.1);
        push(
            &mut plans,
            Plan {
                team: 0,
                region: Region::Jjj,
                amount: plain(rng),
                key: false,
                enclave: false,
                relocation: true,
                high_energy: false,
                history: vec![
                    (Stage::Lead, lead, None),
                    (Stage::Signed, signed, None),
                    (Stage::Started, started, Some(ConstructionKind::New)),
                ],
                contacts: contacts(rng, 1, d(2022, 1, 4)),
                video_signing: false,
            },
        );
    }
    // (c) 21 in talks at the end of June (京津冀, relocations, contacted in H1), 15 key.
    for k in 0..21 {
        let lead = day_between(rng, d(2021, 3, 1), d(2022, 2, 28));
        let talks = day_between(rng, lead + Days::new(7), h1.1);
        let key = k < 15;
        push(
            &mut plans,
            Plan {
                team: 0,
                region: Region::Jjj,
                amount: if key {
                    t1_key.next().expect("23 amounts") * WAN
                } else {
                    plain(rng)
                },
                key,
                enclave: false,
                relocation: true,
                high_energy: false,
                history: vec![(Stage::Lead, lead, None), (Stage::Negotiating, talks, None)],
                contacts: contacts(rng, 2, talks.min(h1.1)),
                video_signing: false,
            },
        );
    }
    // (d) 81 reserve leads at the end of June: 60 from 京津冀 (13 contacted in H1), 21 from
    //     elsewhere; 80 of them relocation leads found by the phone outreach.
    for k in 0..81 {
        let region = if k < 60 {
            Region::Jjj
        } else {
            [Region::Domestic, Region::Northeast][k % 2]
        };
        let lead = day_between(rng, d(2021, 6, 1), h1.1);
        let contacted = k < 13;
        push(
            &mut plans,
            Plan {
                team: 0,
                region,
                amount: amount_in(rng, Tier::Under5000Wan),
                key: false,
                enclave: false,
                relocation: k != 80,
                high_energy: false,
                history: vec![(Stage::Lead, lead, None)],
                contacts: if contacted {
                    contacts(rng, 1, lead)
                } else {
                    vec![]
                },
                video_signing: false,
            },
        );
    }
    // (e) 京津冀 projects of 2021 now under construction or producing (no contact in H1 2022).
    for k in 0..16 {
        let lead = day_between(rng, d(2020, 10, 1), d(2021, 1, 31));
        let signed = if k < 5 {
            day_between(rng, d(2021, 2, 1), d(2021, 6, 25))
        } else {
            day_between(rng, d(2021, 7, 1), d(2021, 9, 30))
        };
        let started = day_between(rng, signed + Days::new(20), d(2021, 11, 10));
        let mut history = vec![
            (Stage::Lead, lead, None),
            (Stage::Signed, signed, None),
            (Stage::Started, started, Some(ConstructionKind::New)),
        ];
        if k % 3 == 0 {
            history.push((
                Stage::Operating,
                day_between(rng, started + Days::new(30), d(2021, 12, 20)),
                None,
            ));
        }
        push(
            &mut plans,
            Plan {
                team: 0,
                region: Region::Jjj,
                amount: plain(rng),
                key: false,
                enclave: false,
                relocation: k % 2 == 0,
                high_energy: k == 5,
                history,
                contacts: vec![],
                video_signing: false,
            },
        );
    }
    // (f) dropped in 2021 (a key one among them: 终止 projects leave the key count).
    for k in 0..5 {
        let lead = day_between(rng, d(2021, 1, 5), d(2021, 5, 1));
        let talks = day_between(rng, lead + Days::new(10), d(2021, 8, 1));
        push(
            &mut plans,
            Plan {
                team: 0,
                region: Region::Jjj,
                amount: plain(rng),
                key: k == 0,
                enclave: false,
                relocation: true,
                high_energy: k == 1,
                history: vec![
                    (Stage::Lead, lead, None),
                    (Stage::Negotiating, talks, None),
                    (
                        Stage::Dropped,
                        day_between(rng, talks + Days::new(10), d(2021, 12, 1)),
                        None,
                    ),
                ],
                contacts: vec![],
                video_signing: false,
            },
        );
    }

    // ── the other five teams' 京津冀 projects ──
    let other_team = |rng: &mut StdRng| rng.random_range(1..6usize);
    fn key_left(rng: &mut StdRng, bands: &mut Vec<Tier>, n: usize, k: usize) -> Option<i64> {
        if k < n {
            bands.pop().map(|t| amount_in(rng, t))
        } else {
            None
        }
    }
    // (g) 15 first signed in H1 2022, 6 key.
    for k in 0..15 {
        let lead = day_between(rng, early.0, d(2021, 12, 1));
        let signed = day_between(rng, d(2022, 1, 10), h1.1);
        let key = key_left(rng, &mut other_key, 6, k);
        push(
            &mut plans,
            Plan {
                team: other_team(rng),
                region: Region::Jjj,
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: false,
                relocation: k % 2 == 0,
                high_energy: k == 3,
                history: vec![
                    (Stage::Lead, lead, None),
                    (
                        Stage::Negotiating,
                        day_between(rng, lead, d(2021, 12, 15)),
                        None,
                    ),
                    (Stage::Signed, signed, None),
                ],
                contacts: contacts(rng, 1, d(2022, 1, 4)),
                video_signing: false,
            },
        );
    }
    // (h) 18 started in H1 2022 (signed in 2021): 12 new, 6 resumed after the winter stop; 8 key.
    for k in 0..18 {
        let lead = day_between(rng, d(2020, 10, 1), d(2021, 2, 1));
        let signed = if k < 6 {
            day_between(rng, d(2021, 3, 1), d(2021, 7, 1))
        } else {
            day_between(rng, d(2021, 7, 10), d(2021, 11, 30))
        };
        let mut history = vec![(Stage::Lead, lead, None), (Stage::Signed, signed, None)];
        if k < 6 {
            history.push((
                Stage::Started,
                day_between(rng, d(2021, 7, 10), d(2021, 9, 30)),
                Some(ConstructionKind::New),
            ));
            history.push((Stage::OnHold, d(2021, 11, 15), None));
            history.push((
                Stage::Started,
                day_between(rng, d(2022, 3, 10), d(2022, 4, 15)),
                Some(ConstructionKind::Resumed),
            ));
        } else {
            history.push((
                Stage::Started,
                day_between(rng, d(2022, 2, 20), h1.1),
                Some(ConstructionKind::New),
            ));
        }
        let key = key_left(rng, &mut other_key, 8, k);
        push(
            &mut plans,
            Plan {
                team: other_team(rng),
                region: Region::Jjj,
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: false,
                relocation: k % 3 == 0,
                high_energy: false,
                history,
                contacts: contacts(rng, 1, d(2022, 1, 4)),
                video_signing: false,
            },
        );
    }
    // (i) 73 more 京津冀 projects in talks or leads, contacted in H1 2022; 10 key.
    for k in 0..73 {
        let lead = day_between(rng, d(2021, 2, 1), d(2022, 5, 31));
        let mut history = vec![(Stage::Lead, lead, None)];
        if k % 3 != 0 {
            history.push((Stage::Negotiating, day_between(rng, lead, h1.1), None));
        }
        let key = key_left(rng, &mut other_key, 10, k);
        push(
            &mut plans,
            Plan {
                team: other_team(rng),
                region: Region::Jjj,
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: false,
                relocation: k % 4 == 0,
                high_energy: false,
                contacts: contacts(rng, 1 + k % 2, history.last().map(|h| h.1).unwrap_or(lead)),
                history,
                video_signing: false,
            },
        );
    }
    // (j) 京津冀 projects of other teams settled in 2021 (for 同比), untouched in H1 2022.
    for k in 0..30 {
        let lead = day_between(rng, d(2020, 11, 1), d(2021, 2, 1));
        let signed = if k % 3 == 0 {
            day_between(rng, d(2021, 2, 10), d(2021, 6, 28))
        } else {
            day_between(rng, d(2021, 7, 5), d(2021, 9, 28))
        };
        let mut history = vec![(Stage::Lead, lead, None), (Stage::Signed, signed, None)];
        if k % 2 == 0 {
            history.push((
                Stage::Started,
                day_between(rng, signed + Days::new(10), d(2021, 10, 31)),
                Some(ConstructionKind::New),
            ));
        }
        push(
            &mut plans,
            Plan {
                team: other_team(rng),
                region: Region::Jjj,
                amount: plain(rng),
                key: false,
                enclave: false,
                relocation: false,
                high_energy: false,
                history,
                contacts: vec![],
                video_signing: false,
            },
        );
    }

    // ── 飞地 projects (飞地园区招商组, from outside 京津冀) ──
    let enclave_region =
        |k: usize| [Region::Yrd, Region::Prd, Region::Local, Region::Domestic][k % 4];
    // (k) 19 first signed in H1 2022; 5 key.
    for k in 0..19 {
        let lead = day_between(rng, d(2021, 3, 1), d(2021, 12, 1));
        let signed = day_between(rng, d(2022, 1, 10), h1.1);
        let key = key_left(rng, &mut other_key, 5, k);
        push(
            &mut plans,
            Plan {
                team: 4,
                region: enclave_region(k),
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: true,
                relocation: false,
                high_energy: false,
                history: vec![
                    (Stage::Lead, lead, None),
                    (
                        Stage::Negotiating,
                        day_between(rng, lead, d(2021, 12, 20)),
                        None,
                    ),
                    (Stage::Signed, signed, None),
                ],
                contacts: vec![signed],
                video_signing: false,
            },
        );
    }
    // (l) 18 started in H1 2022 (signed in 2021); 6 key.
    for k in 0..18 {
        let lead = day_between(rng, d(2020, 10, 1), d(2021, 3, 1));
        let signed = day_between(rng, d(2021, 4, 1), d(2021, 11, 30));
        let key = key_left(rng, &mut other_key, 6, k);
        push(
            &mut plans,
            Plan {
                team: 4,
                region: enclave_region(k + 1),
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: true,
                relocation: false,
                high_energy: false,
                history: vec![
                    (Stage::Lead, lead, None),
                    (Stage::Signed, signed, None),
                    (
                        Stage::Started,
                        day_between(rng, d(2022, 3, 1), h1.1),
                        Some(ConstructionKind::New),
                    ),
                ],
                contacts: contacts(rng, 1, d(2022, 2, 1)),
                video_signing: false,
            },
        );
    }
    // (m) 38 in talks at the end of June; 5 key.
    for k in 0..38 {
        let lead = day_between(rng, d(2021, 5, 1), d(2022, 4, 30));
        let key = key_left(rng, &mut other_key, 5, k);
        push(
            &mut plans,
            Plan {
                team: 4,
                region: enclave_region(k + 2),
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: true,
                relocation: false,
                high_energy: false,
                history: vec![
                    (Stage::Lead, lead, None),
                    (Stage::Negotiating, day_between(rng, lead, h1.1), None),
                ],
                contacts: contacts(rng, 1, d(2022, 1, 4)),
                video_signing: false,
            },
        );
    }

    // ── everything else: other regions, every stage; 45 key ──
    let mut rest_keys = 0;
    for k in 0..240 {
        let region = [
            Region::Yrd,
            Region::Prd,
            Region::Northeast,
            Region::Local,
            Region::Domestic,
        ][k % 5];
        let team = [1, 2, 3, 3, 5][k % 5];
        let lead = day_between(rng, d(2021, 1, 5), d(2022, 5, 20));
        let mut history = vec![(Stage::Lead, lead, None)];
        let mut on = lead;
        let mut step = |rng: &mut StdRng,
                        s: Stage,
                        kind: Option<ConstructionKind>,
                        history: &mut Vec<_>|
         -> bool {
            let next = on + Days::new(rng.random_range(15..120));
            if next > h1.1 {
                return false;
            }
            on = next;
            history.push((s, next, kind));
            true
        };
        let depth = rng.random_range(0..5);
        let _ = depth >= 1
            && step(rng, Stage::Negotiating, None, &mut history)
            && depth >= 2
            && step(rng, Stage::Signed, None, &mut history)
            && depth >= 3
            && step(
                rng,
                Stage::Started,
                Some(ConstructionKind::New),
                &mut history,
            )
            && depth >= 4
            && step(rng, Stage::Operating, None, &mut history);
        if k % 17 == 0 {
            step(rng, Stage::OnHold, None, &mut history);
        } else if k % 23 == 0 {
            step(rng, Stage::Dropped, None, &mut history);
        }
        let dropped = history.last().map(|h| h.0) == Some(Stage::Dropped);
        let key = if dropped || k % 4 != 0 || rest_keys == 45 {
            None
        } else {
            rest_keys += 1;
            other_key.pop().map(|t| amount_in(rng, t))
        };
        let n_contacts = if on >= d(2022, 1, 1) || k % 2 == 0 {
            1
        } else {
            0
        };
        push(
            &mut plans,
            Plan {
                team,
                region,
                amount: key.unwrap_or_else(|| plain(rng)),
                key: key.is_some(),
                enclave: false,
                relocation: false,
                high_energy: k % 29 == 0,
                contacts: contacts(rng, n_contacts, lead.max(d(2022, 1, 4))),
                history,
                video_signing: false,
            },
        );
    }
    // Any key bands not yet handed out go to further projects of the last group.
    for tier in std::mem::take(&mut other_key) {
        let lead = day_between(rng, d(2021, 6, 1), d(2022, 5, 1));
        push(
            &mut plans,
            Plan {
                team: 5,
                region: Region::Yrd,
                amount: amount_in(rng, tier),
                key: true,
                enclave: false,
                relocation: false,
                high_energy: false,
                history: vec![
                    (Stage::Lead, lead, None),
                    (Stage::Negotiating, day_between(rng, lead, h1.1), None),
                ],
                contacts: vec![],
                video_signing: false,
            },
        );
    }
    plans
}
