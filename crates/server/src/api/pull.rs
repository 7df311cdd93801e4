//! The `seen` and `pull` endpoints: what the server holds, and a bundle of what a laptop lacks.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State as Extract;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use zhaoshang_core::sync::office_server::{PullRequest, SeenResponse};
use zhaoshang_core::sync::{Bundle, Manifest, Register, Seen};

use super::error::{parse, ApiError};
use super::sessions::session;
use super::state::Shared;

pub(super) async fn seen(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    let client = state.pool.get().await?;
    let seen: Seen = client
        // Each device's mark, kept by the pushes: no scan of the change log.
        .query(
            "SELECT device_id, high_water FROM devices WHERE high_water IS NOT NULL",
            &[],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let own_devices: Vec<String> = client
        .query(
            "SELECT device_id FROM devices WHERE officer_id = $1 ORDER BY device_id",
            &[&who.officer_id],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(Json(SeenResponse { seen, own_devices }).into_response())
}

pub(super) async fn pull(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    let req: PullRequest = parse(&body, "下载请求")?;
    let client = state.pool.get().await?;
    // Only the devices whose mark is past what the caller has seen: a pull with nothing new
    // reads one row per device, however long the log.
    let marks = client
        .query(
            "SELECT device_id, high_water FROM devices WHERE high_water IS NOT NULL",
            &[],
        )
        .await?;
    let mut devices: Vec<String> = Vec::new();
    let mut clocks: Vec<String> = Vec::new();
    for m in &marks {
        let (device, mark): (String, String) = (m.get(0), m.get(1));
        let since = req.seen.get(&device).cloned().unwrap_or_default();
        if mark > since {
            devices.push(device);
            clocks.push(since);
        }
    }
    let rows = if devices.is_empty() {
        Vec::new()
    } else {
        client
            .query(
                "SELECT r.table_name, r.row_id, r.field, r.value, r.hlc, r.device_id, r.prev, r.officer_id
                 FROM UNNEST($1::text[], $2::text[]) AS s(device_id, hlc)
                 JOIN registers r ON r.device_id = s.device_id COLLATE \"C\"
                                 AND r.hlc > s.hlc COLLATE \"C\"
                 ORDER BY r.table_name, r.row_id, r.field",
                &[&devices, &clocks],
            )
            .await?
    };
    let mut covers: BTreeMap<String, String> = BTreeMap::new();
    let registers: Vec<Register> = rows
        .iter()
        .map(|r| {
            let (device_id, hlc): (String, String) = (r.get(5), r.get(4));
            let c = covers.entry(device_id.clone()).or_default();
            if hlc > *c {
                *c = hlc.clone();
            }
            Register {
                table: r.get(0),
                row_id: r.get(1),
                field: r.get(2),
                value: r.get(3),
                hlc,
                device_id,
                prev: r.get(6),
                officer_id: r.get(7),
            }
        })
        .collect();
    client
        .execute(
            "UPDATE devices SET last_pull_at = now() WHERE device_id = $1",
            &[&who.device_id],
        )
        .await?;
    // Names of the devices (their officer and computer) for the laptops' 冲突 screen.
    let labels: BTreeMap<String, String> = client
        .query(
            "SELECT d.device_id, o.name, d.name FROM devices d JOIN officers o ON o.id = d.officer_id",
            &[],
        )
        .await?
        .iter()
        .map(|r| {
            let (officer, computer): (String, String) = (r.get(1), r.get(2));
            let label = if computer.is_empty() {
                officer
            } else {
                format!("{officer}（{computer}）")
            };
            (r.get(0), label)
        })
        .collect();
    let mut bundle = Bundle {
        manifest: Manifest {
            format: zhaoshang_core::sync::bundle::FORMAT,
            device_id: "office-server".into(),
            schema_version: zhaoshang_core::storage::db::SCHEMA_VERSION,
            created_at: zhaoshang_core::util::now_stamp(),
            covers,
            registers: 0,
            sha256: String::new(),
            seen: None,
            since: None,
            device_label: Some("办公室服务器".into()),
            labels,
        },
        registers,
        blobs: Vec::new(),
    };
    bundle.seal();
    Ok(Json(bundle).into_response())
}
