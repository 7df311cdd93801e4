//! The demo's 产业链: company name words, product lines by 总投资 band, parks and responsible
//! units; the 两高 products; amounts by band and a weighted pick of an industry.

use rand::rngs::StdRng;
use rand::Rng;
use zhaoshang_core::{Tier, WAN};

// ── industries, companies, products ────────────────────────────────────────────────────────

/// A product line: name template (`{}` takes one of `sizes`), and the 总投资 bands it fits
/// (0 <5000万, 1 5000万–1亿, 2 1–10亿, 3 ≥10亿).
pub(crate) struct Product {
    pub(crate) text: &'static str,
    pub(crate) sizes: &'static [u32],
    pub(crate) tiers: (u8, u8),
}

const fn pr(text: &'static str, sizes: &'static [u32], lo: u8, hi: u8) -> Product {
    Product {
        text,
        sizes,
        tiers: (lo, hi),
    }
}

pub(crate) struct IndustryDef {
    /// Name in the seeded 产业链 list.
    pub(crate) name: &'static str,
    /// Share of projects (weights).
    pub(crate) weight: u32,
    /// The team of this 产业链 (for projects outside 京津冀招商组 and 飞地).
    pub(crate) team: usize,
    /// Company name words and the legal forms they take.
    pub(crate) words: &'static [(&'static str, &'static [&'static str])],
    pub(crate) products: &'static [Product],
    pub(crate) parks: &'static [&'static str],
    pub(crate) unit: &'static str,
}

const LTD: &[&str] = &["有限公司"];
const LTD_GROUP: &[&str] = &["有限公司", "集团有限公司"];
const LTD_SHARE: &[&str] = &["有限公司", "股份有限公司"];

pub(crate) const INDUSTRY_DEFS: &[IndustryDef] = &[
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
pub(crate) const HIGH_ENERGY: &[Product] = &[
    pr("年产{}万吨球团", &[60, 120], 0, 2),
    pr("年产{}万吨焦炭", &[60, 100], 1, 3),
    pr("年产{}万吨氧化钙", &[20, 30], 0, 2),
    pr("{}万吨硅铁冶炼", &[5, 10], 0, 2),
];
pub(crate) fn tier_index(amount: i64) -> u8 {
    match Tier::of(amount) {
        Tier::Under5000Wan => 0,
        Tier::Over5000Wan => 1,
        Tier::Over1Yi => 2,
        Tier::Over10Yi => 3,
    }
}

pub(crate) fn fits(p: &Product, tier: u8) -> bool {
    p.tiers.0 <= tier && tier <= p.tiers.1
}

/// An amount (元) in a band, rounded to 100万 (10亿+ to 1000万).
pub(crate) fn amount_in(rng: &mut StdRng, tier: u8) -> i64 {
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
pub(crate) fn plain_amount(rng: &mut StdRng) -> i64 {
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
pub(crate) fn pick_industry(rng: &mut StdRng, tier: u8) -> usize {
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
