//! 招商台账 office sync server: a small HTTP service over PostgreSQL to which officers' laptops
//! push their changes and from which they pull everyone else's (the client is
//! `zhaoshang_core::sync::office_server`). The exchange format is the sync bundle of
//! `zhaoshang_core::sync`; the merge itself happens on the laptops (last writer wins per field
//! by hybrid logical clock, then device id), the server keeps the office's change log and the
//! newest value of every field.
//!
//! Endpoints (JSON; all but login need `Authorization: Bearer <token>`):
//! - `POST /api/login` `{login, password, device_id, device_name}` → `{token, officer}` (with
//!   its role: 办公室主任/管理员, 组长, 招商专员 or 领导);
//!   registers the device to the officer (a device belongs to one officer). Wrong passwords
//!   pause a login name *from the address that guessed* (by default 5 in 15 minutes), and an
//!   address that fails 20 times across names as a whole (429 with the minutes to wait); the
//!   officer's own laptop is not locked out by someone else's guessing. See
//!   [`api::LoginThrottle`] for the rules and why the counts live in memory. The address is
//!   the connection's peer; `X-Forwarded-For` is believed only from the configured
//!   `trusted_proxies`.
//! - `GET /api/seen` → `{seen, own_devices}`: the newest clock per device the server holds (each
//!   device's mark, kept by the pushes: no scan of the log).
//! - `POST /api/push` a bundle → `{received, stored}`: rejected whole if damaged (400), if it
//!   holds new changes of a device that is not the officer's, changes claiming another officer
//!   as author, or changes of rows the account's role may not change (403, see
//!   `api::rights`); stored changes are ignored; the rest are stamped with the account.
//! - `POST /api/pull` `{seen}` → a bundle of what the caller has not seen (only the devices
//!   whose mark is past the caller's are read).
//! - `POST /api/blobs/missing` `{sha256: [..]}` → `{missing: [..]}`: which attachment contents
//!   (附件, by SHA-256) the server lacks; `PUT /api/blobs/{sha256}` the raw bytes (≤ 50 MB,
//!   checked against the hash; not for 领导 accounts, 403); `GET /api/blobs/{sha256}` the raw
//!   bytes (404 if absent). A laptop uploads only what `missing` names before pushing, and a
//!   push naming a content the server lacks is refused whole (409); a pull downloads only the
//!   contents the laptop lacks (see `api::blobs`).
//! - `GET /api/status` → devices, their officers and last push/pull.
//! - `POST /api/logout` ends the caller's session (a new login of a device ends its old one).

pub mod api;
pub mod config;
pub mod db;
pub mod officers;

use std::net::SocketAddr;
use std::sync::Arc;

pub use config::Config;
pub use deadpool_postgres::Pool;

/// A failure of the server's own (admin commands, start-up), as a message for the operator.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

/// Connects to the database of `config` and brings its schema up to date.
pub async fn open_database(config: &Config) -> Result<Pool, Failure> {
    let pool = db::pool(config.pg_config()?, config.pool_size)?;
    db::migrate(&pool).await?;
    Ok(pool)
}

/// TLS settings from PEM files (rustls with the ring provider).
pub async fn tls_config(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Result<axum_server::tls_rustls::RustlsConfig, Failure> {
    // The process-wide provider rustls uses for the server's handshakes.
    let _ = rustls::crypto::ring::default_provider().install_default();
    axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|e| {
            Failure(format!(
                "无法读取 TLS 证书“{}”或私钥“{}”：{e}",
                cert.display(),
                key.display()
            ))
        })
}

/// A server bound to its address, ready to run.
pub struct Bound {
    pub addr: SocketAddr,
    pub https: bool,
    listener: std::net::TcpListener,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
    app: axum::Router,
}

/// How the API treats its clients (see [`api::LoginThrottle`] and [`api::client_address`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// How long a login stays valid.
    pub session_days: i64,
    pub login_limits: api::LoginLimits,
    /// Reverse proxies whose `X-Forwarded-For` is believed (none: the header is ignored).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Binds `listen` (port 0: any free port) with the given database; HTTPS when `tls` is set.
pub async fn bind(
    listen: &str,
    pool: Pool,
    session_days: i64,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
) -> Result<Bound, Failure> {
    let settings = Settings {
        session_days,
        ..Settings::default()
    };
    bind_with(listen, pool, tls, settings).await
}

/// [`bind`] with all the settings.
pub async fn bind_with(
    listen: &str,
    pool: Pool,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
    settings: Settings,
) -> Result<Bound, Failure> {
    let listener = std::net::TcpListener::bind(listen)
        .map_err(|e| Failure(format!("无法监听 {listen}：{e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure(format!("无法监听 {listen}：{e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure(format!("无法监听 {listen}：{e}")))?;
    let app = api::router(Arc::new(api::State {
        pool,
        session_days: settings.session_days,
        login_failures: api::LoginThrottle::new(settings.login_limits),
        trusted_proxies: settings.trusted_proxies,
    }));
    Ok(Bound {
        addr,
        https: tls.is_some(),
        listener,
        tls,
        app,
    })
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM (a service manager stopping the server).
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

impl Bound {
    /// Serves until the process ends, or until Ctrl-C / SIGTERM, after which requests under
    /// way finish (each push is one transaction either way).
    pub async fn run(self) -> Result<(), Failure> {
        let fail = |e: std::io::Error| Failure(format!("服务出错：{e}"));
        match self.tls {
            Some(tls) => {
                let handle = axum_server::Handle::new();
                let stopper = handle.clone();
                tokio::spawn(async move {
                    stop_signal().await;
                    stopper.graceful_shutdown(Some(std::time::Duration::from_secs(30)));
                });
                axum_server::from_tcp_rustls(self.listener, tls)
                    .handle(handle)
                    .serve(self.app.into_make_service_with_connect_info::<SocketAddr>())
                    .await
                    .map_err(fail)
            }
            None => {
                let listener = tokio::net::TcpListener::from_std(self.listener).map_err(fail)?;
                // The peer's address: logins are throttled per client address.
                axum::serve(
                    listener,
                    self.app.into_make_service_with_connect_info::<SocketAddr>(),
                )
                .with_graceful_shutdown(stop_signal())
                .await
                .map_err(fail)
            }
        }
    }
}
