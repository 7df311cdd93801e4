//! What the demo office is made of: its name and city, its 6 teams and 40 officers, the brands
//! and people of invented companies and their credit codes. Where investors come from is in
//! [`origins`]; the 产业链 and what their projects build in [`industries`].

pub(crate) mod industries;
pub(crate) mod origins;

use rand::rngs::StdRng;
use rand::Rng;

pub(crate) const OFFICE_NAME: &str = "凌源市投资促进服务中心";
/// 朝阳市: 凌源's prefecture (origins there count as 本地).
pub(crate) const LOCAL_CITY: &str = "211300";

// ── teams and officers ─────────────────────────────────────────────────────────────────────

/// Team indices: the 京津冀招商组 is the one docs/DOMAIN.md §10 reports on; 飞地 projects belong to
/// the 飞地经济招商组; every other project to the team of its 产业链.
pub(crate) const T_JJJ: usize = 0;
pub(crate) const T_ENCLAVE: usize = 4;

pub(crate) const TEAMS: &[(&str, &[&str])] = &[
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

pub(crate) fn officer_title(team: usize, k: usize) -> &'static str {
    match (team, k) {
        (0, 0) => "中心主任（包保领导）",
        (1, 0) => "中心副主任（包保领导）",
        (_, 0) => "组长（包保领导）",
        (_, 1) => "副组长",
        _ => "招商专员",
    }
}

// ── origins ────────────────────────────────────────────────────────────────────────────────

/// Brands (字号) of invented companies; none is a well-known firm's.
pub(crate) const BRANDS: &[&str] = &[
    "中科", "华冶", "金泰", "恒信", "宏达", "瑞丰", "博远", "鼎盛", "新源", "远航", "天宇", "国泰",
    "盛世", "嘉禾", "永安", "汇通", "德润", "华晟", "众诚", "凯盛", "海川", "北辰", "中汇", "祥瑞",
    "泰和", "宏图", "金石", "恒达", "信元", "华腾", "通达", "九鼎", "天成", "海泰", "兴达", "博瑞",
    "铭泰", "合众", "昊天", "锦程", "瑞泽", "润丰", "裕华", "金鼎", "宏昌", "聚源", "佳禾", "恒润",
    "华研", "智远", "鑫磊", "鑫达", "晟泰", "同益", "福瑞", "康达", "腾飞", "弘毅", "泽润", "昱辰",
    "宸宇", "澄源", "汇鑫", "益盛", "久安", "沃德", "中恒", "利华", "天启", "诚信", "德邦", "华信",
    "永泰", "瑞达", "嘉诚", "鸿运",
];
pub(crate) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

pub(crate) const ENCLAVE_PARKS: &[&str] = &["凌源（沈阳）飞地产业园", "凌源（大连）飞地产业园"];

/// A credit code whose 组织机构代码 part also carries its GB 11714 check digit.
pub(crate) fn credit_code(rng: &mut StdRng, origin: &str) -> String {
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
    zhaoshang_core::companies::credit_code::with_check_char(&format!("91{origin}{org}{check}"))
}

// ── the plan ───────────────────────────────────────────────────────────────────────────────
