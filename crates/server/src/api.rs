//! The HTTP endpoints (see the crate's documentation for the list).

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use zhaoshang_core::sync::office_server::{
    DeviceStatus, ErrorBody, LoginRequest, LoginResponse, OfficerAccount, PullRequest,
    PushResponse, SeenResponse, StatusResponse,
};
use zhaoshang_core::sync::{self, Bundle, Manifest, Register, Seen};

use crate::{officers, Pool};

pub struct State {
    pub pool: Pool,
    pub session_days: i64,
    pub login_failures: LoginThrottle,
    /// Reverse proxies whose `X-Forwarded-For` names the client (empty: the header is ignored).
    pub trusted_proxies: Vec<IpAddr>,
}

/// How many wrong passwords are tolerated and how long a pause lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Wrong passwords for one login name from one address before that pair is paused.
    pub per_login: u32,
    /// Wrong passwords from one address, whatever the names, before the address is paused.
    pub per_address: u32,
    /// How long a pause lasts (and the window in which failures are counted).
    pub pause: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_login: 5,
            per_address: 20,
            pause: Duration::from_secs(15 * 60),
        }
    }
}

/// Failures counted in one window, and the end of a pause once the limit was reached.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    since: Instant,
    paused_until: Option<Instant>,
}

impl Failures {
    fn new(now: Instant) -> Self {
        Failures {
            count: 0,
            since: now,
            paused_until: None,
        }
    }

    fn paused_for(&self, now: Instant) -> Option<Duration> {
        self.paused_until.filter(|u| *u > now).map(|u| u - now)
    }

    /// Counts one more; a pause over, or a window passed, starts the count again.
    fn add(&mut self, now: Instant, limit: u32, pause: Duration) {
        let over = self.paused_until.is_some_and(|u| u <= now);
        if over || now.duration_since(self.since) >= pause {
            *self = Failures::new(now);
        }
        self.count += 1;
        if self.count >= limit {
            self.paused_until = Some(now + pause);
        }
    }

    fn expired(&self, now: Instant, pause: Duration) -> bool {
        self.paused_for(now).is_none() && now.duration_since(self.since) >= pause
    }
}

/// Why a login is refused before its password is even checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paused {
    /// This login name, from this address.
    Login(Duration),
    /// Everything from this address (it failed too often across names).
    Address(Duration),
}

/// Wrong passwords per (login name, client address) and per client address.
///
/// - A pair is paused after [`LoginLimits::per_login`] failures within [`LoginLimits::pause`]:
///   the guesser's laptop can no longer try that name, but the officer logs in from his own
///   laptop as usual (a pause per name alone let anyone on the office network lock an officer
///   out by guessing five times).
/// - An address is paused as a whole after [`LoginLimits::per_address`] failures across all
///   names, so trying a few guesses on every name gets nowhere either.
/// - Unknown names are counted and paused exactly like known ones: neither the answers nor
///   the pauses tell which names exist.
/// - An attempt is counted *before* its password is checked (and uncounted when it turns out
///   right), so many requests sent at once cannot slip past the limit while Argon2 runs.
/// - A right password clears its pair's failures and takes them off the address's count (but
///   not other names' failures: logging in with one's own account does not buy more guesses).
///
/// The counts are in memory: a restart forgets them. That is deliberate: only the operator
/// can restart the server (nothing a client sends makes it restart), so a restart gives an
/// attacker at most one more window of guesses at a time chosen by the office, not by him,
/// while keeping them in PostgreSQL would add a database write to every wrong guess (load an
/// attacker controls) and would keep officers paused across a restart meant to let them in.
/// An IPv6 client is counted by its /64 network (one machine usually holds a whole /64).
#[derive(Default)]
pub struct LoginThrottle {
    limits: LoginLimits,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    pairs: HashMap<(String, IpAddr), Failures>,
    addresses: HashMap<IpAddr, Failures>,
}

/// Entries kept before expired ones are dropped (each attempt costs an Argon2 hash, which
/// bounds how fast entries can be made).
const PRUNE_AT: usize = 10_000;

/// The key of a login name in the counts (bounded, whatever a client sends).
fn login_key(login: &str) -> String {
    login.chars().take(128).collect()
}

impl LoginThrottle {
    pub fn new(limits: LoginLimits) -> Self {
        LoginThrottle {
            limits,
            counts: Mutex::default(),
        }
    }

    pub fn limits(&self) -> LoginLimits {
        self.limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an attempt of `login` from `address`, or refuses it while one of them is paused
    /// (a refused attempt is not counted: it checked nothing).
    pub fn attempt(&self, login: &str, address: IpAddr) -> Result<(), Paused> {
        let now = Instant::now();
        let LoginLimits {
            per_login,
            per_address,
            pause,
        } = self.limits;
        let mut counts = self.lock();
        if let Some(wait) = counts
            .addresses
            .get(&address)
            .and_then(|f| f.paused_for(now))
        {
            return Err(Paused::Address(wait));
        }
        let key = (login_key(login), address);
        if let Some(wait) = counts.pairs.get(&key).and_then(|f| f.paused_for(now)) {
            return Err(Paused::Login(wait));
        }
        if counts.pairs.len() + counts.addresses.len() >= PRUNE_AT {
            counts.pairs.retain(|_, f| !f.expired(now, pause));
            counts.addresses.retain(|_, f| !f.expired(now, pause));
        }
        counts
            .pairs
            .entry(key)
            .or_insert_with(|| Failures::new(now))
            .add(now, per_login, pause);
        counts
            .addresses
            .entry(address)
            .or_insert_with(|| Failures::new(now))
            .add(now, per_address, pause);
        Ok(())
    }

    /// The password was right: the pair starts again, and its failures no longer count
    /// against the address.
    pub fn succeeded(&self, login: &str, address: IpAddr) {
        let mut counts = self.lock();
        let Some(pair) = counts.pairs.remove(&(login_key(login), address)) else {
            return;
        };
        self.uncount(&mut counts, address, pair.count);
    }

    /// The attempt could not be checked (the database failed): it does not count.
    pub fn not_checked(&self, login: &str, address: IpAddr) {
        let mut counts = self.lock();
        let key = (login_key(login), address);
        if let Some(pair) = counts.pairs.get_mut(&key) {
            pair.count = pair.count.saturating_sub(1);
            if pair.count < self.limits.per_login {
                pair.paused_until = None;
            }
        }
        self.uncount(&mut counts, address, 1);
    }

    fn uncount(&self, counts: &mut Counts, address: IpAddr, n: u32) {
        if let Some(a) = counts.addresses.get_mut(&address) {
            a.count = a.count.saturating_sub(n);
            if a.count < self.limits.per_address {
                a.paused_until = None;
            }
        }
    }
}

/// Who is logging in, as the throttle counts it: the connection's peer, or, when that peer is
/// a configured reverse proxy, the client its `X-Forwarded-For` names (read from the right,
/// skipping the trusted proxies, so a client cannot choose its address by sending the header
/// itself). IPv4-mapped IPv6 counts as IPv4; IPv6 by its /64 network.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    let canonical = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    let trusted = |ip: IpAddr| trusted_proxies.iter().any(|t| canonical(*t) == ip);
    let mut client = canonical(peer);
    if trusted(client) {
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in forwarded.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = canonical(ip);
                    if !trusted(client) {
                        break;
                    }
                }
                // Garbage in the chain: the last proxy vouched for is who we know.
                Err(_) => break,
            }
        }
    }
    match client {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        v4 => v4,
    }
}

/// The address as the officer (or the operator) reads it in a message.
fn address_label(address: IpAddr) -> String {
    match address {
        IpAddr::V6(_) => format!("{address}/64"),
        v4 => v4.to_string(),
    }
}

type Shared = Arc<State>;

/// Largest request accepted (a first push of a big ledger).
const MAX_BODY_BYTES: usize = 512 * 1024 * 1024;
/// Largest login or pull request (a pull carries one clock per device).
const SMALL_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn router(state: Shared) -> Router {
    Router::new()
        // Small requests stay small: only a push carries a big body.
        .route(
            "/api/login",
            post(login).layer(DefaultBodyLimit::max(SMALL_BODY_BYTES)),
        )
        .route("/api/seen", get(seen))
        .route("/api/push", post(push))
        .route(
            "/api/pull",
            post(pull).layer(DefaultBodyLimit::max(SMALL_BODY_BYTES)),
        )
        .route("/api/status", get(status))
        .route("/api/logout", post(logout))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// A refusal: an HTTP status and a message for the officer, in Chinese.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(ErrorBody { error: self.1 })).into_response()
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    eprintln!("zhaoshang-server: {e}");
    ApiError(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("办公室服务器的数据库出错，请稍后再试（{e}）。"),
    )
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        internal(crate::db::describe(&e))
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        internal(e)
    }
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|_| {
        bad_request(format!(
            "{what}已损坏或格式不对（不是招商台账发出的数据），服务器未保存任何数据。"
        ))
    })
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Who is calling: the officer and device of a valid session token.
struct Session {
    officer_id: i64,
    device_id: String,
}

async fn session(state: &State, headers: &HeaderMap) -> Result<Session, ApiError> {
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

fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 128 || id.chars().any(char::is_control) {
        return Err(bad_request(format!("{what}“{id}”无效。")));
    }
    Ok(())
}

/// The officer (id, name, team) and a database connection when `password` is right for
/// `login`; None when the name is unknown or the password wrong (equally slow either way).
async fn check_password(
    state: &State,
    login: &str,
    password: &str,
) -> Result<Option<(i64, String, Option<String>, deadpool_postgres::Object)>, ApiError> {
    let client = state.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT id, name, team, password_hash FROM officers WHERE login = $1",
            &[&login],
        )
        .await?;
    let password = password.to_string();
    let Some(row) = row else {
        // As slow as a wrong password, so that timing does not tell which logins exist.
        let _ = tokio::task::spawn_blocking(move || {
            officers::verify_password(&password, officers::dummy_hash())
        })
        .await;
        return Ok(None);
    };
    let (officer_id, name, team, hash): (i64, String, Option<String>, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let ok = tokio::task::spawn_blocking(move || officers::verify_password(&password, &hash))
        .await
        .map_err(internal)?;
    Ok(ok.then_some((officer_id, name, team, client)))
}

async fn login(
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
    tx.commit().await?;
    Ok(Json(LoginResponse {
        token,
        officer: OfficerAccount {
            login: req.login.trim().to_string(),
            name,
            team,
        },
    })
    .into_response())
}

async fn logout(Extract(state): Extract<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
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

async fn seen(Extract(state): Extract<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    let client = state.pool.get().await?;
    let seen: Seen = client
        .query(
            "SELECT device_id, MAX(hlc) FROM changes GROUP BY device_id",
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

async fn push(
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
    let column =
        |f: fn(&Register) -> &str| -> Vec<&str> { bundle.registers.iter().map(f).collect() };
    let devices = column(|r| &r.device_id);
    let hlcs = column(|r| &r.hlc);
    let tables = column(|r| &r.table);
    let rows = column(|r| &r.row_id);
    let fields = column(|r| &r.field);
    let values = column(|r| &r.value);
    // Conflict-review metadata (what the write replaced, who made it), kept as sent.
    let prevs: Vec<Option<&str>> = bundle.registers.iter().map(|r| r.prev.as_deref()).collect();
    let authors: Vec<Option<&str>> = bundle
        .registers
        .iter()
        .map(|r| r.officer_id.as_deref())
        .collect();
    const INPUT: &str =
        "UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                $7::text[], $8::text[])
                         AS i(device_id, hlc, table_name, row_id, field, value, prev, officer_id)";

    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // New changes of devices that are not this officer's: the whole push is refused.
    let foreign = tx
        .query(
            &format!(
                "SELECT DISTINCT i.device_id, o.name FROM {INPUT}
                   LEFT JOIN devices d ON d.device_id = i.device_id
                   LEFT JOIN officers o ON o.id = d.officer_id
                 WHERE d.officer_id IS DISTINCT FROM $9
                   AND NOT EXISTS (SELECT 1 FROM changes c
                     WHERE c.device_id = i.device_id AND c.hlc = i.hlc AND c.table_name = i.table_name
                       AND c.row_id = i.row_id AND c.field = i.field)
                 ORDER BY 1"
            ),
            &[&devices, &hlcs, &tables, &rows, &fields, &values, &prevs, &authors, &who.officer_id],
        )
        .await?;
    if !foreign.is_empty() {
        let whose: Vec<String> = foreign
            .iter()
            .map(|r| {
                let device: String = r.get(0);
                // The tail: a UUIDv7's head is its creation time, alike for many devices.
                let tail: String = device
                    .chars()
                    .skip(device.chars().count().saturating_sub(8))
                    .collect();
                match r.get::<_, Option<String>>(1) {
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
    let stored = tx
        .execute(
            &format!(
                "INSERT INTO changes (device_id, hlc, table_name, row_id, field, value, prev, officer_id,
                                      pushed_by, pushed_from)
                 SELECT i.device_id, i.hlc, i.table_name, i.row_id, i.field, i.value, i.prev, i.officer_id,
                        $9, $10
                 FROM {INPUT}
                 ON CONFLICT DO NOTHING"
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
    // The last writer per field, by (clock, device id).
    tx.execute(
        &format!(
            "INSERT INTO registers (table_name, row_id, field, value, hlc, device_id, prev, officer_id)
             SELECT DISTINCT ON (i.table_name, i.row_id, i.field)
                    i.table_name, i.row_id, i.field, i.value, i.hlc, i.device_id, i.prev, i.officer_id
             FROM {INPUT}
             ORDER BY i.table_name, i.row_id, i.field, i.hlc COLLATE \"C\" DESC, i.device_id COLLATE \"C\" DESC
             ON CONFLICT (table_name, row_id, field) DO UPDATE
               SET value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id,
                   prev = excluded.prev, officer_id = excluded.officer_id
               WHERE (excluded.hlc, excluded.device_id) > (registers.hlc, registers.device_id)"
        ),
        &[&devices, &hlcs, &tables, &rows, &fields, &values, &prevs, &authors],
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

async fn pull(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    let req: PullRequest = parse(&body, "下载请求")?;
    let (devices, clocks): (Vec<&str>, Vec<&str>) = req
        .seen
        .iter()
        .map(|(d, h)| (d.as_str(), h.as_str()))
        .unzip();
    let client = state.pool.get().await?;
    let rows = client
        .query(
            "SELECT r.table_name, r.row_id, r.field, r.value, r.hlc, r.device_id, r.prev, r.officer_id
             FROM registers r
             LEFT JOIN UNNEST($1::text[], $2::text[]) AS s(device_id, hlc)
               ON s.device_id COLLATE \"C\" = r.device_id
             WHERE s.hlc IS NULL OR r.hlc > s.hlc COLLATE \"C\"
             ORDER BY r.table_name, r.row_id, r.field",
            &[&devices, &clocks],
        )
        .await?;
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
            format: 1,
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
    };
    bundle.seal();
    Ok(Json(bundle).into_response())
}

async fn status(Extract(state): Extract<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
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
                        (SELECT count(*) FROM changes c WHERE c.device_id = d.device_id)
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
        .query_one("SELECT count(*) FROM changes", &[])
        .await?
        .get(0);
    Ok(Json(StatusResponse {
        schema_version: zhaoshang_core::storage::db::SCHEMA_VERSION,
        changes,
        devices,
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().unwrap());
        h
    }

    #[test]
    fn the_client_address_is_the_peer_unless_a_trusted_proxy_names_another() {
        let none: &[IpAddr] = &[];
        // Not configured: the header is ignored, whoever sends it.
        assert_eq!(
            client_address(ip("192.168.1.23"), &forwarded("10.0.0.7"), none),
            ip("192.168.1.23")
        );
        let proxy = [ip("10.0.0.1")];
        // From the proxy: the rightmost address it did not add itself; what the client wrote
        // further left is not believed.
        assert_eq!(
            client_address(ip("10.0.0.1"), &forwarded("6.6.6.6, 192.168.1.23"), &proxy),
            ip("192.168.1.23")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &forwarded("192.168.1.23, 10.0.0.1"), &proxy),
            ip("192.168.1.23")
        );
        // Garbage or nothing: the proxy itself.
        assert_eq!(
            client_address(ip("10.0.0.1"), &forwarded("not-an-address"), &proxy),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &proxy),
            ip("10.0.0.1")
        );
        // Not from the proxy: ignored.
        assert_eq!(
            client_address(ip("192.168.1.9"), &forwarded("192.168.1.23"), &proxy),
            ip("192.168.1.9")
        );
        // IPv4 over IPv6 counts as IPv4; IPv6 by its /64.
        assert_eq!(
            client_address(ip("::ffff:192.168.1.23"), &HeaderMap::new(), none),
            ip("192.168.1.23")
        );
        assert_eq!(
            client_address(ip("2001:db8:1:2:aaaa::5"), &HeaderMap::new(), none),
            ip("2001:db8:1:2::")
        );
        assert_eq!(address_label(ip("2001:db8:1:2::")), "2001:db8:1:2::/64");
    }

    #[test]
    fn the_throttle_counts_pairs_and_addresses() {
        let limits = LoginLimits {
            per_login: 3,
            per_address: 5,
            pause: Duration::from_secs(60),
        };
        let t = LoginThrottle::new(limits);
        let (a, b) = (ip("10.0.0.2"), ip("10.0.0.3"));
        for _ in 0..3 {
            t.attempt("lina", a).unwrap();
        }
        assert!(matches!(t.attempt("lina", a), Err(Paused::Login(_))));
        t.attempt("lina", b).unwrap();
        t.succeeded("lina", b);
        // Two more names from a: the address's fifth failure pauses it for every name.
        t.attempt("x", a).unwrap();
        t.attempt("y", a).unwrap();
        assert!(matches!(t.attempt("wanglei", a), Err(Paused::Address(_))));
        // An attempt that could not be checked is taken back.
        let t = LoginThrottle::new(limits);
        for _ in 0..3 {
            t.attempt("lina", a).unwrap();
            t.not_checked("lina", a);
        }
        t.attempt("lina", a).unwrap();
    }
}
