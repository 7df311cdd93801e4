//! Client of the office sync server (`zhaoshang-server`): when the office runs one, a laptop
//! pushes its own changes to it and pulls everyone else's, instead of carrying bundle files.
//!
//! The exchange is the file bundles' (`sync.rs`) over HTTP(S): a pull sends this ledger's
//! [`Seen`] and merges the [`Bundle`] it gets back with [`sync::import`] (one transaction: all or
//! nothing; merging twice changes nothing); a push asks the server what it has seen and sends
//! the rest. The server accepts from an officer only changes made on that officer's own
//! devices, so changes this laptop merged from a colleague's laptop are left for that colleague
//! to push ([`SyncSummary::held_back`]).
//!
//! The server's address, the officer's login name and a session token are kept in the ledger's
//! settings; the password never is. HTTP is blocking (`ureq`); HTTPS uses rustls with the ring
//! provider and the Mozilla root certificates (or the office's own CA, see [`OFFICE_SERVER_CA`]).

use std::time::Duration;

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::storage::settings;
use crate::sync::{self, Bundle, MergeReport, Seen};

/// Settings key: the office server's base URL (e.g. `https://10.0.0.5:8443`).
pub const SERVER_URL: &str = "office_server_url";
/// Settings key: the officer's login name on the server.
pub const SERVER_LOGIN: &str = "office_server_login";
/// Settings key: the session token the server gave at login (never the password).
pub const SERVER_TOKEN: &str = "office_server_token";
/// Settings key: the account's role on the server (its code, see [`Role::code`]), learnt at
/// login: a read-only role (领导) makes this ledger read-only (the change log refuses every
/// recorded write).
pub use crate::storage::changelog::SERVER_ROLE;
/// Settings key: optional path of a PEM file with the office's own CA certificate, for a
/// server whose certificate no public authority signed.
pub const OFFICE_SERVER_CA: &str = "office_server_ca";

// ── the wire format (shared with crates/server) ─────────────────────────────────────────────

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
    /// This ledger's device id: registered to the officer at first login.
    pub device_id: String,
    /// A name for the device in the server's status list (e.g. the computer's name).
    pub device_name: String,
}

/// What an account may change on the office server (it checks every push; the app offers only
/// what the role allows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 办公室主任/管理员: every row, the officers and teams, targets and the 产业链 tables.
    Admin,
    /// 组长: the rows of their team (its projects, their stages, its officers' activities) and
    /// companies.
    Lead,
    /// 招商专员: their own projects (and their stages) and activities, and companies; reads
    /// everything.
    Officer,
    /// 领导: reads everything, changes nothing.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Lead, Role::Officer, Role::Viewer];

    /// The code stored on the server (`admin`, `lead`, `officer`, `viewer`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Lead => "lead",
            Role::Officer => "officer",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "办公室主任/管理员",
            Role::Lead => "组长",
            Role::Officer => "招商专员",
            Role::Viewer => "领导（只读）",
        }
    }

    /// A role by its code or its Chinese name (办公室主任, 管理员, 组长, 招商专员, 专员, 领导).
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim() {
            "admin" | "办公室主任" | "管理员" | "办公室主任/管理员" => {
                Some(Role::Admin)
            }
            "lead" | "组长" => Some(Role::Lead),
            "officer" | "招商专员" | "专员" => Some(Role::Officer),
            "viewer" | "领导" | "只读" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// Whether the role may change anything at all.
    pub fn writes(self) -> bool {
        self != Role::Viewer
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OfficerAccount {
    pub login: String,
    pub name: String,
    pub team: Option<String>,
    /// None from a server older than roles.
    #[serde(default)]
    pub role: Option<Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub officer: OfficerAccount,
}

/// What the server has seen, and which devices are the caller's (what it may push).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeenResponse {
    pub seen: Seen,
    pub own_devices: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullRequest {
    pub seen: Seen,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushResponse {
    /// Changes in the bundle.
    pub received: u32,
    /// Changes new to the server (the rest it had already: a retried push stores nothing).
    pub stored: u32,
    /// Changes whose clock is more than [`sync::MAX_CLOCK_SKEW_MS`] ahead of the server's:
    /// stored, but other laptops will not apply them (the sender's clock is wrong).
    #[serde(default)]
    pub ahead_of_server: u32,
}

/// `POST /api/blobs/missing`: which of these attachment contents (SHA-256) the server lacks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MissingBlobsRequest {
    pub sha256: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MissingBlobs {
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceStatus {
    pub device_id: String,
    pub device_name: String,
    pub officer_login: String,
    pub officer_name: String,
    pub team: Option<String>,
    pub registered_at: String,
    pub last_push_at: Option<String>,
    pub last_pull_at: Option<String>,
    /// Changes the server holds from this device.
    pub changes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusResponse {
    pub schema_version: i64,
    pub changes: i64,
    pub devices: Vec<DeviceStatus>,
}

// ── the client ──────────────────────────────────────────────────────────────────────────────

/// Where the office server is and who this laptop is logged in as.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    /// Base URL without a trailing slash.
    pub url: String,
    pub login: String,
    pub token: String,
    /// PEM file of the office's own CA (for a self-signed server certificate).
    pub ca_file: Option<String>,
}

impl ServerConfig {
    /// The server this ledger logged in to (`zhaoshang sync login`).
    pub fn from_ledger(ledger: &Ledger) -> Result<ServerConfig> {
        let conn = ledger.connection();
        let url = settings::get(conn, SERVER_URL)?;
        let token = settings::get(conn, SERVER_TOKEN)?;
        match (url, token) {
            (Some(url), Some(token)) => Ok(ServerConfig {
                url,
                login: settings::get(conn, SERVER_LOGIN)?.unwrap_or_default(),
                token,
                ca_file: settings::get(conn, OFFICE_SERVER_CA)?,
            }),
            _ => Err(Error::Validation {
                field: None,
                message: "本台账尚未登录办公室服务器，请先登录（zhaoshang sync login --server 地址 --login 用户名）。"
                    .into(),
            }),
        }
    }
}

/// What one exchange with the server did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncSummary {
    /// Changes sent to the server.
    pub sent: u32,
    /// Of those, changes the server did not have yet.
    pub stored: u32,
    /// Changes from colleagues' devices (merged here from their bundles) left for them to push.
    pub held_back: u32,
    /// Changes sent whose clock is far ahead of the server's: this computer's clock is wrong
    /// and other laptops will not apply them until it is corrected.
    pub ahead_of_server: u32,
    /// Changes received from the server.
    pub received: u32,
    /// How the received changes merged.
    pub merge: MergeReport,
}

/// Normalizes a server address typed by a person: scheme added, trailing slash removed.
pub fn normalize_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() {
        return Err(Error::invalid("server", "请填写办公室服务器地址。"));
    }
    if url.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "server",
            format!("“{url}”不是有效的服务器地址。"),
        ));
    }
    Ok(
        if url.starts_with("http://") || url.starts_with("https://") {
            url.to_string()
        } else {
            format!("http://{url}")
        },
    )
}

fn agent(ca_file: Option<&str>) -> Result<ureq::Agent> {
    let mut config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(600)));
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| Error::Validation {
            field: None,
            message: format!("无法读取办公室服务器的证书文件“{path}”：{e}"),
        })?;
        let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if certs.is_empty() {
            return Err(Error::Validation {
                field: None,
                message: format!("证书文件“{path}”中没有证书（应为 PEM 格式）。"),
            });
        }
        config = config.tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
                .build(),
        );
    }
    Ok(config.build().into())
}

/// Largest response read (a first pull of a big office ledger).
const MAX_RESPONSE_BYTES: u64 = 1 << 30;

fn unreachable_server(url: &str, e: &ureq::Error) -> Error {
    Error::Conflict(format!(
        "无法连接办公室服务器 {url}：{e}。请检查网络连接和服务器地址；本机台账未作任何改动。"
    ))
}

/// One request: `body` as JSON (POST) or none (GET); the answer as `T`, or the server's
/// refusal as a Chinese message.
fn call<T: DeserializeOwned>(
    base: &str,
    path: &str,
    token: Option<&str>,
    ca_file: Option<&str>,
    body: Option<&impl Serialize>,
) -> Result<T> {
    let agent = agent(ca_file)?;
    let url = format!("{base}{path}");
    let auth = token.map(|t| format!("Bearer {t}"));
    let response = match body {
        Some(b) => {
            let mut req = agent.post(&url);
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.send_json(b)
        }
        None => {
            let mut req = agent.get(&url);
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.call()
        }
    };
    let mut response = response.map_err(|e| unreachable_server(base, &e))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_json::<T>()
            .map_err(|e| match e {
                ureq::Error::Json(_) => Error::Conflict(format!(
                    "办公室服务器 {base} 的回复无法识别（不是招商台账的同步服务器，或版本不符）。"
                )),
                e => unreachable_server(base, &e),
            });
    }
    Err(refusal(status, &mut response))
}

/// The server's refusal (`status` not 2xx) as a Chinese message.
fn refusal(status: u16, response: &mut ureq::http::Response<ureq::Body>) -> Error {
    let message = response
        .body_mut()
        .read_json::<ErrorBody>()
        .map(|b| b.error)
        .unwrap_or_default();
    match status {
        401 => Error::Validation {
            field: None,
            message: if message.is_empty() {
                "办公室服务器不接受本机的登录凭据，请重新登录。".into()
            } else {
                message
            },
        },
        400 | 403 | 409 | 413 | 422 | 429 => Error::Conflict(if message.is_empty() {
            format!("办公室服务器拒绝了请求（HTTP {status}）。")
        } else {
            message
        }),
        _ => Error::Conflict(format!(
            "办公室服务器出错（HTTP {status}）{}，本机台账未作任何改动。",
            if message.is_empty() {
                String::new()
            } else {
                format!("：{message}")
            }
        )),
    }
}

/// Uploads one attachment content (`Some`) or downloads one (`None`): raw bytes both ways.
fn blob_call(config: &ServerConfig, sha256: &str, upload: Option<&[u8]>) -> Result<Vec<u8>> {
    let agent = agent(config.ca_file.as_deref())?;
    let base = &config.url;
    let url = format!("{base}/api/blobs/{sha256}");
    let auth = format!("Bearer {}", config.token);
    let response = match upload {
        Some(bytes) => agent.put(&url).header("Authorization", &auth).send(bytes),
        None => agent.get(&url).header("Authorization", &auth).call(),
    };
    let mut response = response.map_err(|e| unreachable_server(base, &e))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(refusal(status, &mut response));
    }
    if upload.is_some() {
        return Ok(Vec::new());
    }
    response
        .body_mut()
        .with_config()
        .limit(crate::attachments::MAX_SIZE + 1)
        .read_to_vec()
        .map_err(|e| unreachable_server(base, &e))
}

/// Uploads the attachment contents named by the bundle's rows that the server lacks (and
/// only those), so the push that follows never leaves a row without its content there.
fn upload_blobs(ledger: &Ledger, config: &ServerConfig, bundle: &Bundle) -> Result<u32> {
    let hashes = sync::bundle::attachment_contents(&bundle.registers);
    if hashes.is_empty() {
        return Ok(0);
    }
    let answer: MissingBlobs = call(
        &config.url,
        "/api/blobs/missing",
        Some(&config.token),
        config.ca_file.as_deref(),
        Some(&MissingBlobsRequest { sha256: hashes }),
    )?;
    for sha in &answer.missing {
        let content =
            crate::attachments::blobs::get(ledger.connection(), sha)?.ok_or_else(|| {
                Error::Conflict(format!(
                    "本机台账缺少附件内容（{sha}），无法上传；请先从办公室服务器或同事处同步。"
                ))
            })?;
        blob_call(config, sha, Some(&content))?;
    }
    Ok(answer.missing.len() as u32)
}

/// Downloads the attachment contents the pulled rows name that this ledger lacks (and only
/// those) into the bundle, so the merge stores them with the rows.
fn download_blobs(ledger: &Ledger, config: &ServerConfig, bundle: &mut Bundle) -> Result<u32> {
    let hashes = sync::bundle::attachment_contents(&bundle.registers);
    let mut fetched = 0;
    for sha in hashes {
        if crate::attachments::blobs::has(ledger.connection(), &sha)? {
            continue;
        }
        let content = blob_call(config, &sha, None)?;
        bundle.blobs.push(sync::Blob::new(&content));
        fetched += 1;
    }
    Ok(fetched)
}

/// This ledger's device id (made on first use).
fn device_id(ledger: &mut Ledger) -> Result<String> {
    // `write` gives the ledger a device id if it has none yet.
    ledger.write(|tx, _| {
        Ok(settings::get(tx, crate::storage::changelog::DEVICE_ID)?
            .expect("write context made one"))
    })
}

/// Logs in to the office server: registers this ledger's device to the officer (a device
/// belongs to one officer) and keeps the server's address, the login name and the session
/// token in the ledger's settings (not the password).
pub fn login(
    ledger: &mut Ledger,
    server_url: &str,
    login: &str,
    password: &str,
    device_name: &str,
) -> Result<ServerConfig> {
    let url = normalize_url(server_url)?;
    let login = login.trim();
    if login.is_empty() {
        return Err(Error::invalid("login", "请填写用户名。"));
    }
    if password.is_empty() {
        return Err(Error::invalid("password", "请填写密码。"));
    }
    let ca_file = settings::get(ledger.connection(), OFFICE_SERVER_CA)?;
    let device_id = device_id(ledger)?;
    let answer: LoginResponse = call(
        &url,
        "/api/login",
        None,
        ca_file.as_deref(),
        Some(&LoginRequest {
            login: login.to_string(),
            password: password.to_string(),
            device_id,
            device_name: device_name.to_string(),
        }),
    )?;
    let role = answer.officer.role.map(Role::code);
    ledger.write(|tx, _| {
        settings::set(tx, SERVER_URL, Some(&url))?;
        settings::set(tx, SERVER_LOGIN, Some(login))?;
        settings::set(tx, SERVER_TOKEN, Some(&answer.token))?;
        settings::set(tx, SERVER_ROLE, role)
    })?;
    Ok(ServerConfig {
        url,
        login: login.to_string(),
        token: answer.token,
        ca_file,
    })
}

/// The role this ledger's account had at its last login to the office server (None: never
/// logged in, or a server older than roles). It stays after logout: a 领导's laptop stays
/// read-only until another account logs in on it.
pub fn role(conn: &rusqlite::Connection) -> Result<Option<Role>> {
    Ok(settings::get(conn, SERVER_ROLE)?.and_then(|r| Role::parse(&r)))
}

/// Refuses a change on a ledger whose office-server account may change nothing (领导).
pub fn check_writable(conn: &rusqlite::Connection) -> Result<()> {
    match role(conn)? {
        Some(r) if !r.writes() => Err(Error::Validation {
            field: None,
            message: format!(
                "本机登录办公室服务器的账号是{}，只能查看台账，不能修改；未作任何改动。",
                r.label()
            ),
        }),
        _ => Ok(()),
    }
}

/// Ends the session on the server (when it can be reached) and forgets the token here; the
/// server address and login name stay for the next login.
pub fn logout(ledger: &mut Ledger) -> Result<()> {
    if let Ok(config) = ServerConfig::from_ledger(ledger) {
        // Unreachable or already expired: the token is forgotten here all the same.
        let _ = call::<serde_json::Value>(
            &config.url,
            "/api/logout",
            Some(&config.token),
            config.ca_file.as_deref(),
            Some(&serde_json::json!({})),
        );
    }
    ledger.write(|tx, _| settings::set(tx, SERVER_TOKEN, None))
}

/// Sends the server this device's changes it has not seen (and those of the officer's other
/// devices merged here). A retried push stores nothing twice.
pub fn push(ledger: &Ledger, config: &ServerConfig) -> Result<SyncSummary> {
    let server: SeenResponse = call(
        &config.url,
        "/api/seen",
        Some(&config.token),
        config.ca_file.as_deref(),
        None::<&()>,
    )?;
    let mut bundle = sync::export(ledger, &server.seen)?;
    let before = bundle.registers.len();
    bundle
        .registers
        .retain(|r| server.own_devices.contains(&r.device_id));
    let held_back = (before - bundle.registers.len()) as u32;
    let mut summary = SyncSummary {
        held_back,
        ..Default::default()
    };
    if bundle.registers.is_empty() {
        return Ok(summary);
    }
    reseal(&mut bundle);
    // Contents travel apart, and only those the server lacks.
    bundle.blobs.clear();
    upload_blobs(ledger, config, &bundle)?;
    let answer: PushResponse = call(
        &config.url,
        "/api/push",
        Some(&config.token),
        config.ca_file.as_deref(),
        Some(&bundle),
    )?;
    summary.sent = answer.received;
    summary.stored = answer.stored;
    summary.ahead_of_server = answer.ahead_of_server;
    Ok(summary)
}

/// Recomputes a bundle's manifest after its registers were narrowed.
fn reseal(bundle: &mut Bundle) {
    let mut covers = Seen::new();
    for r in &bundle.registers {
        let c = covers.entry(r.device_id.clone()).or_default();
        if r.hlc > *c {
            *c = r.hlc.clone();
        }
    }
    bundle.manifest.covers = covers;
    bundle.seal();
}

/// Fetches what this ledger has not seen and merges it (one transaction: all or nothing).
pub fn pull(ledger: &mut Ledger, config: &ServerConfig) -> Result<SyncSummary> {
    let seen = ledger.sync_seen()?;
    let mut bundle: Bundle = call(
        &config.url,
        "/api/pull",
        Some(&config.token),
        config.ca_file.as_deref(),
        Some(&PullRequest { seen }),
    )?;
    let mut summary = SyncSummary {
        received: bundle.registers.len() as u32,
        ..Default::default()
    };
    if !bundle.registers.is_empty() {
        download_blobs(ledger, config, &mut bundle)?;
        summary.merge = sync::import(ledger, &bundle)?;
    }
    Ok(summary)
}

/// Pull, then push: afterwards the server and this ledger hold the same data (up to what
/// colleagues' devices have not pushed yet).
pub fn sync(ledger: &mut Ledger, config: &ServerConfig) -> Result<SyncSummary> {
    let pulled = pull(ledger, config)?;
    let pushed = push(ledger, config)?;
    Ok(SyncSummary {
        sent: pushed.sent,
        stored: pushed.stored,
        held_back: pushed.held_back,
        ahead_of_server: pushed.ahead_of_server,
        received: pulled.received,
        merge: pulled.merge,
    })
}

/// The server's devices and their last push (any logged-in officer may look).
pub fn status(config: &ServerConfig) -> Result<StatusResponse> {
    call(
        &config.url,
        "/api/status",
        Some(&config.token),
        config.ca_file.as_deref(),
        None::<&()>,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalized() {
        assert_eq!(
            normalize_url("10.0.0.5:8780/").unwrap(),
            "http://10.0.0.5:8780"
        );
        assert_eq!(
            normalize_url(" https://zs.example.cn ").unwrap(),
            "https://zs.example.cn"
        );
        assert!(normalize_url("  ").is_err());
        assert!(normalize_url("http://a b").is_err());
    }

    #[test]
    fn an_unreachable_server_is_reported_in_chinese() {
        // A port nothing listens on (bound, then released).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(dir.path().join("l.sqlite3")).unwrap();
        let config = ServerConfig {
            url: format!("http://127.0.0.1:{port}"),
            login: "wanglei".into(),
            token: "x".into(),
            ca_file: None,
        };
        let e = push(&ledger, &config).unwrap_err();
        assert!(e.to_string().contains("无法连接办公室服务器"), "{e}");
    }
}
