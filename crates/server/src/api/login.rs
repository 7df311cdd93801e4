//! The `login` and `logout` endpoints: throttled password checks, device registration, sessions.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use zhaoshang_core::sync::office_server::{LoginRequest, LoginResponse, OfficerAccount, Role};

use super::address::{address_label, client_address};
use super::error::{check_id, parse, ApiError};
use super::passwords::check_password;
use super::sessions::{session, sha256_hex};
use super::state::Shared;
use super::throttle::{login_key, Paused};

pub(super) async fn login(
    Extract(state): Extract<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: LoginRequest = parse(&body, "登录请求")?;
    check_id("设备编号", &req.device_id)?;
    let login_name = req.login.trim();
    let address = client_address(peer.ip(), &headers, &state.trusted_proxies);
    let limits = state.login_failures.limits();
    let minutes = |wait: Duration| wait.as_secs().div_ceil(60).max(1);
    match state.login_failures.attempt(login_name, address) {
        Ok(()) => {}
        Err(Paused::Login(wait)) => {
            return Err(ApiError(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "密码连续输错{}次，用户名“{}”在这台电脑（{}）上已暂停登录，请{}分钟后再试；在本人其他电脑上登录不受影响。忘记密码请找管理员重设。",
                    limits.per_login,
                    login_key(login_name),
                    address_label(address),
                    minutes(wait)
                ),
            ))
        }
        Err(Paused::Address(wait)) => {
            return Err(ApiError(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "这台电脑（{}）登录失败次数过多（{}次），已暂停从这台电脑登录办公室服务器，请{}分钟后再试。",
                    address_label(address),
                    limits.per_address,
                    minutes(wait)
                ),
            ))
        }
    }
    let checked = check_password(&state, login_name, &req.password).await;
    let (officer_id, name, team, mut client) = match checked {
        Ok(Some(found)) => found,
        Ok(None) => {
            return Err(ApiError(
                StatusCode::UNAUTHORIZED,
                "用户名或密码错误。".into(),
            ))
        }
        Err(e) => {
            state.login_failures.not_checked(login_name, address);
            return Err(e);
        }
    };
    state.login_failures.succeeded(login_name, address);
    let tx = client.transaction().await?;
    let device_name: String = req.device_name.chars().take(100).collect();
    let registered = tx
        .query_opt(
            "INSERT INTO devices (device_id, officer_id, name) VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET name = excluded.name
               WHERE devices.officer_id = excluded.officer_id
             RETURNING officer_id",
            &[&req.device_id, &officer_id, &device_name],
        )
        .await?;
    if registered.is_none() {
        let owner: String = tx
            .query_one(
                "SELECT o.name FROM devices d JOIN officers o ON o.id = d.officer_id
                 WHERE d.device_id = $1",
                &[&req.device_id],
            )
            .await?
            .get(0);
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            format!(
                "这台电脑的台账已登记在干部“{owner}”名下，不能用“{}”登录：每份台账只属于一位干部。",
                req.login.trim()
            ),
        ));
    }
    let token: String = rand::random::<[u8; 32]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // One session per device: a new login ends the device's earlier one.
    tx.execute(
        "DELETE FROM sessions WHERE device_id = $1",
        &[&req.device_id],
    )
    .await?;
    tx.execute(
        "INSERT INTO sessions (token_sha256, officer_id, device_id, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(days => $4))",
        &[
            &sha256_hex(&token),
            &officer_id,
            &req.device_id,
            &(state.session_days as i32),
        ],
    )
    .await?;
    let role: String = tx
        .query_one("SELECT role FROM officers WHERE id = $1", &[&officer_id])
        .await?
        .get(0);
    tx.commit().await?;
    Ok(Json(LoginResponse {
        token,
        officer: OfficerAccount {
            login: req.login.trim().to_string(),
            name,
            team,
            role: Some(Role::parse(&role).unwrap_or(Role::Viewer)),
        },
    })
    .into_response())
}

pub(super) async fn logout(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    let client = state.pool.get().await?;
    client
        .execute(
            "DELETE FROM sessions WHERE device_id = $1",
            &[&who.device_id],
        )
        .await?;
    Ok(Json(serde_json::json!({})).into_response())
}
