//! A synthetic ledger spreadsheet (`zhaoshang io-bench`): N rows in the export's own layout,
//! from a fixed seed, to time import, export and search at scale.

use chrono::NaiveDate;
use zhaoshang_core::io::export::LedgerRow;
use zhaoshang_core::Stage;

use crate::synthetic::names::{team_name, ROW_WORDS};

const PLACES: &[&str] = &[
    "北京市海淀区",
    "天津市滨海新区",
    "河北省唐山市",
    "上海市浦东新区",
    "江苏省苏州市",
    "浙江省杭州市",
    "广东省深圳市",
    "辽宁省大连市",
    "吉林省长春市",
    "山东省青岛市",
];
const INDUSTRIES: &[&str] = &[
    "汽车及零部件",
    "钢铁冶金",
    "新材料",
    "装备制造",
    "新能源",
    "农产品深加工",
    "现代物流",
    "文化旅游",
    "数字经济",
    "生物医药",
];

/// A synthetic ledger of `n` rows in the export's own layout (via the core's writer).
pub fn ledger_rows(n: u32) -> Vec<LedgerRow> {
    let mut seed = 0x2022_0630u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let day = |k: usize| {
        NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new((k % 540) as u64)
    };
    (0..n as usize)
        .map(|i| {
            let w = |k: usize| ROW_WORDS[k % ROW_WORDS.len()];
            let company = format!("{}{}{}有限公司{}", w(next()), w(next()), w(i / 7), i / 3);
            let registered = day(next());
            let stage = match next() % 10 {
                0..=3 => Stage::Lead,
                4..=6 => Stage::Negotiating,
                7 => Stage::Signed,
                8 => Stage::Started,
                _ => Stage::Operating,
            };
            let signed = (matches!(stage, Stage::Signed | Stage::Started | Stage::Operating))
                .then(|| registered + chrono::Days::new(30));
            let started = (matches!(stage, Stage::Started | Stage::Operating))
                .then(|| registered + chrono::Days::new(90));
            let operating =
                (stage == Stage::Operating).then(|| registered + chrono::Days::new(200));
            LedgerRow {
                name: format!(
                    "年产{}万吨{}{}项目{i}",
                    next() % 90 + 10,
                    w(next()),
                    w(next())
                ),
                company: Some(company),
                credit_code: None,
                origin: Some(PLACES[next() % PLACES.len()].to_string()),
                region_group: None,
                industry: Some(INDUSTRIES[next() % INDUSTRIES.len()].to_string()),
                total_investment: ((next() % 20_000) as i64 + 100) * 10_000,
                content: Some("新建标准化厂房及生产线".into()),
                stage,
                registered_on: Some(registered),
                signed_on: signed,
                started_on: started,
                operating_on: operating,
                stage_since: operating.or(started).or(signed).unwrap_or(registered),
                construction_kind: None,
                key_project: next() % 10 == 0,
                enclave: next() % 20 == 0,
                relocation: next() % 7 == 0,
                high_energy: false,
                park: Some("经济开发区".into()),
                team: Some(team_name(next() % 6)),
                officer: Some(format!("专员{}", next() % 40)),
                sponsor: Some(format!("领导{}", next() % 8)),
                responsible_unit: Some("商务局".into()),
                coordination_issues: None,
                next_step: None,
                notes: None,
            }
        })
        .collect()
}
