//! What synthetic names are made of: the words of the ledger file's names and of the
//! spreadsheet rows' (two lists, so each benchmark keeps the data of its earlier figures), and
//! the teams both use.

/// Words of synthetic company and project names (the ledger generator's).
pub const WORDS: &[&str] = &[
    "年产",
    "万吨",
    "精密",
    "铸造",
    "新材料",
    "光伏",
    "储能",
    "冷链",
    "物流园",
    "数字",
    "智能",
    "装备",
    "零部件",
    "农产品",
    "深加工",
    "文旅",
    "康养",
    "生物",
    "医药",
    "碳纤维",
    "氢能",
];

/// Words of the rows' company and project names (io-bench also queries them).
pub const ROW_WORDS: &[&str] = &[
    "精密",
    "铸造",
    "新材料",
    "光伏",
    "储能",
    "冷链",
    "物流",
    "数字",
    "智能",
    "装备",
    "零部件",
    "农产品",
    "深加工",
    "文旅",
    "康养",
    "生物",
    "医药",
    "碳纤维",
    "氢能",
    "钢铁",
    "汽车",
    "风电",
];

/// The six synthetic teams: 招商一组 … 招商六组.
pub fn team_name(t: usize) -> String {
    format!("招商{}组", ["一", "二", "三", "四", "五", "六"][t])
}
