//! The domain's nouns (docs/DOMAIN.md §1). Ids are UUIDv7 strings made on the device; money is
//! integer 元 (`i64`); dates are calendar days (`NaiveDate`, "YYYY-MM-DD" on the wire); see
//! docs/DOMAIN.md §5.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! domain_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal / $zh:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The Chinese name users see.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
            /// Accepts the stored code or the Chinese name.
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim();
                Self::from_code(t).or_else(|| Self::ALL.iter().copied().find(|v| v.label() == t))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                Self::from_code(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} code {s:?}", stringify!($name)).into()))
            }
        }
    };
}

domain_enum!(
    /// 阶段: 线索 → 洽谈 → 签约 → 开工(落地) → 投产; side exits 搁置, 终止.
    Stage {
        Lead = "lead" / "线索",
        Negotiating = "negotiating" / "洽谈",
        Signed = "signed" / "签约",
        Started = "started" / "开工",
        Operating = "operating" / "投产",
        OnHold = "on_hold" / "搁置",
        Dropped = "dropped" / "终止",
    }
);

domain_enum!(
    /// 招商活动的类型.
    ActivityKind {
        OutboundTrip = "outbound_trip" / "外出招商",
        IncomingVisit = "incoming_visit" / "来访接待",
        Call = "call" / "电话",
        VideoMeeting = "video_meeting" / "视频洽谈",
        PromotionEvent = "promotion_event" / "推介会",
        SigningCeremony = "signing_ceremony" / "签约仪式",
    }
);

domain_enum!(
    /// 新建 / 续建 / 复工: the kind of a 开工 event.
    ConstructionKind {
        New = "new" / "新建",
        Continued = "continued" / "续建",
        Resumed = "resumed" / "复工",
    }
);

domain_enum!(
    /// Bands of 总投资 used by the offices' reports (exclusive bands; see `Tier::of`).
    Tier {
        Over10Yi = "over_10yi" / "10亿元以上",
        Over1Yi = "over_1yi" / "1亿至10亿元",
        Over5000Wan = "over_5000wan" / "5000万至1亿元",
        Under5000Wan = "under_5000wan" / "5000万元以下",
    }
);

domain_enum!(
    /// What an annual plan figure (目标) counts; each maps to one report metric.
    TargetMetric {
        Trips = "trips" / "外出招商次数",
        Contacted = "contacted" / "对接洽谈项目",
        Signed = "signed" / "签约项目",
        SignedOver5000Wan = "signed_over_5000wan" / "引进5000万元以上项目",
        SignedInvestment = "signed_investment" / "签约总投资（元）",
        Started = "started" / "落地开工项目",
        StartedNew = "started_new" / "新开工项目",
        StartedResumed = "started_resumed" / "复工项目",
        Operating = "operating" / "投产项目",
        KeyProjects = "key_projects" / "重点项目",
    }
);

domain_enum!(
    /// The stretch of a year a target covers.
    TargetPeriod {
        Year = "year" / "全年",
        H1 = "h1" / "上半年",
        H2 = "h2" / "下半年",
        Q1 = "q1" / "一季度",
        Q2 = "q2" / "二季度",
        Q3 = "q3" / "三季度",
        Q4 = "q4" / "四季度",
    }
);

impl Stage {
    /// Stages that count as "still in the pipeline" (not 投产, 终止).
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Operating | Stage::Dropped)
    }
}

pub use crate::util::{WAN, YI};

impl Tier {
    pub fn of(total_investment: i64) -> Tier {
        if total_investment >= 10 * YI {
            Tier::Over10Yi
        } else if total_investment >= YI {
            Tier::Over1Yi
        } else if total_investment >= 5_000 * WAN {
            Tier::Over5000Wan
        } else {
            Tier::Under5000Wan
        }
    }

    /// Half-open range `[min, max)` of 总投资 in 元.
    pub fn range(self) -> (i64, i64) {
        match self {
            Tier::Over10Yi => (10 * YI, i64::MAX),
            Tier::Over1Yi => (YI, 10 * YI),
            Tier::Over5000Wan => (5_000 * WAN, YI),
            Tier::Under5000Wan => (0, 5_000 * WAN),
        }
    }
}

impl TargetPeriod {
    /// First and last day of this part of `year`.
    pub fn range(self, year: i32) -> (NaiveDate, NaiveDate) {
        let (m1, m2) = match self {
            TargetPeriod::Year => (1, 12),
            TargetPeriod::H1 => (1, 6),
            TargetPeriod::H2 => (7, 12),
            TargetPeriod::Q1 => (1, 3),
            TargetPeriod::Q2 => (4, 6),
            TargetPeriod::Q3 => (7, 9),
            TargetPeriod::Q4 => (10, 12),
        };
        let start = NaiveDate::from_ymd_opt(year, m1, 1).expect("valid month");
        (start, crate::reports::period::month_end(year, m2))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Team {
    pub id: String,
    pub name: String,
    pub sort_order: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Officer {
    pub id: String,
    pub name: String,
    pub team_id: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    /// 离岗: the day he left (退休/调离). He stays on his history and in past reports; pickers
    /// for new entries no longer offer him. None while on the staff.
    #[serde(default)]
    pub retired_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OfficerInput {
    pub name: String,
    pub team_id: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
}

/// 产业 (industry; editable list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Industry {
    pub id: String,
    pub name: String,
    pub sort_order: i32,
    /// The 产业链 it belongs to, if any.
    pub chain_id: Option<String>,
}

/// 园区 (editable list; projects name their park).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Park {
    pub id: String,
    pub name: String,
    pub sort_order: i32,
}

/// 产业链: a group of industries (editable list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IndustryChain {
    pub id: String,
    pub name: String,
    pub sort_order: i32,
    /// Its industries, in list order.
    pub industry_ids: Vec<String>,
}

/// 来源区域: 京津冀, 长三角, 珠三角, 东北, 本地, 其他国内, 境外 (editable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RegionGroup {
    pub id: String,
    pub name: String,
    pub sort_order: i32,
    /// Prefecture-level city codes (GB/T 2260) that belong to this group.
    pub city_codes: Vec<String>,
}

/// One GB/T 2260 division (province, prefecture or county).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Division {
    pub code: String,
    pub name: String,
    /// "河北省 唐山市 迁安市".
    pub full_name: String,
    /// 1 province, 2 prefecture, 3 county.
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Company {
    pub id: String,
    pub name: String,
    /// 统一社会信用代码 (18 chars, checksum-validated) when known.
    pub credit_code: Option<String>,
    /// GB/T 2260 code of the investor's origin; `"境外"`-origin companies use `overseas`.
    pub origin_code: Option<String>,
    /// Full name of the origin ("北京市 北京市 海淀区"), for display.
    pub origin_name: Option<String>,
    pub overseas: bool,
    pub industry_id: Option<String>,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: Option<String>,
    /// 法定代表人.
    pub legal_representative: Option<String>,
    /// 注册资本 in 元 (like every amount: shown in 万元 / 亿元).
    pub registered_capital: Option<i64>,
    /// 地址 (注册地址 / 企业地址 / 住所).
    pub address: Option<String>,
    /// 经营范围.
    pub business_scope: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyInput {
    pub name: String,
    pub credit_code: Option<String>,
    pub origin_code: Option<String>,
    pub overseas: bool,
    pub industry_id: Option<String>,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: Option<String>,
    /// 法定代表人. (The four registration fields default to empty: older callers and
    /// change-log snapshots written before schema v5 have none of them.)
    #[serde(default)]
    pub legal_representative: Option<String>,
    /// 注册资本 in 元, ≥ 0.
    #[serde(default)]
    pub registered_capital: Option<i64>,
    /// 地址.
    #[serde(default)]
    pub address: Option<String>,
    /// 经营范围.
    #[serde(default)]
    pub business_scope: Option<String>,
}

impl Company {
    /// The company as its edit form holds it: every field kept (change some, then save).
    pub fn to_input(&self) -> CompanyInput {
        CompanyInput {
            name: self.name.clone(),
            credit_code: self.credit_code.clone(),
            origin_code: self.origin_code.clone(),
            overseas: self.overseas,
            industry_id: self.industry_id.clone(),
            contact_person: self.contact_person.clone(),
            contact_phone: self.contact_phone.clone(),
            notes: self.notes.clone(),
            legal_representative: self.legal_representative.clone(),
            registered_capital: self.registered_capital,
            address: self.address.clone(),
            business_scope: self.business_scope.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Project {
    pub id: String,
    pub name: String,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    /// 建设内容.
    pub content: Option<String>,
    /// 总投资 in 元.
    pub total_investment: i64,
    pub industry_id: Option<String>,
    /// Effective region group: derived from the company's origin unless set by hand.
    pub region_group_id: Option<String>,
    /// True when `region_group_id` was set by hand (docs/DOMAIN.md §2 override).
    pub region_group_manual: bool,
    /// Current stage, derived from the stage history.
    pub stage: Stage,
    /// First 签约 / 开工 / 投产 dates, derived from the stage history.
    pub signed_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub operating_on: Option<NaiveDate>,
    /// Date of the latest stage change (how long it has sat in its stage).
    pub stage_since: NaiveDate,
    pub enclave: bool,
    pub relocation: bool,
    pub key_project: bool,
    pub high_energy: bool,
    /// Kind of the latest 开工 change (新建 / 续建 / 复工), derived from the stage history.
    pub construction_kind: Option<ConstructionKind>,
    pub park: Option<String>,
    pub team_id: Option<String>,
    pub officer_id: Option<String>,
    /// 包保领导 / 项目管家.
    pub sponsor_id: Option<String>,
    pub responsible_unit: Option<String>,
    /// 需协调事项.
    pub coordination_issues: Option<String>,
    pub next_step: Option<String>,
    pub notes: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user types to create or edit a project. Stage is not here: it moves only through
/// dated stage changes (`Ledger::record_stage_change`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectInput {
    pub name: String,
    pub company_id: Option<String>,
    pub content: Option<String>,
    pub total_investment: i64,
    pub industry_id: Option<String>,
    /// Set to override the region group derived from the company's origin.
    pub region_group_override: Option<String>,
    pub enclave: bool,
    pub relocation: bool,
    pub key_project: bool,
    pub high_energy: bool,
    pub park: Option<String>,
    pub team_id: Option<String>,
    pub officer_id: Option<String>,
    pub sponsor_id: Option<String>,
    pub responsible_unit: Option<String>,
    pub coordination_issues: Option<String>,
    pub next_step: Option<String>,
    pub notes: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
}

/// A new project starts with one stage change: by default 线索 today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewProject {
    pub project: ProjectInput,
    pub first_stage: Stage,
    pub first_stage_on: NaiveDate,
    /// The first stage was reached on an unknown date, not later than `first_stage_on`.
    #[serde(default)]
    pub first_stage_date_unknown: bool,
}

/// One dated row of a project's stage history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageChange {
    pub id: String,
    pub project_id: String,
    pub changed_on: NaiveDate,
    /// Stage before this change (None for the first row); derived from the history order.
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    /// For 开工 changes: 新建 / 续建 / 复工.
    pub construction_kind: Option<ConstructionKind>,
    /// True for a 签约 after the project's first signing (协议→合同 升格, a re-signing): it is
    /// counted as an upgrade, never as a new signing.
    pub upgrade: bool,
    /// 增资: extra investment (元) agreed at this change; counted as the increment only.
    pub added_investment: i64,
    pub officer_id: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    /// 日期不详: the stage was reached, but the ledger does not know when. `changed_on` is then
    /// the latest it can have been reached («不晚于»). Counted for the stage a project is in at a
    /// period's end, never as a 签约/开工/投产 inside a period.
    pub date_unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageChangeInput {
    pub to_stage: Stage,
    pub changed_on: NaiveDate,
    pub construction_kind: Option<ConstructionKind>,
    pub added_investment: i64,
    pub officer_id: Option<String>,
    pub note: Option<String>,
    /// 日期不详 (`changed_on` is then «不晚于»); see `StageChange::date_unknown`.
    #[serde(default)]
    pub date_unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Activity {
    pub id: String,
    pub kind: ActivityKind,
    pub occurred_on: NaiveDate,
    /// Where it happened, free text ("北京 中关村").
    pub place: Option<String>,
    /// GB/T 2260 code of the destination (for 外出招商: where the officers went).
    pub destination_code: Option<String>,
    /// Region group of the destination, derived from `destination_code`.
    pub region_group_id: Option<String>,
    pub summary: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    /// Team of the first officer: the team the activity counts for.
    pub team_id: Option<String>,
    pub officer_ids: Vec<String>,
    pub company_ids: Vec<String>,
    pub project_ids: Vec<String>,
    /// 出访详情 (mostly for 外出招商): 团组名称.
    pub trip_group: Option<String>,
    /// 带队领导.
    pub trip_leader: Option<String>,
    /// 成员 (free text: names of those who went besides the linked officers).
    pub trip_members: Option<String>,
    /// 拜访企业 beyond the linked companies (free text).
    pub visited_companies: Option<String>,
    /// 取得成果.
    pub outcomes: Option<String>,
    /// 下一步打算.
    pub next_steps: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// 出访详情 of an activity (团组名称, 带队领导, 成员, 拜访企业, 取得成果, 下一步打算); all free
/// text, stored trimmed, blank as none. 出访地 is the activity's `place` and `destination_code`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct TripDetails {
    pub trip_group: Option<String>,
    pub trip_leader: Option<String>,
    pub trip_members: Option<String>,
    pub visited_companies: Option<String>,
    pub outcomes: Option<String>,
    pub next_steps: Option<String>,
}

impl Activity {
    /// The activity's 出访详情, as an input carries them.
    pub fn trip(&self) -> TripDetails {
        TripDetails {
            trip_group: self.trip_group.clone(),
            trip_leader: self.trip_leader.clone(),
            trip_members: self.trip_members.clone(),
            visited_companies: self.visited_companies.clone(),
            outcomes: self.outcomes.clone(),
            next_steps: self.next_steps.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityInput {
    pub kind: ActivityKind,
    pub occurred_on: NaiveDate,
    pub place: Option<String>,
    pub destination_code: Option<String>,
    pub summary: Option<String>,
    pub follow_up_on: Option<NaiveDate>,
    pub officer_ids: Vec<String>,
    pub company_ids: Vec<String>,
    pub project_ids: Vec<String>,
    /// 出访详情; absent in older callers' JSON (then none).
    #[serde(default)]
    pub trip: TripDetails,
}

/// 目标: an annual plan figure, optionally for one region group or team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Target {
    pub id: String,
    pub year: i32,
    pub period: TargetPeriod,
    pub metric: TargetMetric,
    pub value: i64,
    pub region_group_id: Option<String>,
    pub team_id: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TargetInput {
    pub year: i32,
    pub period: TargetPeriod,
    pub metric: TargetMetric,
    pub value: i64,
    pub region_group_id: Option<String>,
    pub team_id: Option<String>,
    pub label: Option<String>,
}
