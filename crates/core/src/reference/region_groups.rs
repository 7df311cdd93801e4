//! 来源区域 tables (`region_groups`, `region_group_cities`) and the rule that derives a
//! project's region group from its investor's origin (docs/DOMAIN.md §2).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::RegionGroup;
use crate::storage::settings;
use crate::util::{new_id, now_stamp, required_name};

pub fn list(conn: &Connection) -> Result<Vec<RegionGroup>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, sort_order FROM region_groups WHERE deleted_at IS NULL ORDER BY sort_order, name",
    )?;
    let mut groups: Vec<RegionGroup> = stmt
        .query_map([], |r| {
            Ok(RegionGroup {
                id: r.get(0)?,
                name: r.get(1)?,
                sort_order: r.get(2)?,
                city_codes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut cities = conn
        .prepare("SELECT city_code, region_group_id FROM region_group_cities ORDER BY city_code")?;
    let rows = cities.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (code, group) = row?;
        if let Some(g) = groups.iter_mut().find(|g| g.id == group) {
            g.city_codes.push(code);
        }
    }
    Ok(groups)
}

pub fn get(conn: &Connection, id: &str) -> Result<RegionGroup> {
    list(conn)?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| Error::not_found("来源区域", id))
}

pub fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM region_groups WHERE id = ?1 AND deleted_at IS NULL)",
        )?
        .query_row([id], |r| r.get(0))?)
}

pub fn find_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM region_groups WHERE name = ?1 AND deleted_at IS NULL",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

fn by_rule(conn: &Connection, rule: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM region_groups WHERE rule = ?1 AND deleted_at IS NULL ORDER BY sort_order LIMIT 1",
        )?
        .query_row([rule], |r| r.get(0))
        .optional()?)
}

/// The region group an origin falls in: 境外 for overseas investors (and 港澳台), 本地 for the
/// office's own prefecture, a listed group by city code (or by province when the whole province
/// is in one group), else 其他国内. None when the origin is unknown.
pub fn derive(
    conn: &Connection,
    origin_code: Option<&str>,
    overseas: bool,
) -> Result<Option<String>> {
    if overseas {
        return by_rule(conn, "overseas");
    }
    let Some(code) = origin_code else {
        return Ok(None);
    };
    if code.len() != 6 {
        return Ok(None);
    }
    if matches!(&code[..2], "71" | "81" | "82") {
        return by_rule(conn, "overseas");
    }
    let city = if code.ends_with("0000") {
        None
    } else {
        Some(format!("{}00", &code[..4]))
    };
    if let (Some(city), Some(local)) = (&city, settings::get(conn, settings::LOCAL_CITY_CODE)?) {
        if *city == local {
            if let Some(id) = by_rule(conn, "local")? {
                return Ok(Some(id));
            }
        }
    }
    let listed: Option<String> = match &city {
        Some(city) => conn
            .prepare_cached(
                "SELECT c.region_group_id FROM region_group_cities c
                 JOIN region_groups g ON g.id = c.region_group_id AND g.deleted_at IS NULL
                 WHERE c.city_code = ?1",
            )?
            .query_row([city], |r| r.get(0))
            .optional()?,
        None => {
            // A whole province: only when every one of its cities is in the same group.
            let prefix = &code[..2];
            let groups: Vec<Option<String>> = conn
                .prepare(
                    "SELECT DISTINCT c.region_group_id FROM divisions d
                     LEFT JOIN region_group_cities c ON c.city_code = d.code
                     WHERE d.level = 2 AND substr(d.code, 1, 2) = ?1",
                )?
                .query_map([prefix], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            match groups.as_slice() {
                [Some(g)] => Some(g.clone()),
                _ => None,
            }
        }
    };
    match listed {
        Some(g) => Ok(Some(g)),
        None => by_rule(conn, "domestic"),
    }
}

pub fn create(conn: &Connection, name: &str) -> Result<RegionGroup> {
    let name = required_name("name", "区域名称", name, 20)?;
    if find_by_name(conn, &name)?.is_some() {
        return Err(Error::invalid("name", format!("已有名为“{name}”的区域。")));
    }
    let id = new_id();
    let order: i32 = conn.query_row(
        "SELECT COALESCE(MAX(sort_order), -1) + 1 FROM region_groups",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO region_groups (id, name, rule, sort_order, created_at, updated_at)
         VALUES (?1, ?2, 'listed', ?3, ?4, ?4)",
        params![id, name, order, now_stamp()],
    )?;
    crate::storage::changelog::record_created(conn, "region_groups", &id)?;
    get(conn, &id)
}

pub fn rename(conn: &Connection, id: &str, name: &str) -> Result<RegionGroup> {
    let name = required_name("name", "区域名称", name, 20)?;
    let before = get(conn, id)?;
    if find_by_name(conn, &name)?.is_some_and(|other| other != id) {
        return Err(Error::invalid("name", format!("已有名为“{name}”的区域。")));
    }
    conn.execute(
        "UPDATE region_groups SET name = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, name, now_stamp()],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "region_groups", id, Some(&before), &after, &[])?;
    Ok(after)
}

/// The live group a city is listed in.
fn group_of_city(conn: &Connection, city_code: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT c.region_group_id FROM region_group_cities c
             JOIN region_groups g ON g.id = c.region_group_id AND g.deleted_at IS NULL
             WHERE c.city_code = ?1",
            [city_code],
            |r| r.get(0),
        )
        .optional()?)
}

/// Puts a prefecture-level city into a group (or takes it out with `None`).
pub fn set_city(conn: &Connection, city_code: &str, group_id: Option<&str>) -> Result<()> {
    let level: Option<u8> = conn
        .query_row(
            "SELECT level FROM divisions WHERE code = ?1",
            [city_code],
            |r| r.get(0),
        )
        .optional()?;
    if level != Some(2) {
        return Err(Error::invalid(
            "city_code",
            format!("“{city_code}”不是地级行政区划代码。"),
        ));
    }
    let from = group_of_city(conn, city_code)?;
    if from.as_deref() == group_id {
        return Ok(());
    }
    // The groups whose city lists change, as they were (logged as their `city_codes`).
    let mut touched: Vec<RegionGroup> = Vec::new();
    if let Some(f) = &from {
        touched.push(get(conn, f)?);
    }
    if let Some(g) = group_id {
        touched.push(get(conn, g)?);
    }
    match group_id {
        Some(g) => {
            conn.execute(
                "INSERT INTO region_group_cities (city_code, region_group_id) VALUES (?1, ?2)
                 ON CONFLICT(city_code) DO UPDATE SET region_group_id = excluded.region_group_id",
                params![city_code, g],
            )?;
        }
        None => {
            conn.execute(
                "DELETE FROM region_group_cities WHERE city_code = ?1",
                [city_code],
            )?;
        }
    }
    for before in touched {
        let after = get(conn, &before.id)?;
        crate::storage::changelog::record(
            conn,
            "region_groups",
            &before.id,
            Some(&before),
            &after,
            &[],
        )?;
    }
    Ok(())
}

/// Deletes a group (its cities become unlisted). The fixed groups (本地, 境外, 其他国内) the
/// derivation rule needs cannot be deleted.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    let before = get(conn, id)?;
    let rule: String =
        conn.query_row("SELECT rule FROM region_groups WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    if rule != "listed" {
        return Err(Error::invalid(
            "id",
            format!(
                "“{}”是来源区域的固定分组（本地、境外或其他国内），项目来源按它归类，不能删除；可以改名。",
                before.name
            ),
        ));
    }
    conn.execute(
        "DELETE FROM region_group_cities WHERE region_group_id = ?1",
        [id],
    )?;
    let after = RegionGroup {
        city_codes: Vec::new(),
        ..before.clone()
    };
    crate::storage::changelog::record(conn, "region_groups", id, Some(&before), &after, &[])?;
    conn.execute(
        "UPDATE region_groups SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "region_groups", id, true)
}

/// 撤销 of a region group's action: its name, its cities and whether it is deleted, as they
/// were. The caller re-derives the projects' and activities' groups.
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    if fields.iter().any(|(f, _)| *f == "*") {
        return delete(conn, id);
    }
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "deleted") {
        crate::storage::changelog::put_back_deleted(conn, "region_groups", id, *old)?;
    }
    for (field, old) in &fields {
        match *field {
            "name" => {
                rename(
                    conn,
                    id,
                    &crate::storage::changelog::old_value::<String>(*old),
                )?;
            }
            "city_codes" => {
                let codes: Vec<String> = crate::storage::changelog::old_value(*old);
                let now = get(conn, id)?;
                for gone in now.city_codes.iter().filter(|c| !codes.contains(c)) {
                    set_city(conn, gone, None)?;
                }
                for code in &codes {
                    set_city(conn, code, Some(id))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// After a region-group rule changes, every derived group follows (manual overrides stay).
pub(crate) fn rederive_all(tx: &rusqlite::Connection) -> Result<()> {
    let companies: Vec<(String, Option<String>, bool)> = tx
        .prepare("SELECT id, origin_code, overseas FROM companies")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut cache = std::collections::HashMap::new();
    for (id, origin, overseas) in companies {
        let key = (origin.clone(), overseas);
        if !cache.contains_key(&key) {
            cache.insert(key.clone(), derive(tx, origin.as_deref(), overseas)?);
        }
        tx.execute(
            "UPDATE projects SET region_group_id = ?2 WHERE company_id = ?1 AND region_group_manual = 0
               AND region_group_id IS NOT ?2",
            rusqlite::params![id, cache[&key]],
        )?;
    }
    let destinations: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT destination_code FROM activities WHERE destination_code IS NOT NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for code in destinations {
        let g = derive(tx, Some(&code), false)?;
        tx.execute(
            "UPDATE activities SET region_group_id = ?2 WHERE destination_code = ?1 AND region_group_id IS NOT ?2",
            rusqlite::params![code, g],
        )?;
    }
    Ok(())
}
