//! The `push` endpoint: checks an officer's bundle and stores its changes and newest values.

use axum::body::Bytes;
use axum::extract::State as Extract;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use zhaoshang_core::sync::office_server::PushResponse;
use zhaoshang_core::sync::{self, Bundle, Register};

use super::error::{bad_request, check_id, parse, ApiError};
use super::rights;
use super::sessions::session;
use super::state::Shared;

/// `0000000000000.00000`: 13 digits of milliseconds, a dot, a 5-digit counter.
fn is_hlc(h: &str) -> bool {
    let b = h.as_bytes();
    b.len() == 19
        && b[13] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 13 || c.is_ascii_digit())
}

/// A register's value as the laptops' merge reads it: JSON text of a scalar, or of a list of
/// ids for the `*_ids` fields.
fn is_exchangeable_value(field: &str, value: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::Array(items)) => {
            field.ends_with("_ids") && items.iter().all(serde_json::Value::is_string)
        }
        Ok(serde_json::Value::Object(_)) => false,
        Ok(_) => true,
        Err(_) => false,
    }
}

pub(super) async fn push(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    let bundle: Bundle = parse(&body, "上传的同步数据")?;
    sync::check(&bundle).map_err(|e| match e.kind() {
        zhaoshang_core::ErrorKind::Conflict => ApiError(StatusCode::CONFLICT, e.to_string()),
        _ => bad_request(format!("上传的同步数据校验失败，服务器未保存任何数据：{e}")),
    })?;
    for r in &bundle.registers {
        if !is_hlc(&r.hlc) {
            return Err(bad_request(format!(
                "上传的同步数据含有无效的时钟值“{}”，服务器未保存任何数据。",
                r.hlc
            )));
        }
        check_id("设备编号", &r.device_id)?;
        check_id("数据表", &r.table)?;
        check_id("记录编号", &r.row_id)?;
        check_id("字段", &r.field)?;
        // What every laptop's merge would refuse must not reach the server: one such change
        // would make every later pull fail.
        if !sync::TABLES.contains(&r.table.as_str()) {
            return Err(bad_request(format!(
                "上传的同步数据含有未知的数据表“{}”（软件版本不符？），服务器未保存任何数据。",
                r.table
            )));
        }
        if !is_exchangeable_value(&r.field, &r.value) {
            return Err(bad_request(format!(
                "上传的同步数据中 {}.{} 的值无法识别，服务器未保存任何数据。",
                r.table, r.field
            )));
        }
    }
    // A laptop whose clock runs far ahead: its changes are kept, and the officer is told
    // (other laptops flag and skip them when merging).
    let horizon = chrono::Utc::now().timestamp_millis() + sync::MAX_CLOCK_SKEW_MS;
    let ahead_of_server = bundle
        .registers
        .iter()
        .filter(|r| r.hlc[..13].parse::<i64>().unwrap_or(0) > horizon)
        .count() as u32;
    if ahead_of_server > 0 {
        eprintln!(
            "zhaoshang-server: device {} pushed {ahead_of_server} changes dated more than a day ahead",
            who.device_id
        );
    }
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // Which changes are new: past the device's mark for sure; at or below it only if the log
    // lacks them (a device's clocks only grow, so that is rare and the lookup small).
    let pushed_devices: Vec<&str> = {
        let set: std::collections::BTreeSet<&str> = bundle
            .registers
            .iter()
            .map(|r| r.device_id.as_str())
            .collect();
        set.into_iter().collect()
    };
    let marks: std::collections::BTreeMap<String, (i64, Option<String>)> = tx
        .query(
            "SELECT device_id, officer_id, high_water FROM devices WHERE device_id = ANY($1)",
            &[&pushed_devices],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect();
    let mut maybe_old: Vec<usize> = Vec::new();
    let mut fresh: Vec<bool> = vec![true; bundle.registers.len()];
    for (i, r) in bundle.registers.iter().enumerate() {
        match marks.get(&r.device_id) {
            Some((_, Some(mark))) if r.hlc <= *mark => maybe_old.push(i),
            Some(_) => {}
            None => maybe_old.push(i),
        }
    }
    if !maybe_old.is_empty() {
        let pick = |f: fn(&Register) -> &str| -> Vec<&str> {
            maybe_old.iter().map(|&i| f(&bundle.registers[i])).collect()
        };
        let stored: std::collections::BTreeSet<i32> = tx
            .query(
                "SELECT i.n FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                   WITH ORDINALITY AS i(device_id, hlc, table_name, row_id, field, n)
                 WHERE EXISTS (SELECT 1 FROM changes c
                   WHERE c.device_id = i.device_id AND c.hlc = i.hlc AND c.table_name = i.table_name
                     AND c.row_id = i.row_id AND c.field = i.field)",
                &[
                    &pick(|r| &r.device_id),
                    &pick(|r| &r.hlc),
                    &pick(|r| &r.table),
                    &pick(|r| &r.row_id),
                    &pick(|r| &r.field),
                ],
            )
            .await?
            .iter()
            .map(|r| r.get::<_, i64>(0) as i32)
            .collect();
        for (k, &i) in maybe_old.iter().enumerate() {
            if stored.contains(&(k as i32 + 1)) {
                fresh[i] = false;
            }
        }
    }
    // New changes of devices that are not this officer's: the whole push is refused.
    let mut foreign: Vec<String> = Vec::new();
    for (i, r) in bundle.registers.iter().enumerate() {
        let owner = marks.get(&r.device_id).map(|m| m.0);
        if fresh[i] && owner != Some(who.officer_id) && !foreign.contains(&r.device_id) {
            foreign.push(r.device_id.clone());
        }
    }
    if !foreign.is_empty() {
        let owners: std::collections::BTreeMap<String, String> = tx
            .query(
                "SELECT d.device_id, o.name FROM devices d JOIN officers o ON o.id = d.officer_id
                 WHERE d.device_id = ANY($1)",
                &[&foreign],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        foreign.sort();
        let whose: Vec<String> = foreign
            .iter()
            .map(|device| {
                // The tail: a UUIDv7's head is its creation time, alike for many devices.
                let tail: String = device
                    .chars()
                    .skip(device.chars().count().saturating_sub(8))
                    .collect();
                match owners.get(device) {
                    Some(name) => format!("设备 …{tail} 属于干部“{name}”"),
                    None => format!("设备 …{tail} 未在服务器登记"),
                }
            })
            .collect();
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            format!(
                "不能以本人身份上传其他干部的修改（{}）。每位干部只能上传自己电脑上的修改；本次上传未保存任何数据。",
                whose.join("；")
            ),
        ));
    }
    // The new changes, checked against the account's role and stamped with its officer.
    let mut new: Vec<Register> = bundle
        .registers
        .iter()
        .zip(&fresh)
        .filter(|(_, f)| **f)
        .map(|(r, _)| r.clone())
        .collect();
    let stamp = rights::check(&tx, &who, &new).await?;
    // Every attachment row pushed comes after its content (uploaded first): none is left
    // without it on the server.
    let hashes: Vec<String> = new
        .iter()
        .filter(|r| r.table == "attachments" && r.field == "sha256")
        .filter_map(|r| serde_json::from_str::<String>(&r.value).ok())
        .collect();
    let lacking = super::blobs::lacking(&tx, &hashes).await?;
    if !lacking.is_empty() {
        return Err(ApiError(
            StatusCode::CONFLICT,
            format!(
                "上传的同步数据含有 {} 个服务器上没有内容的附件（请先上传附件内容，新版软件会自动上传）；本次上传未保存任何数据。",
                lacking.len()
            ),
        ));
    }
    if let Some(officer) = &stamp {
        for r in new.iter_mut().filter(|r| r.officer_id.is_none()) {
            r.officer_id = Some(officer.clone());
        }
    }
    let column = |f: fn(&Register) -> &str| -> Vec<&str> { new.iter().map(f).collect() };
    let devices = column(|r| &r.device_id);
    let hlcs = column(|r| &r.hlc);
    let tables = column(|r| &r.table);
    let rows = column(|r| &r.row_id);
    let fields = column(|r| &r.field);
    let values = column(|r| &r.value);
    // Conflict-review metadata (what the write replaced), kept as sent; the author as checked.
    let prevs: Vec<Option<&str>> = new.iter().map(|r| r.prev.as_deref()).collect();
    let authors: Vec<Option<&str>> = new.iter().map(|r| r.officer_id.as_deref()).collect();
    const INPUT: &str =
        "UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                $7::text[], $8::text[])
                         AS i(device_id, hlc, table_name, row_id, field, value, prev, officer_id)";
    // Stored, and each device's mark and count moved on, in one statement.
    let counted = tx
        .query(
            &format!(
                "WITH ins AS (
                   INSERT INTO changes (device_id, hlc, table_name, row_id, field, value, prev, officer_id,
                                        pushed_by, pushed_from)
                   SELECT i.device_id, i.hlc, i.table_name, i.row_id, i.field, i.value, i.prev, i.officer_id,
                          $9, $10
                   FROM {INPUT}
                   ON CONFLICT DO NOTHING
                   RETURNING device_id, hlc)
                 UPDATE devices d SET changes_count = d.changes_count + x.n,
                                      high_water = GREATEST(d.high_water, x.newest)
                 FROM (SELECT device_id, count(*) AS n, MAX(hlc) AS newest FROM ins GROUP BY device_id) x
                 WHERE d.device_id = x.device_id
                 RETURNING x.n"
            ),
            &[
                &devices,
                &hlcs,
                &tables,
                &rows,
                &fields,
                &values,
                &prevs,
                &authors,
                &who.officer_id,
                &who.device_id,
            ],
        )
        .await?;
    let stored: i64 = counted.iter().map(|r| r.get::<_, i64>(0)).sum();
    // The last writer per field, by (clock, device id).
    tx.execute(
        &format!(
            "INSERT INTO registers (table_name, row_id, field, value, hlc, device_id, prev, officer_id, pushed_by)
             SELECT DISTINCT ON (i.table_name, i.row_id, i.field)
                    i.table_name, i.row_id, i.field, i.value, i.hlc, i.device_id, i.prev, i.officer_id, $9
             FROM {INPUT}
             ORDER BY i.table_name, i.row_id, i.field, i.hlc COLLATE \"C\" DESC, i.device_id COLLATE \"C\" DESC
             ON CONFLICT (table_name, row_id, field) DO UPDATE
               SET value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id,
                   prev = excluded.prev, officer_id = excluded.officer_id, pushed_by = excluded.pushed_by
               WHERE (excluded.hlc, excluded.device_id) > (registers.hlc, registers.device_id)"
        ),
        &[&devices, &hlcs, &tables, &rows, &fields, &values, &prevs, &authors, &who.officer_id],
    )
    .await?;
    tx.execute(
        "UPDATE devices SET last_push_at = now() WHERE device_id = $1",
        &[&who.device_id],
    )
    .await?;
    tx.commit().await?;
    Ok(Json(PushResponse {
        received: bundle.registers.len() as u32,
        stored: stored as u32,
        ahead_of_server,
    })
    .into_response())
}
