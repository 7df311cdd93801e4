//! The `status` endpoint: the office's devices, their officers and their last push and pull.

use axum::extract::State as Extract;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use zhaoshang_core::sync::office_server::{DeviceStatus, StatusResponse};

use super::error::ApiError;
use super::sessions::session;
use super::state::Shared;

pub(super) async fn status(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    session(&state, &headers).await?;
    let client = state.pool.get().await?;
    const STAMP: &str = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";
    let devices = client
        .query(
            &format!(
                "SELECT d.device_id, d.name, o.login, o.name, o.team,
                        to_char(d.registered_at AT TIME ZONE 'UTC', {STAMP}),
                        to_char(d.last_push_at AT TIME ZONE 'UTC', {STAMP}),
                        to_char(d.last_pull_at AT TIME ZONE 'UTC', {STAMP}),
                        d.changes_count
                 FROM devices d JOIN officers o ON o.id = d.officer_id
                 ORDER BY o.login, d.registered_at"
            ),
            &[],
        )
        .await?
        .iter()
        .map(|r| DeviceStatus {
            device_id: r.get(0),
            device_name: r.get(1),
            officer_login: r.get(2),
            officer_name: r.get(3),
            team: r.get(4),
            registered_at: r.get(5),
            last_push_at: r.get(6),
            last_pull_at: r.get(7),
            changes: r.get(8),
        })
        .collect();
    let changes: i64 = client
        .query_one(
            "SELECT COALESCE(SUM(changes_count), 0)::BIGINT FROM devices",
            &[],
        )
        .await?
        .get(0);
    Ok(Json(StatusResponse {
        schema_version: zhaoshang_core::storage::db::SCHEMA_VERSION,
        changes,
        devices,
    })
    .into_response())
}
