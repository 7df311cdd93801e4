//! Sessions: the token a login hands out, and the officer and device a request's token names.

use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use zhaoshang_core::sync::office_server::Role;

use super::error::ApiError;
use super::state::State;

pub(super) fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Who is calling: the officer and device of a valid session token, and the officer's name,
/// team and role as they are now (a role changed by the admin applies to the next request).
pub(super) struct Session {
    pub(super) officer_id: i64,
    pub(super) device_id: String,
    pub(super) name: String,
    pub(super) team: Option<String>,
    pub(super) role: Role,
}

pub(super) async fn session(state: &State, headers: &HeaderMap) -> Result<Session, ApiError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError(
                StatusCode::UNAUTHORIZED,
                "未登录办公室服务器，请先登录。".into(),
            )
        })?;
    let client = state.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT s.officer_id, s.device_id, o.name, o.team, o.role
             FROM sessions s JOIN officers o ON o.id = s.officer_id
             WHERE s.token_sha256 = $1 AND s.expires_at > now()",
            &[&sha256_hex(token)],
        )
        .await?;
    match row {
        Some(r) => Ok(Session {
            officer_id: r.get(0),
            device_id: r.get(1),
            name: r.get(2),
            team: r.get(3),
            role: Role::parse(r.get(4)).unwrap_or(Role::Viewer),
        }),
        None => Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "登录已失效或凭据无效，请重新登录办公室服务器。".into(),
        )),
    }
}
