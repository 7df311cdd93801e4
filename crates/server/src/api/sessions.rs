//! Sessions: the token a login hands out, and the officer and device a request's token names.

use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::state::State;

pub(super) fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Who is calling: the officer and device of a valid session token.
pub(super) struct Session {
    pub(super) officer_id: i64,
    pub(super) device_id: String,
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
            "SELECT officer_id, device_id FROM sessions
             WHERE token_sha256 = $1 AND expires_at > now()",
            &[&sha256_hex(token)],
        )
        .await?;
    match row {
        Some(r) => Ok(Session {
            officer_id: r.get(0),
            device_id: r.get(1),
        }),
        None => Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "登录已失效或凭据无效，请重新登录办公室服务器。".into(),
        )),
    }
}
