//! Reference data written once, when a ledger file is created: GB/T 2260 divisions, the region
//! groups of docs/DOMAIN.md §2 with their member cities, and the default 产业链 list. All of it is
//! editable afterwards (except divisions, which are the national standard).

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::util::now_stamp;

/// Reference rows get the same id in every ledger file (a UUIDv5 of their kind and name), so
/// ledgers made on different laptops can be merged.
pub fn seed_id(kind: &str, name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("zhaoshang/{kind}/{name}").as_bytes(),
    )
    .to_string()
}

const DIVISIONS: &str = include_str!("../../data/divisions.tsv");
const REGION_GROUP_CITIES: &str = include_str!("../../data/region_groups.tsv");

/// Default region groups: name, rule, order.
pub const REGION_GROUPS: &[(&str, &str)] = &[
    ("京津冀", "listed"),
    ("长三角", "listed"),
    ("珠三角", "listed"),
    ("东北", "listed"),
    ("本地", "local"),
    ("其他国内", "domestic"),
    ("境外", "overseas"),
];

pub const INDUSTRIES: &[&str] = &[
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
    "现代服务业",
    "其他",
];

pub fn reference_data(conn: &Connection) -> Result<()> {
    let now = now_stamp();
    divisions(conn)?;
    for (i, (name, rule)) in REGION_GROUPS.iter().enumerate() {
        conn.execute(
            "INSERT INTO region_groups (id, name, rule, sort_order, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![seed_id("region_group", name), name, rule, i as i64, now],
        )?;
    }
    let mut member = conn.prepare(
        "INSERT INTO region_group_cities (city_code, region_group_id)
         SELECT ?1, id FROM region_groups WHERE name = ?2",
    )?;
    for line in REGION_GROUP_CITIES.lines().filter(|l| !l.trim().is_empty()) {
        let (code, group) = line
            .split_once('\t')
            .expect("region_groups.tsv: code<TAB>group");
        member.execute(params![code.trim(), group.trim()])?;
    }
    for (i, name) in INDUSTRIES.iter().enumerate() {
        conn.execute(
            "INSERT INTO industries (id, name, sort_order, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![seed_id("industry", name), name, i as i64, now],
        )?;
    }
    Ok(())
}

fn divisions(conn: &Connection) -> Result<()> {
    let rows: Vec<(&str, &str, u8)> = DIVISIONS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let code = f.next().expect("code");
            let name = f.next().expect("name");
            let level = f.next().and_then(|v| v.trim().parse().ok()).expect("level");
            (code, name, level)
        })
        .collect();
    let names: std::collections::HashMap<&str, &str> =
        rows.iter().map(|(c, n, _)| (*c, *n)).collect();
    let mut insert = conn
        .prepare("INSERT INTO divisions (code, name, full_name, level) VALUES (?1, ?2, ?3, ?4)")?;
    for (code, name, level) in &rows {
        let province = format!("{}0000", &code[..2]);
        let city = format!("{}00", &code[..4]);
        let mut parts: Vec<&str> = Vec::new();
        if *level >= 2 {
            parts.extend(names.get(province.as_str()));
        }
        if *level >= 3 {
            if let Some(c) = names.get(city.as_str()) {
                if !matches!(
                    *c,
                    "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
                ) && Some(c) != parts.last()
                {
                    parts.push(c);
                }
            }
        }
        if parts.last() != Some(name) {
            parts.push(name);
        }
        insert.execute(params![code, name, parts.join(" "), level])?;
    }
    Ok(())
}
