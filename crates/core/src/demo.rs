//! The demo ledger: 凌源市投资促进服务中心 from January 2021 to the end of June 2022, whose H1
//! 2022 report reproduces the figures of docs/DOMAIN.md §10 exactly:
//! - toward 京津冀: 168 trips, 156 projects in talks, 27 signed, 22 landed and started;
//! - 飞地 projects: 18 started, 19 newly signed, 38 in talks at the end of June;
//! - 108 key projects (3 of ≥10亿, 34 of 1–10亿, 53 of 5000万–1亿, 18 smaller);
//! - the 京津冀招商组: 36 trips to 京津冀, 50 projects in talks, 23 key ones worth 17.15亿元,
//!   12 signed from 京津冀 (8 of them relocations), 81 reserve and 21 intent projects, 6
//!   signed by video, phone calls to 2,000+ companies and 100+ relocation leads;
//! - the 2022 plan: ≥100 projects of ≥5000万, 200 key projects, starts by quarter (Q1 and Q2
//!   starts reach about 80% of plan).
//!
//! How: every project is planned first, in groups that each make up one published figure (see
//! `plan_projects`); every other project lies outside the constrained scopes or touches none of
//! the constrained metrics in H1 2022. Then everything is written through the table modules the
//! app uses, in one transaction, from fixed seeds: the same ledger every time. No fact is dated
//! before 2021-01-04 or after 2022-06-30.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::*;
use crate::util::zh_money;
use crate::{
    activities, companies, projects, projects::stage_changes, reference::officers,
    reference::teams, reports::targets,
};

/// The day the demo office wrote its H1 2022 report ("today" while generating).
pub fn demo_today() -> NaiveDate {
    d(2022, 6, 30)
}

const OFFICE_NAME: &str = "凌源市投资促进服务中心";
/// 朝阳市: 凌源's prefecture (origins there count as 本地).
const LOCAL_CITY: &str = "211300";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// First and last day of the reproduced report period (H1 2022) on which facts fall.
fn p0() -> NaiveDate {
    d(2022, 1, 4)
}
fn p1() -> NaiveDate {
    d(2022, 6, 30)
}
/// The first day of the ledger's data.
fn y0() -> NaiveDate {
    d(2021, 1, 4)
}

fn plus(on: NaiveDate, days: u64) -> NaiveDate {
    on + Days::new(days)
}
fn minus(on: NaiveDate, days: u64) -> NaiveDate {
    on - Days::new(days)
}

/// Office days: Monday to Friday, outside the public holidays of 2021–2022.
fn is_workday(on: NaiveDate) -> bool {
    type Ymd = (i32, u32, u32);
    const HOLIDAYS: &[(Ymd, Ymd)] = &[
        ((2021, 1, 1), (2021, 1, 3)),
        ((2021, 2, 11), (2021, 2, 17)),
        ((2021, 4, 3), (2021, 4, 5)),
        ((2021, 5, 1), (2021, 5, 5)),
        ((2021, 6, 12), (2021, 6, 14)),
        ((2021, 9, 19), (2021, 9, 21)),
        ((2021, 10, 1), (2021, 10, 7)),
        ((2022, 1, 1), (2022, 1, 3)),
        ((2022, 1, 31), (2022, 2, 6)),
        ((2022, 4, 3), (2022, 4, 5)),
        ((2022, 4, 30), (2022, 5, 4)),
        ((2022, 6, 3), (2022, 6, 5)),
    ];
    !matches!(on.weekday(), Weekday::Sat | Weekday::Sun)
        && !HOLIDAYS
            .iter()
            .any(|&((y1, m1, d1), (y2, m2, d2))| (d(y1, m1, d1)..=d(y2, m2, d2)).contains(&on))
}

fn any_day(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    debug_assert!(from <= to, "empty date range {from}..{to}");
    let span = (to - from).num_days().max(0) as u64;
    from + Days::new(rng.random_range(0..=span))
}

/// A random office day in `from..=to` (any day if the range holds none).
fn workday(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let mut on = any_day(rng, from, to);
    for _ in 0..40 {
        if is_workday(on) {
            break;
        }
        on = any_day(rng, from, to);
    }
    on
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

// ── teams and officers ─────────────────────────────────────────────────────────────────────

/// Team indices: the 京津冀招商组 is the one docs/DOMAIN.md §10 reports on; 飞地 projects belong to
/// the 飞地经济招商组; every other project to the team of its 产业链.
const T_JJJ: usize = 0;
const T_ENCLAVE: usize = 4;

const TEAMS: &[(&str, &[&str])] = &[
    (
        "京津冀招商组",
        &[
            "李振宇",
            "王海峰",
            "张丽娟",
            "刘志强",
            "陈晓东",
            "杨春梅",
            "赵立新",
            "孙雅楠",
        ],
    ),
    (
        "钢铁及装备制造招商组",
        &[
            "周国华",
            "吴德胜",
            "徐宏伟",
            "马永胜",
            "胡卫东",
            "郭铁军",
            "何静怡",
        ],
    ),
    (
        "新材料及新能源招商组",
        &["高文博", "林雪松", "罗慧敏", "郑明辉", "梁佳琪", "谢宇航"],
    ),
    (
        "农业及文旅招商组",
        &["宋玉兰", "唐长青", "许桂香", "韩国庆", "冯树森", "邓凤英"],
    ),
    (
        "飞地经济招商组",
        &[
            "曹思远",
            "彭广平",
            "曾金凤",
            "田俊杰",
            "董鹏飞",
            "袁晓光",
            "蒋红霞",
        ],
    ),
    (
        "数字经济及服务业招商组",
        &["潘子豪", "于淑芬", "杜晓峰", "魏秀英", "程建国", "吕婷婷"],
    ),
];

fn officer_title(team: usize, k: usize) -> &'static str {
    match (team, k) {
        (0, 0) => "中心主任（包保领导）",
        (1, 0) => "中心副主任（包保领导）",
        (_, 0) => "组长（包保领导）",
        (_, 1) => "副组长",
        _ => "招商专员",
    }
}

// ── origins ────────────────────────────────────────────────────────────────────────────────

/// An investor's origin: GB/T 2260 county code, the city word in company names, the place a
/// trip there is recorded at.
struct Origin {
    code: &'static str,
    city: &'static str,
    place: &'static str,
}

const fn o(code: &'static str, city: &'static str, place: &'static str) -> Origin {
    Origin { code, city, place }
}

const JJJ: &[Origin] = &[
    o("110108", "北京", "北京中关村"),
    o("110105", "北京", "北京朝阳区"),
    o("110106", "北京", "北京丰台区"),
    o("110112", "北京", "北京城市副中心"),
    o("110115", "北京", "北京经济技术开发区"),
    o("110114", "北京", "北京昌平区"),
    o("110113", "北京", "北京顺义区"),
    o("110102", "北京", "北京西城区"),
    o("120116", "天津", "天津滨海新区"),
    o("120104", "天津", "天津南开区"),
    o("120111", "天津", "天津西青区"),
    o("120114", "天津", "天津武清区"),
    o("120113", "天津", "天津北辰区"),
    o("130203", "唐山", "唐山市"),
    o("130209", "唐山", "唐山曹妃甸区"),
    o("130283", "迁安", "河北迁安"),
    o("130281", "遵化", "河北遵化"),
    o("130602", "保定", "保定市"),
    o("131003", "廊坊", "廊坊市"),
    o("131082", "三河", "河北三河"),
    o("130104", "石家庄", "石家庄市"),
    o("130302", "秦皇岛", "秦皇岛市"),
    o("130802", "承德", "承德市"),
    o("130881", "平泉", "河北平泉"),
    o("130902", "沧州", "沧州市"),
    o("130402", "邯郸", "邯郸市"),
    o("130502", "邢台", "邢台市"),
    o("130682", "定州", "河北定州"),
];
const YRD: &[Origin] = &[
    o("310115", "上海", "上海浦东新区"),
    o("310112", "上海", "上海闵行区"),
    o("310114", "上海", "上海嘉定区"),
    o("320505", "苏州", "苏州高新区"),
    o("320583", "昆山", "江苏昆山"),
    o("320214", "无锡", "无锡新吴区"),
    o("320412", "常州", "常州武进区"),
    o("330106", "杭州", "杭州市"),
    o("330110", "杭州", "杭州余杭区"),
    o("330212", "宁波", "宁波市"),
    o("330681", "诸暨", "浙江诸暨"),
    o("340104", "合肥", "合肥市"),
    o("320111", "南京", "南京江北新区"),
];
const PRD: &[Origin] = &[
    o("440305", "深圳", "深圳南山区"),
    o("440306", "深圳", "深圳宝安区"),
    o("440106", "广州", "广州天河区"),
    o("440604", "佛山", "佛山市"),
    o("440606", "佛山", "佛山顺德区"),
    o("441900", "东莞", "东莞市"),
    o("440402", "珠海", "珠海市"),
    o("441302", "惠州", "惠州市"),
];
const NORTHEAST: &[Origin] = &[
    o("210102", "沈阳", "沈阳市"),
    o("210106", "沈阳", "沈阳铁西区"),
    o("210112", "沈阳", "沈阳浑南区"),
    o("210203", "大连", "大连市"),
    o("210213", "大连", "大连金普新区"),
    o("210302", "鞍山", "鞍山市"),
    o("220104", "长春", "长春市"),
    o("230103", "哈尔滨", "哈尔滨市"),
];
const LOCAL: &[Origin] = &[
    o("211382", "凌源", "凌源市"),
    o("211382", "凌源", "凌源市"),
    o("211302", "朝阳", "朝阳市"),
    o("211303", "朝阳", "朝阳市"),
    o("211322", "建平", "建平县"),
    o("211381", "北票", "北票市"),
];
const DOMESTIC: &[Origin] = &[
    o("370202", "青岛", "青岛市"),
    o("370102", "济南", "济南市"),
    o("410105", "郑州", "郑州市"),
    o("420106", "武汉", "武汉市"),
    o("510107", "成都", "成都市"),
    o("610113", "西安", "西安市"),
    o("150102", "呼和浩特", "呼和浩特市"),
    o("140105", "太原", "太原市"),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Region {
    Jjj,
    Yrd,
    Prd,
    Northeast,
    Local,
    Domestic,
}

impl Region {
    fn origins(self) -> &'static [Origin] {
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

// ── industries, companies, products ────────────────────────────────────────────────────────

/// A product line: name template (`{}` takes one of `sizes`), and the 总投资 bands it fits
/// (0 <5000万, 1 5000万–1亿, 2 1–10亿, 3 ≥10亿).
struct Product {
    text: &'static str,
    sizes: &'static [u32],
    tiers: (u8, u8),
}

const fn pr(text: &'static str, sizes: &'static [u32], lo: u8, hi: u8) -> Product {
    Product {
        text,
        sizes,
        tiers: (lo, hi),
    }
}

struct IndustryDef {
    /// Name in the seeded 产业链 list.
    name: &'static str,
    /// Share of projects (weights).
    weight: u32,
    /// The team of this 产业链 (for projects outside 京津冀招商组 and 飞地).
    team: usize,
    /// Company name words and the legal forms they take.
    words: &'static [(&'static str, &'static [&'static str])],
    products: &'static [Product],
    parks: &'static [&'static str],
    unit: &'static str,
}

const LTD: &[&str] = &["有限公司"];
const LTD_GROUP: &[&str] = &["有限公司", "集团有限公司"];
const LTD_SHARE: &[&str] = &["有限公司", "股份有限公司"];

const INDUSTRY_DEFS: &[IndustryDef] = &[
    IndustryDef {
        name: "钢铁冶金",
        weight: 16,
        team: 1,
        words: &[
            ("钢铁", LTD_GROUP),
            ("特钢", LTD),
            ("金属制品", LTD),
            ("铸造", LTD),
            ("冶金科技", LTD),
        ],
        products: &[
            pr("年产{}万吨高端精密铸件", &[5, 10, 20], 0, 2),
            pr("年产{}万吨精品钢材", &[50, 100, 150], 2, 3),
            pr("年产{}万吨高强度螺纹钢", &[30, 60], 2, 3),
            pr("年产{}万吨钢渣综合利用", &[30, 50], 0, 2),
            pr("年产{}万吨合金钢锻件", &[3, 5, 8], 0, 2),
            pr("废钢加工配送中心", &[], 0, 1),
            pr("年产{}万吨冷轧薄板", &[20, 50], 2, 3),
        ],
        parks: &["凌源经济开发区", "凌源钢铁深加工产业园"],
        unit: "凌源经济开发区管委会",
    },
    IndustryDef {
        name: "新材料",
        weight: 16,
        team: 2,
        words: &[
            ("新材料科技", LTD_SHARE),
            ("新材料", LTD_SHARE),
            ("矿业新材料", LTD),
            ("硅材料", LTD),
        ],
        products: &[
            pr("年产{}万吨非金属矿物新材料", &[5, 10], 0, 2),
            pr("年产{}吨碳纤维复合材料", &[2000, 5000], 1, 2),
            pr("年产{}万吨高纯石英砂", &[5, 10], 0, 2),
            pr("年产{}万吨硅基负极材料", &[1, 2, 5], 2, 3),
            pr("年产{}万吨膨润土深加工", &[10, 20], 0, 1),
            pr("年产{}万吨沸石分子筛", &[1, 3], 0, 1),
            pr("年产{}万吨高性能耐火材料", &[10, 20], 0, 2),
        ],
        parks: &["凌源新材料产业园", "凌源经济开发区"],
        unit: "市工业和信息化局",
    },
    IndustryDef {
        name: "汽车及零部件",
        weight: 8,
        team: 1,
        words: &[("汽车零部件", LTD), ("汽车部件", LTD), ("精密机械", LTD)],
        products: &[
            pr("年产{}万套新能源汽车电机壳体", &[20, 50], 0, 2),
            pr("年产{}万只汽车铝合金轮毂", &[50, 100], 1, 2),
            pr("年产{}台商用车底盘总成", &[5000, 10000], 1, 2),
            pr("年产{}万套汽车线束", &[30, 60], 0, 1),
            pr("年产{}万件汽车制动盘", &[100, 200], 0, 1),
        ],
        parks: &["凌源经济开发区"],
        unit: "凌源经济开发区管委会",
    },
    IndustryDef {
        name: "装备制造",
        weight: 12,
        team: 1,
        words: &[
            ("重工机械", LTD),
            ("智能装备", LTD_SHARE),
            ("机械制造", LTD),
        ],
        products: &[
            pr("年产{}台（套）矿山机械装备", &[500, 1000], 0, 2),
            pr("智能输送装备制造", &[], 0, 1),
            pr("年产{}套风电塔筒制造", &[200, 300], 1, 2),
            pr("液压支架再制造", &[], 0, 1),
            pr("农业机械制造", &[], 0, 1),
        ],
        parks: &["凌源经济开发区"],
        unit: "市工业和信息化局",
    },
    IndustryDef {
        name: "新能源",
        weight: 14,
        team: 2,
        words: &[
            ("新能源科技", LTD),
            ("新能源", LTD_GROUP),
            ("光伏科技", LTD),
            ("风电", LTD),
        ],
        products: &[
            pr("{}万千瓦风电", &[10, 20, 30], 2, 3),
            pr("{}万千瓦分布式光伏", &[2, 5, 10], 0, 2),
            pr("{}万千瓦集中式光伏", &[10, 20], 2, 3),
            pr("{}万千瓦储能电站", &[5, 10], 1, 2),
            pr("生物质热电联产", &[], 1, 2),
            pr("氢能综合利用示范", &[], 1, 2),
        ],
        parks: &["凌源经济开发区", "凌源市新能源产业园"],
        unit: "市发展和改革局",
    },
    IndustryDef {
        name: "农产品深加工",
        weight: 12,
        team: 3,
        words: &[("食品", LTD_SHARE), ("农业科技", LTD), ("农牧", LTD)],
        products: &[
            pr("年产{}万吨杂粮深加工", &[3, 5, 10], 0, 1),
            pr("年屠宰{}万头肉牛及精深加工", &[5, 10], 1, 2),
            pr("食用菌产业园", &[], 0, 1),
            pr("果蔬冷链加工", &[], 0, 1),
            pr("年产{}万吨饲料", &[10, 20], 0, 1),
            pr("{}万只蛋鸡养殖及蛋品加工", &[50, 100], 0, 1),
        ],
        parks: &["凌源现代农业产业园"],
        unit: "市农业农村局",
    },
    IndustryDef {
        name: "现代物流",
        weight: 5,
        team: 3,
        words: &[("物流", LTD), ("供应链管理", LTD), ("冷链物流", LTD)],
        products: &[
            pr("冷链物流园", &[], 0, 2),
            pr("公铁联运物流港", &[], 1, 2),
            pr("电商仓储分拨中心", &[], 0, 1),
        ],
        parks: &["凌源经济开发区"],
        unit: "市商务局",
    },
    IndustryDef {
        name: "文化旅游",
        weight: 5,
        team: 3,
        words: &[
            ("文化旅游发展", LTD),
            ("文旅", LTD_GROUP),
            ("康养产业", LTD),
        ],
        products: &[
            pr("红山文化旅游区", &[], 1, 2),
            pr("热水汤温泉康养小镇", &[], 1, 2),
            pr("乡村旅游综合体", &[], 0, 1),
            pr("青龙河生态旅游", &[], 0, 1),
        ],
        parks: &["凌源市文化旅游区"],
        unit: "市文化旅游和广播电视局",
    },
    IndustryDef {
        name: "数字经济",
        weight: 4,
        team: 5,
        words: &[("数据科技", LTD), ("信息技术", LTD), ("智能科技", LTD)],
        products: &[
            pr("大数据中心", &[], 1, 2),
            pr("工业互联网平台", &[], 0, 1),
            pr("数字乡村服务中心", &[], 0, 0),
            pr("智能制造产业园", &[], 1, 2),
        ],
        parks: &["凌源经济开发区"],
        unit: "市工业和信息化局",
    },
    IndustryDef {
        name: "生物医药",
        weight: 3,
        team: 5,
        words: &[("生物科技", LTD), ("药业", LTD_SHARE), ("医疗器械", LTD)],
        products: &[
            pr("中药材种植及加工", &[], 0, 1),
            pr("医用防护用品生产", &[], 0, 1),
            pr("生物制药原料药", &[], 1, 2),
        ],
        parks: &["凌源经济开发区"],
        unit: "市工业和信息化局",
    },
    IndustryDef {
        name: "现代服务业",
        weight: 3,
        team: 5,
        words: &[("商贸", LTD), ("置业", LTD), ("企业管理", LTD)],
        products: &[
            pr("城市商业综合体", &[], 1, 2),
            pr("商贸物流中心", &[], 0, 1),
            pr("职业技能培训基地", &[], 0, 0),
        ],
        parks: &["凌源市城区"],
        unit: "市商务局",
    },
    IndustryDef {
        name: "其他",
        weight: 2,
        team: 5,
        words: &[("实业", LTD_GROUP), ("环保科技", LTD)],
        products: &[
            pr("建筑垃圾资源化利用", &[], 0, 1),
            pr("城乡污水处理提标改造", &[], 0, 1),
        ],
        parks: &["凌源经济开发区"],
        unit: "市发展和改革局",
    },
];

/// 两高 products (screened; shown with a warning).
const HIGH_ENERGY: &[Product] = &[
    pr("年产{}万吨球团", &[60, 120], 0, 2),
    pr("年产{}万吨焦炭", &[60, 100], 1, 3),
    pr("年产{}万吨氧化钙", &[20, 30], 0, 2),
    pr("{}万吨硅铁冶炼", &[5, 10], 0, 2),
];

/// Brands (字号) of invented companies; none is a well-known firm's.
const BRANDS: &[&str] = &[
    "中科", "华冶", "金泰", "恒信", "宏达", "瑞丰", "博远", "鼎盛", "新源", "远航", "天宇", "国泰",
    "盛世", "嘉禾", "永安", "汇通", "德润", "华晟", "众诚", "凯盛", "海川", "北辰", "中汇", "祥瑞",
    "泰和", "宏图", "金石", "恒达", "信元", "华腾", "通达", "九鼎", "天成", "海泰", "兴达", "博瑞",
    "铭泰", "合众", "昊天", "锦程", "瑞泽", "润丰", "裕华", "金鼎", "宏昌", "聚源", "佳禾", "恒润",
    "华研", "智远", "鑫磊", "鑫达", "晟泰", "同益", "福瑞", "康达", "腾飞", "弘毅", "泽润", "昱辰",
    "宸宇", "澄源", "汇鑫", "益盛", "久安", "沃德", "中恒", "利华", "天启", "诚信", "德邦", "华信",
    "永泰", "瑞达", "嘉诚", "鸿运",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

const ENCLAVE_PARKS: &[&str] = &["凌源（沈阳）飞地产业园", "凌源（大连）飞地产业园"];

fn tier_index(amount: i64) -> u8 {
    match Tier::of(amount) {
        Tier::Under5000Wan => 0,
        Tier::Over5000Wan => 1,
        Tier::Over1Yi => 2,
        Tier::Over10Yi => 3,
    }
}

fn fits(p: &Product, tier: u8) -> bool {
    p.tiers.0 <= tier && tier <= p.tiers.1
}

/// An amount (元) in a band, rounded to 100万 (10亿+ to 1000万).
fn amount_in(rng: &mut StdRng, tier: u8) -> i64 {
    let wan: i64 = match tier {
        3 => rng.random_range(100_000..260_000) / 1_000 * 1_000,
        2 if rng.random_bool(0.7) => rng.random_range(10_000..30_000),
        2 => rng.random_range(30_000..80_000),
        1 => rng.random_range(5_000..10_000),
        _ => rng.random_range(500..5_000),
    };
    wan / 100 * 100 * WAN
}

/// A non-key project's amount: mostly below 5000万.
fn plain_amount(rng: &mut StdRng) -> i64 {
    let r = rng.random_range(0..100);
    let tier = if r < 55 {
        0
    } else if r < 82 {
        1
    } else {
        2
    };
    amount_in(rng, tier)
}

/// A 产业链 (weighted) with a product of this band.
fn pick_industry(rng: &mut StdRng, tier: u8) -> usize {
    let total: u32 = INDUSTRY_DEFS.iter().map(|i| i.weight).sum();
    loop {
        let mut r = rng.random_range(0..total);
        let mut chosen = 0;
        for (i, def) in INDUSTRY_DEFS.iter().enumerate() {
            if r < def.weight {
                chosen = i;
                break;
            }
            r -= def.weight;
        }
        if INDUSTRY_DEFS[chosen].products.iter().any(|p| fits(p, tier)) {
            return chosen;
        }
    }
}

/// A credit code whose 组织机构代码 part also carries its GB 11714 check digit.
fn credit_code(rng: &mut StdRng, origin: &str) -> String {
    const ORG: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut org: Vec<u8> = b"MA".to_vec();
    for _ in 0..6 {
        org.push(ORG[rng.random_range(0..ORG.len())]);
    }
    let value = |c: u8| -> u32 {
        if c.is_ascii_digit() {
            (c - b'0') as u32
        } else {
            (c - b'A') as u32 + 10
        }
    };
    let sum: u32 = org
        .iter()
        .zip([3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(&c, w)| value(c) * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).expect("digit"),
    };
    let org = String::from_utf8(org).expect("ascii");
    crate::companies::credit_code::with_check_char(&format!("91{origin}{org}{check}"))
}

// ── the plan ───────────────────────────────────────────────────────────────────────────────

/// Which published figure a project helps make up (see `plan_projects`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    /// 京津冀招商组, from 京津冀: signed in H1 2022.
    A,
    /// … signed in 2021, started in H1 2022.
    B,
    /// … in talks at the end of June.
    C,
    /// 京津冀招商组's reserve leads: contacted in H1 2022 (D1), not contacted (D2), from
    /// elsewhere (D3).
    D1,
    D2,
    D3,
    /// … settled in 2021 (started, producing, stopped).
    E,
    /// … dropped in 2021.
    F,
    /// Other teams, from 京津冀: signed in H1 2022.
    G,
    /// … started in H1 2022 (new or resumed after the winter).
    H,
    /// … in talks or leads, contacted in H1 2022.
    I,
    /// … settled in 2021, not contacted in H1 2022.
    J,
    /// 飞地 projects: signed in H1 2022 (K), started (L), in talks (M), others (N).
    K,
    L,
    M,
    N,
    /// Every other project: from outside 京津冀, not 飞地.
    Rest,
}

#[derive(Clone)]
struct Step {
    stage: Stage,
    on: NaiveDate,
    kind: Option<ConstructionKind>,
    added: i64,
    note: Option<&'static str>,
}

fn step(stage: Stage, on: NaiveDate) -> Step {
    Step {
        stage,
        on,
        kind: None,
        added: 0,
        note: None,
    }
}

impl Step {
    fn note(mut self, note: &'static str) -> Step {
        self.note = Some(note);
        self
    }
    fn kind(mut self, kind: ConstructionKind) -> Step {
        self.kind = Some(kind);
        self
    }
}

struct Plan {
    group: Group,
    team: usize,
    region: Region,
    industry: usize,
    amount: i64,
    key: bool,
    enclave: bool,
    relocation: bool,
    high_energy: bool,
    steps: Vec<Step>,
    /// Days in H1 2022 with a contact (visit, call, video talk, event) about this project. A
    /// project with none has no activity at all in H1 2022.
    contacts: Vec<NaiveDate>,
    /// Its first signing (in H1 2022) was a 云签约 over video.
    video_signing: bool,
    /// A second phase: the plan whose company brings this project too.
    phase_two_of: Option<usize>,
    /// A lead found by the 京津冀招商组's phone outreach: its company is one of those called.
    from_call: bool,
}

impl Plan {
    fn lead_on(&self) -> NaiveDate {
        self.steps[0].on
    }
    fn first(&self, stage: Stage) -> Option<NaiveDate> {
        self.steps.iter().find(|s| s.stage == stage).map(|s| s.on)
    }
    fn stage_at(&self, on: NaiveDate) -> Option<Stage> {
        self.steps
            .iter()
            .take_while(|s| s.on <= on)
            .last()
            .map(|s| s.stage)
    }
}

struct Planner {
    rng: StdRng,
    plans: Vec<Plan>,
    /// Bands of the 85 key projects outside the 京津冀招商组 × 京津冀 set, shuffled.
    key_bands: Vec<u8>,
}

impl Planner {
    fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        workday(&mut self.rng, from, to)
    }

    fn days(&mut self, n: usize, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut v: Vec<NaiveDate> = (0..n).map(|_| self.day(from, to)).collect();
        v.sort();
        v
    }

    fn key_amount(&mut self) -> i64 {
        let band = self.key_bands.pop().expect("85 key bands");
        amount_in(&mut self.rng, band)
    }

    fn plain(&mut self) -> i64 {
        plain_amount(&mut self.rng)
    }

    fn rest_region(&mut self) -> Region {
        let r = self.rng.random_range(0..100);
        match r {
            0..25 => Region::Yrd,
            25..37 => Region::Prd,
            37..65 => Region::Northeast,
            65..90 => Region::Local,
            _ => Region::Domestic,
        }
    }

    /// Adds a plan; `team` None means the team of its 产业链.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        group: Group,
        team: Option<usize>,
        region: Region,
        amount: i64,
        key: bool,
        steps: Vec<Step>,
        contacts: Vec<NaiveDate>,
    ) -> usize {
        let industry = pick_industry(&mut self.rng, tier_index(amount));
        let team = team.unwrap_or(INDUSTRY_DEFS[industry].team);
        for w in steps.windows(2) {
            debug_assert!(w[0].on < w[1].on, "{group:?}: steps out of order");
        }
        debug_assert!(steps.last().map(|s| s.on <= p1()).unwrap_or(false));
        debug_assert!(contacts
            .iter()
            .all(|c| *c >= p0() && *c <= p1() && *c >= steps[0].on));
        self.plans.push(Plan {
            group,
            team,
            region,
            industry,
            amount,
            key,
            enclave: team == T_ENCLAVE && group != Group::Rest,
            relocation: false,
            high_energy: false,
            steps,
            contacts,
            video_signing: false,
            phase_two_of: None,
            from_call: false,
        });
        self.plans.len() - 1
    }

    fn last(&mut self) -> &mut Plan {
        self.plans.last_mut().expect("a plan")
    }
}

use Stage::{Dropped, Lead, Negotiating, OnHold, Operating, Signed, Started};

const WINTER: &str = "冬季停工";
const UPGRADE: &str = "框架协议升格为正式投资合同";
const ADD: &str = "签订增资扩产补充协议";

/// The project plan. Each published figure is exactly one group's size (or a sum of named
/// groups); every other project lies outside the constrained scopes or periods.
///
/// H1 2022, toward 京津冀 (projects whose investor is from 京津冀):
/// - contacted 156 = A 12 + B 4 + C 21 + D1 13 + G 15 + H 18 + I 73;
/// - signed 27 = A 12 + G 15; started 22 = B 4 + H 18; trips 168 = 36 + 132 (`build`).
///
/// 京津冀招商组: contacted toward 京津冀 50 = A + B + C + D1; key 23 = A 8 + C 15 worth 17.15亿
/// (F's key project is 终止, so it does not count); signed 12 = A (8 relocations, 6 by video);
/// leads at the end 81 = D; in talks 21 = C; relocation pipeline 101 = C 21 + D 80.
///
/// 飞地 (team 飞地经济招商组, investors from outside 京津冀): signed 19 = K, started 18 = L, in
/// talks 38 = M.
///
/// Key projects 108 = 23 + 85 others (3 ≥10亿, 29 1–10亿, 35 5000万–1亿, 18 smaller).
///
/// Starts in 2022 (plan Q1 45 = 12 new + 33 resumed; Q2 85 = 52 + 33): Q1 new 9 = H 3 + L 3 +
/// Rest 3, resumed 27 = H 6 + Rest 21; Q2 new 42 = B 4 + H 7 + L 15 + Rest 16, resumed 26 =
/// H 2 + Rest 24.
fn plan_projects(seed: u64) -> Vec<Plan> {
    let mut bands: Vec<u8> = Vec::new();
    bands.extend(std::iter::repeat_n(3u8, 3));
    bands.extend(std::iter::repeat_n(2u8, 34 - 5));
    bands.extend(std::iter::repeat_n(1u8, 53 - 18));
    bands.extend(std::iter::repeat_n(0u8, 18));
    let mut rng = StdRng::seed_from_u64(seed);
    bands.shuffle(&mut rng);
    let mut pl = Planner {
        rng,
        plans: Vec::new(),
        key_bands: bands,
    };
    // The 京津冀招商组's 23 key projects from 京津冀: 5 of 1–10亿 and 18 of 5000万–1亿, 17.15亿.
    let t1_key_wan: [i64; 23] = [
        15_000, 12_000, 18_000, 10_500, 20_000, 5_200, 5_500, 6_000, 5_800, 5_000, 6_000, 5_300,
        5_100, 5_600, 5_400, 5_000, 5_000, 5_200, 5_500, 5_000, 5_300, 5_100, 5_000,
    ];
    debug_assert_eq!(t1_key_wan.iter().sum::<i64>(), 171_500);
    let mut t1_key = t1_key_wan.into_iter().map(|w| w * WAN);
    let tj = Some(T_JJJ);
    let te = Some(T_ENCLAVE);

    // ── 京津冀招商组, investors from 京津冀 ──
    // A: 12 first signed in H1 2022: 8 key, 8 relocations, 6 by video.
    for k in 0..12 {
        let lead = pl.day(y0(), d(2021, 9, 30));
        let talks = pl.day(plus(lead, 20), d(2021, 12, 20));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let amount = if k < 8 {
            t1_key.next().expect("23")
        } else {
            pl.plain()
        };
        let mut contacts = pl.days(1, p0(), minus(signed, 1));
        contacts.extend(pl.days(1, p0(), p1()));
        contacts.sort();
        pl.add(
            Group::A,
            tj,
            Region::Jjj,
            amount,
            k < 8,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        let p = pl.last();
        p.relocation = k % 3 != 2 && k < 11;
        p.video_signing = k % 2 == 0;
    }
    // B: 4 signed in 2021, started (new) in Q2 2022; one upgraded its agreement first.
    for k in 0..4 {
        let lead = pl.day(y0(), d(2021, 3, 31));
        let signed = pl.day(d(2021, 7, 1), d(2021, 11, 20));
        let start = pl.day(d(2022, 4, 6), d(2022, 6, 28));
        let mut steps = vec![step(Lead, lead), step(Signed, signed)];
        if k == 0 {
            steps.push(step(Signed, pl.day(d(2022, 1, 10), d(2022, 3, 31))).note(UPGRADE));
        }
        steps.push(step(Started, start).kind(ConstructionKind::New));
        let contacts = pl.days(1, p0(), p1());
        let amount = pl.plain();
        pl.add(Group::B, tj, Region::Jjj, amount, false, steps, contacts);
        pl.last().relocation = true;
    }
    // C: 21 in talks at the end of June, all relocations; 15 key.
    for k in 0..21 {
        let lead = pl.day(d(2021, 3, 1), d(2022, 2, 28));
        let talks = pl.day(plus(lead, 7), p1().min(plus(lead, 200)));
        let amount = if k < 15 {
            t1_key.next().expect("23")
        } else {
            pl.plain()
        };
        let contacts = pl.days(2, lead.max(p0()), p1());
        pl.add(
            Group::C,
            tj,
            Region::Jjj,
            amount,
            k < 15,
            vec![step(Lead, lead), step(Negotiating, talks)],
            contacts,
        );
        pl.last().relocation = true;
    }
    // D: 81 reserve leads at the end of June, 80 of them relocation leads; D2's newer ones came
    // from the phone outreach.
    for k in 0..81 {
        let (group, region) = match k {
            0..13 => (Group::D1, Region::Jjj),
            13..66 => (Group::D2, Region::Jjj),
            _ => (Group::D3, [Region::Yrd, Region::Domestic][k % 2]),
        };
        let lead = pl.day(d(2021, 6, 1), d(2022, 6, 28));
        let contacts = match group {
            Group::D1 => pl.days(1, lead.max(p0()), p1()),
            Group::D3 if k % 2 == 0 => pl.days(1, lead.max(p0()), p1()),
            _ => vec![],
        };
        let tier = u8::from(pl.rng.random_bool(0.3));
        let amount = amount_in(&mut pl.rng, tier);
        pl.add(
            group,
            tj,
            region,
            amount,
            false,
            vec![step(Lead, lead)],
            contacts,
        );
        let p = pl.last();
        p.relocation = k != 80;
        p.from_call = group == Group::D2 && lead >= d(2022, 1, 20);
    }
    // E: 16 signed and started in 2021 (4 of them in H1 2021; 6 producing since, 2 stopped for
    // the winter and not resumed); no contact in H1 2022.
    for k in 0..16 {
        let lead = pl.day(y0(), d(2021, 2, 26));
        let (signed, start) = if k < 4 {
            let signed = pl.day(d(2021, 3, 1), d(2021, 5, 20));
            (signed, pl.day(plus(signed, 20), d(2021, 6, 29)))
        } else {
            let signed = pl.day(d(2021, 7, 1), d(2021, 9, 30));
            (signed, pl.day(plus(signed, 20), d(2021, 11, 10)))
        };
        let mut steps = vec![
            step(Lead, lead),
            step(Signed, signed),
            step(Started, start).kind(ConstructionKind::New),
        ];
        if k % 3 == 0 {
            steps.push(step(Operating, pl.day(plus(start, 60), d(2022, 6, 20))));
        } else if k == 1 || k == 4 {
            steps.push(
                step(OnHold, pl.day(d(2021, 11, 20), d(2021, 12, 10)))
                    .note("冬季停工，企业资金未到位暂缓复工"),
            );
        }
        let amount = pl.plain();
        pl.add(Group::E, tj, Region::Jjj, amount, false, steps, vec![]);
        let p = pl.last();
        p.relocation = k % 2 == 0;
        p.high_energy = k == 5;
    }
    // F: 5 dropped in 2021 (one was a key project, one a 两高 project).
    for k in 0..5 {
        let lead = pl.day(y0(), d(2021, 5, 1));
        let talks = pl.day(plus(lead, 10), d(2021, 8, 1));
        let dropped = pl.day(plus(talks, 10), d(2021, 12, 1));
        let note = if k == 1 {
            "属“两高”项目，经能耗评估不予引进"
        } else {
            "企业投资计划调整，项目终止"
        };
        let amount = if k == 0 {
            amount_in(&mut pl.rng, 2)
        } else {
            pl.plain()
        };
        pl.add(
            Group::F,
            tj,
            Region::Jjj,
            amount,
            k == 0,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Dropped, dropped).note(note),
            ],
            vec![],
        );
        let p = pl.last();
        p.relocation = true;
        p.high_energy = k == 1;
    }

    // ── the other teams' projects from 京津冀 ──
    // G: 15 first signed in H1 2022; 6 key, 3 by video, one 两高.
    for k in 0..15 {
        let lead = pl.day(y0(), d(2021, 11, 20));
        let talks = pl.day(plus(lead, 7), d(2021, 12, 15));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let amount = if k < 6 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, p0(), minus(signed, 1));
        pl.add(
            Group::G,
            None,
            Region::Jjj,
            amount,
            k < 6,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        let p = pl.last();
        p.relocation = k % 2 == 0;
        p.high_energy = k == 9;
        p.video_signing = matches!(k, 1 | 7 | 12);
    }
    // H: 18 started in H1 2022: 8 resumed after the winter stop (6 in Q1), 10 new (3 in Q1);
    // 8 key; two upgraded their agreements before starting.
    for k in 0..18 {
        let mut steps;
        if k < 8 {
            let lead = pl.day(y0(), d(2021, 2, 10));
            let signed = pl.day(plus(lead, 10), d(2021, 4, 30));
            let start = pl.day(plus(signed, 15), d(2021, 7, 15));
            let resume = if k < 6 {
                pl.day(d(2022, 3, 1), d(2022, 3, 31))
            } else {
                pl.day(d(2022, 4, 6), d(2022, 4, 25))
            };
            steps = vec![
                step(Lead, lead),
                step(Signed, signed),
                step(Started, start).kind(ConstructionKind::New),
                step(OnHold, pl.day(d(2021, 11, 15), d(2021, 12, 10))).note(WINTER),
                // Kind left to the rule: a 开工 after 搁置 is 复工.
                step(Started, resume).note("春季复工"),
            ];
        } else {
            let lead = pl.day(y0(), d(2021, 6, 30));
            let signed = pl.day(d(2021, 7, 10), d(2021, 11, 30));
            let start = if k < 11 {
                pl.day(d(2022, 3, 1), d(2022, 3, 31))
            } else {
                pl.day(d(2022, 4, 6), d(2022, 6, 28))
            };
            steps = vec![step(Lead, lead), step(Signed, signed)];
            if k == 11 || k == 14 {
                steps.push(step(Signed, pl.day(d(2022, 1, 10), d(2022, 3, 25))).note(UPGRADE));
            }
            steps.push(step(Started, start).kind(ConstructionKind::New));
        }
        let key = k % 2 == 0 && k < 16;
        let amount = if key { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, d(2022, 2, 15), p1());
        pl.add(Group::H, None, Region::Jjj, amount, key, steps, contacts);
        pl.last().relocation = k % 3 == 0;
    }
    // I: 73 in talks or leads, contacted in H1 2022; 10 key; two back in talks after a pause.
    for k in 0..73 {
        let steps = if k == 5 || k == 41 {
            let lead = pl.day(d(2021, 2, 1), d(2021, 4, 30));
            let talks = pl.day(plus(lead, 20), d(2021, 7, 31));
            let hold = pl.day(d(2021, 9, 1), d(2021, 10, 31));
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(OnHold, hold).note("企业调整投资计划，暂缓洽谈"),
                step(Negotiating, pl.day(d(2022, 2, 15), d(2022, 5, 31))).note("重启洽谈"),
            ]
        } else {
            let lead = pl.day(d(2021, 2, 1), d(2022, 5, 31));
            let mut steps = vec![step(Lead, lead)];
            if k % 3 != 0 {
                steps.push(step(Negotiating, pl.day(plus(lead, 7), p1())));
            }
            steps
        };
        let amount = if k < 10 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1 + k % 2, steps[0].on.max(p0()), p1());
        pl.add(Group::I, None, Region::Jjj, amount, k < 10, steps, contacts);
        pl.last().relocation = k % 4 == 0;
    }
    // J: 30 settled in 2021 (8 signed in H1 2021), untouched in H1 2022 but for 投产.
    for k in 0..30 {
        let lead = pl.day(y0(), d(2021, 3, 15));
        let signed = if k % 4 == 0 {
            pl.day(d(2021, 3, 20), d(2021, 6, 25))
        } else {
            pl.day(d(2021, 7, 1), d(2021, 10, 20))
        };
        let mut steps = vec![step(Lead, lead), step(Signed, signed)];
        if k == 1 {
            steps.push(step(Signed, pl.day(plus(signed, 30), d(2021, 12, 20))).note(UPGRADE));
        }
        if k % 2 == 0 {
            let start = pl.day(plus(signed, 10), d(2021, 11, 10));
            steps.push(step(Started, start).kind(ConstructionKind::New));
            if k % 6 == 0 {
                steps.push(step(Operating, pl.day(plus(start, 60), d(2022, 6, 20))));
            }
        }
        let amount = pl.plain();
        pl.add(Group::J, None, Region::Jjj, amount, false, steps, vec![]);
        pl.last().relocation = k % 5 == 0;
    }

    // ── 飞地 projects (飞地经济招商组, investors from outside 京津冀) ──
    let enclave_region = |k: usize| {
        [
            Region::Yrd,
            Region::Prd,
            Region::Northeast,
            Region::Domestic,
        ][k % 4]
    };
    // K: 19 first signed in H1 2022; 5 key, 2 by video.
    for k in 0..19 {
        let lead = pl.day(d(2021, 3, 1), d(2021, 11, 30));
        let talks = pl.day(plus(lead, 7), d(2021, 12, 20));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let amount = if k < 5 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, p0(), minus(signed, 1));
        pl.add(
            Group::K,
            te,
            enclave_region(k),
            amount,
            k < 5,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        pl.last().video_signing = k == 2 || k == 11;
    }
    // L: 18 signed in 2021, started (new) in H1 2022 (3 in Q1); 6 key.
    for k in 0..18 {
        let lead = pl.day(y0(), d(2021, 3, 31));
        let signed = pl.day(d(2021, 4, 6), d(2021, 11, 30));
        let start = if k < 3 {
            pl.day(d(2022, 3, 1), d(2022, 3, 31))
        } else {
            pl.day(d(2022, 4, 6), d(2022, 6, 28))
        };
        let amount = if k < 6 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, d(2022, 2, 7), p1());
        pl.add(
            Group::L,
            te,
            enclave_region(k + 1),
            amount,
            k < 6,
            vec![
                step(Lead, lead),
                step(Signed, signed),
                step(Started, start).kind(ConstructionKind::New),
            ],
            contacts,
        );
    }
    // M: 38 in talks at the end of June; 5 key.
    for k in 0..38 {
        let lead = pl.day(d(2021, 5, 6), d(2022, 4, 29));
        let talks = pl.day(plus(lead, 7), p1());
        let amount = if k < 5 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, lead.max(p0()), p1());
        pl.add(
            Group::M,
            te,
            enclave_region(k + 2),
            amount,
            k < 5,
            vec![step(Lead, lead), step(Negotiating, talks)],
            contacts,
        );
    }
    // N: 8 more 飞地 projects: 3 producing since Q2 2022, 2 leads, 1 dropped, 2 on hold.
    for k in 0..8 {
        let (steps, contacts) = match k {
            0..3 => {
                let lead = pl.day(y0(), d(2021, 1, 29));
                let signed = pl.day(d(2021, 3, 1), d(2021, 5, 14));
                let start = pl.day(plus(signed, 20), d(2021, 8, 13));
                let op = pl.day(d(2022, 4, 6), d(2022, 6, 20));
                (
                    vec![
                        step(Lead, lead),
                        step(Signed, signed),
                        step(Started, start).kind(ConstructionKind::New),
                        step(Operating, op),
                    ],
                    pl.days(1, p0(), p1()),
                )
            }
            3 | 4 => {
                let lead = pl.day(d(2022, 2, 7), d(2022, 6, 20));
                let contacts = if k == 3 {
                    pl.days(1, lead, p1())
                } else {
                    vec![]
                };
                (vec![step(Lead, lead)], contacts)
            }
            5 => {
                let lead = pl.day(d(2021, 4, 6), d(2021, 6, 30));
                let talks = pl.day(plus(lead, 20), d(2021, 9, 17));
                let dropped = pl.day(plus(talks, 20), d(2021, 12, 10));
                (
                    vec![
                        step(Lead, lead),
                        step(Negotiating, talks),
                        step(Dropped, dropped).note("合作园区用地条件变化，项目终止"),
                    ],
                    vec![],
                )
            }
            _ => {
                let lead = pl.day(d(2021, 3, 1), d(2021, 5, 31));
                let talks = pl.day(plus(lead, 10), d(2021, 7, 30));
                let signed = pl.day(d(2021, 8, 2), d(2021, 10, 29));
                let hold = pl.day(d(2022, 4, 6), d(2022, 6, 20));
                (
                    vec![
                        step(Lead, lead),
                        step(Negotiating, talks),
                        step(Signed, signed),
                        step(OnHold, hold).note("企业融资未到位，项目暂缓"),
                    ],
                    pl.days(1, p0(), minus(hold, 1)),
                )
            }
        };
        let amount = pl.plain();
        pl.add(
            Group::N,
            te,
            enclave_region(k + 3),
            amount,
            false,
            steps,
            contacts,
        );
    }

    // ── every other project: investors from outside 京津冀, not 飞地; 45 key ──
    let rest_keys: usize = 45;
    let mut keys_given = 0;
    let mut key_here = |pl: &mut Planner, yes: bool| -> Option<i64> {
        (yes && keys_given < rest_keys).then(|| {
            keys_given += 1;
            pl.key_amount()
        })
    };
    // R1/R2: 45 signed and started in 2021, stopped for the winter, resumed in 2022 (21 in
    // March, 24 in April–May); 12 key.
    for k in 0..45 {
        let lead = pl.day(y0(), d(2021, 2, 26));
        // A third signed in spring 2021, the rest in summer (started before the winter).
        let (signed, start) = if k % 3 == 0 {
            let signed = pl.day(plus(lead, 10), d(2021, 4, 30));
            (signed, pl.day(plus(signed, 15), d(2021, 8, 31)))
        } else {
            let signed = pl.day(d(2021, 7, 1), d(2021, 9, 15));
            (signed, pl.day(plus(signed, 15), d(2021, 10, 29)))
        };
        let hold = pl.day(d(2021, 11, 10), d(2021, 12, 10));
        let resume = if k < 21 {
            pl.day(d(2022, 3, 1), d(2022, 3, 31))
        } else {
            pl.day(d(2022, 4, 6), d(2022, 5, 20))
        };
        let key = key_here(&mut pl, k % 21 < 6 && k < 42);
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = pl.days(1, d(2022, 2, 14), p1());
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![
                step(Lead, lead),
                step(Signed, signed),
                step(Started, start).kind(ConstructionKind::New),
                step(OnHold, hold).note(WINTER),
                step(Started, resume).note("春季复工"),
            ],
            contacts,
        );
    }
    // R3/R4: 19 signed earlier, started new in 2022 (3 in Q1, 16 in Q2); upgrades and 增资.
    for k in 0..19usize {
        let lead = pl.day(y0(), d(2021, 9, 30));
        let talks = pl.day(plus(lead, 7), plus(lead, 90));
        let signed = pl.day(plus(talks, 7), d(2022, 2, 25));
        let start = if k < 3 {
            pl.day(plus(signed, 10).max(d(2022, 3, 10)), d(2022, 3, 31))
        } else {
            pl.day(d(2022, 4, 6), d(2022, 6, 28))
        };
        let r4 = k.wrapping_sub(3);
        let key = key_here(&mut pl, k == 0 || (3..8).contains(&k));
        let mut steps = vec![
            step(Lead, lead),
            step(Negotiating, talks),
            step(Signed, signed),
        ];
        if k >= 3 && r4 % 3 == 0 {
            let mut up = step(Signed, pl.day(plus(signed, 10), minus(start, 5))).note(UPGRADE);
            if key.is_none() && (r4 == 6 || r4 == 12) {
                up.added = amount_in(&mut pl.rng, 0).min(3_000 * WAN);
                up.note = Some(ADD);
            }
            steps.push(up);
        }
        steps.push(step(Started, start).kind(ConstructionKind::New));
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = pl.days(1 + k % 2, p0(), p1());
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            contacts,
        );
    }
    // R5: 20 first signed in H1 2022, not started yet; 5 key, 1 by video.
    for k in 0..20 {
        let lead = pl.day(y0(), d(2021, 12, 10));
        let talks = pl.day(plus(lead, 7), d(2021, 12, 30));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let key = key_here(&mut pl, k < 5);
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = pl.days(1, p0(), minus(signed, 1));
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        pl.last().video_signing = k == 7;
    }
    // R8: 15 producing (started in spring 2021; two with a continued second phase and 增资).
    let mut producing = Vec::new();
    for k in 0..15 {
        let lead = pl.day(y0(), d(2021, 2, 10));
        let signed = pl.day(plus(lead, 10), d(2021, 3, 31));
        let start = pl.day(plus(signed, 15), d(2021, 6, 10));
        let mut steps = vec![
            step(Lead, lead),
            step(Signed, signed),
            step(Started, start).kind(ConstructionKind::New),
        ];
        let key = key_here(&mut pl, k >= 11);
        if k < 2 {
            let mut cont = step(Started, pl.day(d(2021, 9, 1), d(2021, 10, 15))).note("二期续建");
            if key.is_none() {
                cont.added = amount_in(&mut pl.rng, 0);
                cont.note = Some("二期续建，追加投资");
            }
            steps.push(cont);
        }
        steps.push(step(Operating, pl.day(d(2021, 10, 20), d(2022, 6, 20))));
        let amount = key.unwrap_or_else(|| pl.plain());
        let region = pl.rest_region();
        let contacts = if k % 2 == 0 {
            pl.days(1, p0(), p1())
        } else {
            vec![]
        };
        producing.push(pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            contacts,
        ));
    }
    // R6: 50 in talks at the end of June (4 are second phases of producing projects); 10 key.
    #[allow(clippy::needless_range_loop)]
    for k in 0..50 {
        let lead = if k < 4 {
            pl.day(d(2021, 9, 1), d(2022, 5, 31))
        } else {
            pl.day(y0(), d(2022, 5, 31))
        };
        let talks = pl.day(plus(lead, 7), p1());
        let key = key_here(&mut pl, (4..14).contains(&k));
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = if talks >= p0() || k % 2 == 0 {
            pl.days(1, lead.max(p0()), p1())
        } else {
            vec![]
        };
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![step(Lead, lead), step(Negotiating, talks)],
            contacts,
        );
        if k < 4 {
            pl.last().phase_two_of = Some(producing[k]);
        }
    }
    // R7: 45 leads at the end of June (3 second phases); 2 key.
    for k in 0..45 {
        let lead = if k < 3 {
            pl.day(d(2021, 11, 1), d(2022, 6, 28))
        } else {
            pl.day(d(2021, 3, 1), d(2022, 6, 28))
        };
        let key = key_here(&mut pl, k == 10 || k == 20);
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = if k % 3 == 0 {
            pl.days(1, lead.max(p0()), p1())
        } else {
            vec![]
        };
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![step(Lead, lead)],
            contacts,
        );
        if k < 3 {
            pl.last().phase_two_of = Some(producing[4 + k]);
        }
    }
    // R9: 8 on hold (one 两高 project held for its energy review); 1 key.
    for k in 0..8 {
        let lead = pl.day(y0(), d(2021, 8, 31));
        let talks = pl.day(plus(lead, 10), plus(lead, 100));
        let mut steps = vec![step(Lead, lead), step(Negotiating, talks)];
        let mut last = talks;
        if k % 2 == 0 {
            last = pl.day(plus(talks, 10), plus(talks, 120).min(d(2021, 12, 20)));
            steps.push(step(Signed, last));
        }
        let note = if k == 3 {
            "属“两高”项目，待能耗指标落实"
        } else {
            [
                "企业资金紧张，项目暂缓",
                "用地手续未落实，暂缓推进",
                "市场变化，企业暂缓投资",
            ][k % 3]
        };
        steps.push(step(OnHold, pl.day(plus(last, 20), d(2022, 6, 20))).note(note));
        let key = key_here(&mut pl, k == 2);
        let amount = key.unwrap_or_else(|| pl.plain());
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            vec![],
        );
        pl.last().high_energy = k == 3;
    }
    // R10: 8 dropped (two 两高 projects screened out).
    for k in 0..8 {
        let lead = pl.day(y0(), d(2021, 10, 29));
        let talks = pl.day(plus(lead, 10), plus(lead, 90));
        let note = if k == 0 || k == 5 {
            "属“两高”项目，经能耗评估不予引进"
        } else {
            ["企业投资方向调整，项目终止", "选址落户外地，项目终止"][k % 2]
        };
        let dropped = pl.day(plus(talks, 20), d(2022, 6, 20));
        let amount = pl.plain();
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            false,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Dropped, dropped).note(note),
            ],
            vec![],
        );
        pl.last().high_energy = k == 0 || k == 5;
    }
    // R11: 10 signed in 2021, awaiting construction (3 upgraded in 2022, two with 增资); 5 key.
    for k in 0..10 {
        let lead = pl.day(y0(), d(2021, 8, 31));
        let signed = pl.day(plus(lead, 20), d(2021, 12, 20));
        let mut steps = vec![step(Lead, lead), step(Signed, signed)];
        let key = key_here(&mut pl, k >= 5);
        if k < 3 {
            let mut up = step(Signed, pl.day(d(2022, 1, 10), d(2022, 6, 20))).note(UPGRADE);
            if k < 2 {
                up.added = amount_in(&mut pl.rng, 1);
                up.note = Some(ADD);
            }
            steps.push(up);
        }
        let amount = key.unwrap_or_else(|| pl.plain());
        let region = pl.rest_region();
        let contacts = pl.days(1, p0(), p1());
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            contacts,
        );
    }
    assert_eq!(keys_given, rest_keys, "every rest key band handed out");
    assert!(pl.key_bands.is_empty(), "all 85 key bands handed out");

    // Second phases share their first phase's investor, 产业链 and origin.
    for i in 0..pl.plans.len() {
        if let Some(j) = pl.plans[i].phase_two_of {
            debug_assert!(pl.plans[j].lead_on() < pl.plans[i].lead_on());
            let (industry, region) = (pl.plans[j].industry, pl.plans[j].region);
            let p = &mut pl.plans[i];
            if INDUSTRY_DEFS[industry]
                .products
                .iter()
                .any(|x| fits(x, tier_index(p.amount)))
            {
                p.industry = industry;
                p.team = INDUSTRY_DEFS[industry].team;
                p.region = region;
            } else {
                p.phase_two_of = None;
            }
        }
    }
    pl.plans
}

// ── writing the ledger ─────────────────────────────────────────────────────────────────────

struct CompanyRow {
    id: String,
    name: String,
    region: Region,
    origin: &'static Origin,
    industry: usize,
}

struct Demo<'a> {
    conn: &'a Connection,
    today: NaiveDate,
    rng: StdRng,
    industry_ids: Vec<String>,
    teams: Vec<String>,
    /// Officer ids per team (the first is the team's leader).
    officers: Vec<Vec<String>>,
    company_names: HashSet<String>,
    project_names: HashSet<String>,
    companies: Vec<CompanyRow>,
}

impl Demo<'_> {
    fn officer(&mut self, team: usize) -> String {
        pick(&mut self.rng, &self.officers[team]).clone()
    }

    /// The officers on an activity: `first` (or someone of the team), sometimes a colleague.
    fn crew(&mut self, team: usize, first: Option<&str>) -> Vec<String> {
        let mut v = vec![first
            .map(str::to_string)
            .unwrap_or_else(|| self.officer(team))];
        if self.rng.random_bool(0.35) {
            let other = self.officer(team);
            if !v.contains(&other) {
                v.push(other);
            }
        }
        v
    }

    fn company(&mut self, region: Region, industry: usize) -> Result<usize> {
        let origin = pick(&mut self.rng, region.origins());
        let def = &INDUSTRY_DEFS[industry];
        let name = loop {
            let brand = pick(&mut self.rng, BRANDS);
            let (word, forms) = pick(&mut self.rng, def.words);
            let form = pick(&mut self.rng, forms);
            let n = format!("{}{brand}{word}{form}", origin.city);
            if self.company_names.insert(n.clone()) {
                break n;
            }
        };
        let credit = self
            .rng
            .random_bool(0.6)
            .then(|| credit_code(&mut self.rng, origin.code));
        let contact = format!(
            "{}{}",
            pick(&mut self.rng, SURNAMES),
            pick(
                &mut self.rng,
                &["总经理", "董事长", "副总经理", "投资总监", "项目经理"]
            )
        );
        let phone = format!(
            "1{}",
            self.rng.random_range(3_000_000_000u64..9_999_999_999)
        );
        let c = companies::create(
            self.conn,
            &CompanyInput {
                name: name.clone(),
                credit_code: credit,
                origin_code: Some(origin.code.to_string()),
                overseas: false,
                industry_id: Some(self.industry_ids[industry].clone()),
                contact_person: Some(contact),
                contact_phone: Some(phone),
                notes: None,
                ..Default::default()
            },
        )?;
        self.companies.push(CompanyRow {
            id: c.id,
            name,
            region,
            origin,
            industry,
        });
        Ok(self.companies.len() - 1)
    }

    /// A project's name (unique) from a product of its band.
    fn project_name(&mut self, plan: &Plan, company: usize, first_phase: Option<&str>) -> String {
        if let Some(base) = first_phase {
            let n = format!("{}二期项目", base.trim_end_matches("项目"));
            if self.project_names.insert(n.clone()) {
                return n;
            }
        }
        let tier = tier_index(plan.amount);
        let products: Vec<&Product> = if plan.high_energy {
            HIGH_ENERGY.iter().filter(|p| fits(p, tier)).collect()
        } else {
            INDUSTRY_DEFS[plan.industry]
                .products
                .iter()
                .filter(|p| fits(p, tier))
                .collect()
        };
        let products = if products.is_empty() {
            HIGH_ENERGY.iter().collect()
        } else {
            products
        };
        for attempt in 0..40 {
            let p = *pick(&mut self.rng, &products);
            let text = if p.sizes.is_empty() {
                p.text.to_string()
            } else {
                p.text
                    .replace("{}", &pick(&mut self.rng, p.sizes).to_string())
            };
            let n = if attempt < 8 {
                format!("{text}项目")
            } else {
                // Named after the investor's brand, as offices do when lines repeat.
                let brand =
                    &self.companies[company].name[self.companies[company].origin.city.len()..];
                let brand: String = brand.chars().take(2).collect();
                format!("{brand}{text}项目")
            };
            if self.project_names.insert(n.clone()) {
                return n;
            }
        }
        let mut k = 2;
        loop {
            let n = format!("{}（{k}）", self.companies[company].name);
            if self.project_names.insert(n.clone()) {
                return n;
            }
            k += 1;
        }
    }

    fn activity(&mut self, input: ActivityInput) -> Result<()> {
        activities::create(self.conn, &input, self.today)?;
        Ok(())
    }
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
    ledger.set_local_city_code(Some(LOCAL_CITY))?;
    ledger.set_office_name(Some(OFFICE_NAME))?;
    let industries = ledger.industries()?;
    let industry_ids: Vec<String> = INDUSTRY_DEFS
        .iter()
        .map(|def| {
            industries
                .iter()
                .find(|i| i.name == def.name)
                .map(|i| i.id.clone())
                .ok_or_else(|| {
                    crate::Error::Conflict(format!("缺少产业链“{}”，无法创建演示台账。", def.name))
                })
        })
        .collect::<Result<_>>()?;
    ledger.write(|tx, today| {
        build(tx, today, industry_ids)?;
        // Generated data: 撤销 must not offer to take the whole demo back.
        crate::storage::changelog::mark_not_undoable(tx)
    })?;
    ledger.finish_setup(Some(OFFICE_NAME))?;
    ledger.set_today(None);
    Ok(ledger)
}

struct Created {
    id: String,
    name: String,
    company: usize,
    officer: String,
}

fn build(conn: &Connection, today: NaiveDate, industry_ids: Vec<String>) -> Result<()> {
    let mut demo = Demo {
        conn,
        today,
        rng: StdRng::seed_from_u64(20_210_104),
        industry_ids,
        teams: Vec::new(),
        officers: Vec::new(),
        company_names: HashSet::new(),
        project_names: HashSet::new(),
        companies: Vec::new(),
    };

    // Teams and officers: 6 teams, 40 officers; the first of each team is its leader.
    for (t, (name, people)) in TEAMS.iter().enumerate() {
        let team = teams::create(conn, name)?;
        let mut list = Vec::new();
        for (k, person) in people.iter().enumerate() {
            let o = officers::create(
                conn,
                &OfficerInput {
                    name: person.to_string(),
                    team_id: Some(team.id.clone()),
                    title: Some(officer_title(t, k).to_string()),
                    phone: Some(format!("1394210{:04}", 1_000 + t * 97 + k * 13)),
                },
            )?;
            list.push(o.id);
        }
        demo.teams.push(team.id);
        demo.officers.push(list);
    }
    let director = demo.officers[0][0].clone();
    let deputy = demo.officers[1][0].clone();

    let plans = plan_projects(20_220_630);

    // The 京津冀招商组's phone outreach in H1 2022: 2,046 companies called in 96 rounds (one
    // activity per round); the relocation leads registered since came from these calls.
    let call_days: Vec<NaiveDate> = {
        let mut v: Vec<NaiveDate> = (0..96)
            .map(|_| workday(&mut demo.rng, p0(), d(2022, 6, 24)))
            .collect();
        v.sort();
        v
    };
    let mut rounds: Vec<Vec<usize>> = vec![Vec::new(); call_days.len()];
    let mut call_round_of: Vec<Option<usize>> = Vec::new();
    for n in 0..2046 {
        let region = match n % 20 {
            0..17 => Region::Jjj,
            17 => Region::Yrd,
            18 => Region::Northeast,
            _ => Region::Domestic,
        };
        let industry = pick_industry(&mut demo.rng, 0);
        let c = demo.company(region, industry)?;
        let round = n * call_days.len() / 2046;
        rounds[round].push(c);
        call_round_of.resize(c + 1, None);
        call_round_of[c] = Some(round);
    }
    let mut used_call_company = vec![false; demo.companies.len()];

    // Projects, in the order a ledger fills up (by their first stage).
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
            let found = (0..used_call_company.len())
                .filter(|&c| {
                    !used_call_company[c]
                        && demo.companies[c].region == Region::Jjj
                        && call_round_of[c].is_some_and(|r| call_days[r] < plan.lead_on())
                })
                .find(|&c| demo.companies[c].industry == plan.industry);
            match found {
                Some(c) => {
                    used_call_company[c] = true;
                    c
                }
                None => demo.company(plan.region, plan.industry)?,
            }
        } else {
            demo.company(plan.region, plan.industry)?
        };
        let first_name = first_phase.map(|f| f.name.clone());
        let name = demo.project_name(plan, company, first_name.as_deref());
        let def = &INDUSTRY_DEFS[plan.industry];
        let officer = demo.officer(plan.team);
        let sponsor = if plan.key && plan.amount >= YI {
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
        let coordination = ((open || building) && demo.rng.random_bool(0.35)).then(|| {
            pick(
                &mut demo.rng,
                &[
                    "用地指标待落实，需自然资源部门协调",
                    "环评手续办理中，需协调加快审批",
                    "电力增容需协调供电公司",
                    "企业融资方案待确定",
                    "施工用水用电接入需协调",
                    "能耗指标需省级统筹",
                ],
            )
            .to_string()
        });
        let next_step = match end {
            Lead => Some(
                pick(
                    &mut demo.rng,
                    &[
                        "7月上旬电话回访，邀请企业来凌考察",
                        "赴企业总部对接，了解投资意向",
                        "寄送园区推介材料，跟进企业决策",
                    ],
                )
                .to_string(),
            ),
            Negotiating => Some(
                pick(
                    &mut demo.rng,
                    &[
                        "7月中旬赴企业总部再次洽谈",
                        "推动签订框架协议",
                        "邀请企业高层来凌实地考察",
                        "细化投资方案和用地需求",
                    ],
                )
                .to_string(),
            ),
            Signed => Some(
                pick(
                    &mut demo.rng,
                    &[
                        "协调办理用地和施工许可，争取三季度开工",
                        "推动框架协议升格为正式合同",
                        "跟踪企业注册落地",
                    ],
                )
                .to_string(),
            ),
            Started => Some("跟踪工程进度，协调解决建设中的问题".to_string()),
            OnHold => Some("定期联系企业，待条件成熟后重启".to_string()),
            _ => None,
        };
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
        let follow_up = (open && demo.rng.random_bool(0.3))
            .then(|| any_day(&mut demo.rng, d(2022, 6, 20), d(2022, 7, 20)));
        let first = &plan.steps[0];
        let p = projects::create(
            conn,
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
                    notes: (!notes.is_empty()).then(|| notes.join("；")),
                    follow_up_on: follow_up,
                },
                first_stage: first.stage,
                first_stage_on: first.on,
            },
            today,
        )?;
        // Stage moves change only derived fields of the project (nothing to log there), so the
        // rows go in directly and the project is refreshed once; 增资 also raises 总投资.
        for s in &plan.steps[1..] {
            let input = StageChangeInput {
                to_stage: s.stage,
                changed_on: s.on,
                construction_kind: s.kind,
                added_investment: s.added,
                officer_id: Some(officer.clone()),
                note: s.note.map(str::to_string),
            };
            if s.added > 0 {
                projects::record_stage_change(conn, &p.id, &input, today)?;
            } else {
                stage_changes::insert(conn, &p.id, &input, today)?;
            }
        }
        projects::refresh(conn, &p.id)?;
        created[i] = Some(Created {
            id: p.id,
            name,
            company,
            officer,
        });
    }
    let created: Vec<Created> = created
        .into_iter()
        .map(|c| c.expect("every plan"))
        .collect();

    write_project_activities(&mut demo, &plans, &created)?;
    write_trips(&mut demo, &plans, &created)?;

    // The call rounds themselves.
    for (r, companies) in rounds.iter().enumerate() {
        let on = call_days[r];
        let industry = INDUSTRY_DEFS[demo.companies[companies[0]].industry].name;
        let ids = companies
            .iter()
            .map(|&c| demo.companies[c].id.clone())
            .collect();
        let crew = demo.crew(T_JJJ, None);
        demo.activity(ActivityInput {
            kind: ActivityKind::Call,
            occurred_on: on,
            place: None,
            destination_code: None,
            summary: Some(format!(
                "电话摸排京津冀{industry}等企业{}家，了解产业转移和投资意向",
                companies.len()
            )),
            follow_up_on: (on >= d(2022, 6, 10)).then(|| plus(on, 14)),
            officer_ids: crew,
            company_ids: ids,
            project_ids: vec![],
        })?;
    }

    // The 2022 plan (docs/DOMAIN.md §10).
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

fn fill(template: &str, company: &str, project: &str, park: &str) -> String {
    template
        .replace("{c}", company)
        .replace("{p}", project)
        .replace("{park}", park)
}

/// Contacts, signing ceremonies and 2021's visits for every project. In H1 2022 a project has
/// activities only if its plan lists contacts (what makes it count as contacted).
fn write_project_activities(demo: &mut Demo, plans: &[Plan], created: &[Created]) -> Result<()> {
    let y2022 = d(2022, 1, 1);
    for (i, plan) in plans.iter().enumerate() {
        let c = &created[i];
        let company = demo.companies[c.company].name.clone();
        let company_id = demo.companies[c.company].id.clone();
        let park = INDUSTRY_DEFS[plan.industry].parks[0];
        let signed_on = plan.first(Signed);
        let contacted = !plan.contacts.is_empty();
        debug_assert!(
            contacted || signed_on.is_none_or(|s| s < y2022),
            "{:?}: a project signed in H1 2022 is in talks then",
            plan.group
        );
        // 2021: a call when it came in, a visit when talks began, the signing ceremony.
        for (k, s) in plan.steps.iter().enumerate() {
            if s.on >= y2022 {
                break;
            }
            let (kind, summary) = match s.stage {
                Lead if demo.rng.random_bool(0.5) => (
                    ActivityKind::Call,
                    fill("与{c}初次电话接触，了解投资意向", &company, &c.name, park),
                ),
                Negotiating => (
                    ActivityKind::IncomingVisit,
                    fill(pick::<&str>(&mut demo.rng, VISIT), &company, &c.name, park),
                ),
                Signed if k > 0 && plan.steps[..k].iter().any(|x| x.stage == Signed) => (
                    ActivityKind::SigningCeremony,
                    fill("{c}与我市签订{p}正式投资合同", &company, &c.name, park),
                ),
                Signed => (
                    ActivityKind::SigningCeremony,
                    fill(
                        "{p}签约仪式举行，{c}与凌源市人民政府签订投资协议",
                        &company,
                        &c.name,
                        park,
                    ),
                ),
                _ => continue,
            };
            let crew = demo.crew(plan.team, Some(&c.officer));
            demo.activity(ActivityInput {
                kind,
                occurred_on: s.on,
                place: (kind == ActivityKind::IncomingVisit).then(|| park.to_string()),
                destination_code: None,
                summary: Some(summary),
                follow_up_on: None,
                officer_ids: crew,
                company_ids: vec![company_id.clone()],
                project_ids: vec![c.id.clone()],
            })?;
        }
        // One more exchange in 2021 for about half the projects then open.
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
                let crew = demo.crew(plan.team, Some(&c.officer));
                demo.activity(ActivityInput {
                    kind,
                    occurred_on: on,
                    place: (kind == ActivityKind::IncomingVisit).then(|| park.to_string()),
                    destination_code: None,
                    summary: Some(fill(t, &company, &c.name, park)),
                    follow_up_on: None,
                    officer_ids: crew,
                    company_ids: vec![company_id.clone()],
                    project_ids: vec![c.id.clone()],
                })?;
            }
        }
        if !contacted {
            continue;
        }
        // H1 2022: the planned contacts…
        for &on in &plan.contacts {
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
                    Some(park.to_string()),
                    fill(pick::<&str>(&mut demo.rng, VISIT), &company, &c.name, park),
                ),
                ActivityKind::Call => (
                    None,
                    fill(pick::<&str>(&mut demo.rng, CALL), &company, &c.name, park),
                ),
                ActivityKind::VideoMeeting => (
                    Some("线上".to_string()),
                    fill(pick::<&str>(&mut demo.rng, VIDEO), &company, &c.name, park),
                ),
                _ => {
                    let event = pick(&mut demo.rng, EVENTS);
                    (
                        Some(event.to_string()),
                        format!("参加{event}，与{company}深入交流{}", c.name),
                    )
                }
            };
            let follow_up = (on >= d(2022, 6, 15) && demo.rng.random_bool(0.5))
                .then(|| plus(on, demo.rng.random_range(7..25)));
            let crew = demo.crew(plan.team, Some(&c.officer));
            demo.activity(ActivityInput {
                kind,
                occurred_on: on,
                place,
                destination_code: None,
                summary: Some(summary),
                follow_up_on: follow_up,
                officer_ids: crew,
                company_ids: vec![company_id.clone()],
                project_ids: vec![c.id.clone()],
            })?;
        }
        // …and its signings in H1 2022 (first ones and upgrades).
        for (k, s) in plan.steps.iter().enumerate() {
            if s.on < y2022 || s.stage != Signed {
                continue;
            }
            let upgrade = plan.steps[..k].iter().any(|x| x.stage == Signed);
            let video = !upgrade && plan.video_signing;
            let summary = if video {
                fill(
                    "“云签约”：与{c}视频连线签订{p}投资协议",
                    &company,
                    &c.name,
                    park,
                )
            } else if s.added > 0 {
                format!(
                    "{company}签订{}增资扩产补充协议，追加投资{}",
                    c.name,
                    zh_money(s.added)
                )
            } else if upgrade {
                fill(
                    "{c}与我市签订{p}正式投资合同（协议升格）",
                    &company,
                    &c.name,
                    park,
                )
            } else {
                fill(
                    "{p}签约仪式举行，{c}与凌源市人民政府签订投资协议",
                    &company,
                    &c.name,
                    park,
                )
            };
            let mut crew = demo.crew(plan.team, Some(&c.officer));
            if plan.key && !crew.contains(&demo.officers[0][0]) {
                crew.push(demo.officers[0][0].clone());
            }
            demo.activity(ActivityInput {
                kind: if video {
                    ActivityKind::VideoMeeting
                } else {
                    ActivityKind::SigningCeremony
                },
                occurred_on: s.on,
                place: Some(
                    if video {
                        "线上"
                    } else {
                        "凌源市政务服务中心"
                    }
                    .to_string(),
                ),
                destination_code: None,
                summary: Some(summary),
                follow_up_on: None,
                officer_ids: crew,
                company_ids: vec![company_id.clone()],
                project_ids: vec![c.id.clone()],
            })?;
        }
    }
    Ok(())
}

/// 外出招商: H1 2022 toward 京津冀 36 by the 京津冀招商组 and 132 by the other teams, each
/// visiting projects already in talks then; 74 trips elsewhere; and 2021's trips (126 toward
/// 京津冀 in H1, 150 in H2, 110 elsewhere) for 同比.
fn write_trips(demo: &mut Demo, plans: &[Plan], created: &[Created]) -> Result<()> {
    let alive = |p: &Plan, on: NaiveDate| {
        p.lead_on() <= on && !matches!(p.stage_at(on), Some(Dropped) | None)
    };
    // (count, from, to, pool filter, toward 京津冀)
    type Pool<'a> = Box<dyn Fn(&Plan) -> bool + 'a>;
    let h1 = (p0(), p1());
    let jobs: Vec<(usize, (NaiveDate, NaiveDate), Pool, bool)> = vec![
        (
            36,
            h1,
            Box::new(|p: &Plan| matches!(p.group, Group::A | Group::B | Group::C | Group::D1)),
            true,
        ),
        (
            132,
            h1,
            Box::new(|p: &Plan| matches!(p.group, Group::G | Group::H | Group::I)),
            true,
        ),
        (
            74,
            h1,
            Box::new(|p: &Plan| {
                !matches!(p.region, Region::Jjj | Region::Local) && !p.contacts.is_empty()
            }),
            false,
        ),
        (
            30,
            (y0(), d(2021, 6, 30)),
            Box::new(|p: &Plan| p.team == T_JJJ && p.region == Region::Jjj),
            true,
        ),
        (
            96,
            (y0(), d(2021, 6, 30)),
            Box::new(|p: &Plan| p.team != T_JJJ && p.region == Region::Jjj),
            true,
        ),
        (
            40,
            (d(2021, 7, 1), d(2021, 12, 31)),
            Box::new(|p: &Plan| p.team == T_JJJ && p.region == Region::Jjj),
            true,
        ),
        (
            110,
            (d(2021, 7, 1), d(2021, 12, 31)),
            Box::new(|p: &Plan| p.team != T_JJJ && p.region == Region::Jjj),
            true,
        ),
        (
            110,
            (y0(), d(2021, 12, 31)),
            Box::new(|p: &Plan| !matches!(p.region, Region::Jjj | Region::Local)),
            false,
        ),
    ];
    for (count, (from, to), pool, toward_jjj) in jobs {
        let pool: Vec<usize> = (0..plans.len()).filter(|&i| pool(&plans[i])).collect();
        for _ in 0..count {
            let on = workday(&mut demo.rng, from, to);
            let here: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&i| {
                    alive(&plans[i], on)
                        && (on < p0() || plans[i].contacts.iter().any(|c| *c >= p0()))
                })
                .collect();
            // Most trips call on one or two projects' investors; a few are exploratory.
            let mut visits: Vec<usize> = Vec::new();
            if !here.is_empty() && demo.rng.random_bool(0.8) {
                let first = *pick(&mut demo.rng, &here);
                visits.push(first);
                if demo.rng.random_bool(0.3) {
                    // Another investor of the same team in the same city.
                    let city = demo.companies[created[first].company].origin.city;
                    let same: Vec<usize> = here
                        .iter()
                        .copied()
                        .filter(|&j| {
                            j != first
                                && plans[j].team == plans[first].team
                                && demo.companies[created[j].company].origin.city == city
                        })
                        .collect();
                    if !same.is_empty() {
                        visits.push(*pick(&mut demo.rng, &same));
                    }
                }
            }
            let team = match visits.first() {
                Some(&i) => plans[i].team,
                None if toward_jjj && pool.iter().all(|&i| plans[i].team == T_JJJ) => T_JJJ,
                None => *pick(&mut demo.rng, &[1usize, 2, 3, 5]),
            };
            let (region, origin): (Region, &Origin) = match visits.first() {
                Some(&i) => {
                    let c = &demo.companies[created[i].company];
                    (c.region, c.origin)
                }
                None if toward_jjj => (Region::Jjj, pick(&mut demo.rng, JJJ)),
                None => {
                    let region = [
                        Region::Yrd,
                        Region::Prd,
                        Region::Northeast,
                        Region::Domestic,
                    ][demo.rng.random_range(0..4)];
                    (region, pick(&mut demo.rng, region.origins()))
                }
            };
            debug_assert_eq!(toward_jjj, region == Region::Jjj);
            let names: Vec<String> = visits
                .iter()
                .map(|&i| demo.companies[created[i].company].name.clone())
                .collect();
            let summary = if names.is_empty() {
                format!(
                    "赴{}开展产业链招商，走访目标企业{}家，推介凌源投资环境",
                    origin.place,
                    demo.rng.random_range(3..8)
                )
            } else {
                format!(
                    "赴{}拜访{}，洽谈{}",
                    origin.place,
                    names.join("、"),
                    visits
                        .iter()
                        .map(|&i| created[i].name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )
            };
            let first_officer = visits.first().map(|&i| created[i].officer.clone());
            let crew = demo.crew(team, first_officer.as_deref());
            let follow_up = (on >= d(2022, 6, 15) && !visits.is_empty())
                .then(|| plus(on, demo.rng.random_range(10..25)));
            demo.activity(ActivityInput {
                kind: ActivityKind::OutboundTrip,
                occurred_on: on,
                place: Some(origin.place.to_string()),
                destination_code: Some(origin.code.to_string()),
                summary: Some(summary),
                follow_up_on: follow_up,
                officer_ids: crew,
                company_ids: visits
                    .iter()
                    .map(|&i| demo.companies[created[i].company].id.clone())
                    .collect(),
                project_ids: visits.iter().map(|&i| created[i].id.clone()).collect(),
            })?;
        }
    }
    Ok(())
}
