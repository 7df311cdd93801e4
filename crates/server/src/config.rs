//! `server.toml` (or environment variables): where to listen, the PostgreSQL database, TLS.
//!
//! ```toml
//! listen = "0.0.0.0:8780"
//! database_url = "postgres://zhaoshang:secret@127.0.0.1:5432/zhaoshang"
//! # Optional: serve HTTPS (rustls). Without it the server speaks plain HTTP (behind a
//! # reverse proxy, or on a trusted office network).
//! tls_cert = "/etc/zhaoshang/server.crt"   # PEM, full chain
//! tls_key = "/etc/zhaoshang/server.key"    # PEM (PKCS#8, PKCS#1 or SEC1)
//! # Optional, only behind a reverse proxy: the proxies whose X-Forwarded-For names the
//! # client (login throttling counts per client address). Unset: the header is ignored.
//! trusted_proxies = ["127.0.0.1"]
//! # Wrong passwords: per login name from one address, per address across names, and how
//! # long a pause lasts (defaults). Raise the per-address limit if the officers reach the
//! # server through one shared address (NAT), where it would count the whole office.
//! login_failures_per_name = 5
//! login_failures_per_address = 20
//! login_pause_minutes = 15
//! ```
//!
//! Environment variables override the file: `ZHAOSHANG_LISTEN`, `ZHAOSHANG_DATABASE_URL`,
//! `ZHAOSHANG_TLS_CERT`, `ZHAOSHANG_TLS_KEY`, `ZHAOSHANG_POOL_SIZE`, `ZHAOSHANG_SESSION_DAYS`,
//! `ZHAOSHANG_TRUSTED_PROXIES` (addresses separated by commas), `ZHAOSHANG_LOGIN_FAILURES_PER_NAME`,
//! `ZHAOSHANG_LOGIN_FAILURES_PER_ADDRESS`, `ZHAOSHANG_LOGIN_PAUSE_MINUTES`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Failure;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_listen")]
    pub listen: String,
    #[serde(default)]
    pub database_url: String,
    #[serde(default)]
    pub tls_cert: Option<PathBuf>,
    #[serde(default)]
    pub tls_key: Option<PathBuf>,
    /// PostgreSQL connections kept open.
    #[serde(default = "default_pool_size")]
    pub pool_size: usize,
    /// How long a login stays valid.
    #[serde(default = "default_session_days")]
    pub session_days: i64,
    /// Reverse proxies (exact addresses) whose `X-Forwarded-For` is believed.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    #[serde(default = "default_failures_per_name")]
    pub login_failures_per_name: u32,
    #[serde(default = "default_failures_per_address")]
    pub login_failures_per_address: u32,
    #[serde(default = "default_pause_minutes")]
    pub login_pause_minutes: u32,
}

fn default_listen() -> String {
    "127.0.0.1:8780".into()
}
fn default_pool_size() -> usize {
    8
}
fn default_session_days() -> i64 {
    180
}
fn default_failures_per_name() -> u32 {
    crate::api::LoginLimits::default().per_login
}
fn default_failures_per_address() -> u32 {
    crate::api::LoginLimits::default().per_address
}
fn default_pause_minutes() -> u32 {
    (crate::api::LoginLimits::default().pause.as_secs() / 60) as u32
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: default_listen(),
            database_url: String::new(),
            tls_cert: None,
            tls_key: None,
            pool_size: default_pool_size(),
            session_days: default_session_days(),
            trusted_proxies: Vec::new(),
            login_failures_per_name: default_failures_per_name(),
            login_failures_per_address: default_failures_per_address(),
            login_pause_minutes: default_pause_minutes(),
        }
    }
}

impl Config {
    /// Reads the file (when given), then applies the environment's overrides, then checks.
    pub fn load(path: Option<&Path>) -> Result<Config, Failure> {
        let mut config = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| Failure(format!("无法读取配置文件“{}”：{e}", p.display())))?;
                toml::from_str(&text)
                    .map_err(|e| Failure(format!("配置文件“{}”有误：{e}", p.display())))?
            }
            None => Config::default(),
        };
        config.apply_env(|k| std::env::var(k).ok())?;
        config.check()?;
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), Failure> {
        if let Some(v) = var("ZHAOSHANG_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = var("ZHAOSHANG_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = var("ZHAOSHANG_TLS_CERT") {
            self.tls_cert = Some(v.into());
        }
        if let Some(v) = var("ZHAOSHANG_TLS_KEY") {
            self.tls_key = Some(v.into());
        }
        if let Some(v) = var("ZHAOSHANG_POOL_SIZE") {
            self.pool_size = v
                .parse()
                .map_err(|_| Failure(format!("ZHAOSHANG_POOL_SIZE“{v}”不是正整数。")))?;
        }
        if let Some(v) = var("ZHAOSHANG_SESSION_DAYS") {
            self.session_days = v
                .parse()
                .map_err(|_| Failure(format!("ZHAOSHANG_SESSION_DAYS“{v}”不是正整数。")))?;
        }
        for (key, field) in [
            (
                "ZHAOSHANG_LOGIN_FAILURES_PER_NAME",
                &mut self.login_failures_per_name,
            ),
            (
                "ZHAOSHANG_LOGIN_FAILURES_PER_ADDRESS",
                &mut self.login_failures_per_address,
            ),
            (
                "ZHAOSHANG_LOGIN_PAUSE_MINUTES",
                &mut self.login_pause_minutes,
            ),
        ] {
            if let Some(v) = var(key) {
                *field = v
                    .trim()
                    .parse()
                    .map_err(|_| Failure(format!("{key}“{v}”不是正整数。")))?;
            }
        }
        if let Some(v) = var("ZHAOSHANG_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect();
        }
        Ok(())
    }

    /// The wrong-password limits.
    pub fn login_limits(&self) -> crate::api::LoginLimits {
        crate::api::LoginLimits {
            per_login: self.login_failures_per_name,
            per_address: self.login_failures_per_address,
            pause: std::time::Duration::from_secs(u64::from(self.login_pause_minutes) * 60),
        }
    }

    /// The reverse proxies to believe, parsed.
    pub fn trusted_proxy_addresses(&self) -> Result<Vec<std::net::IpAddr>, Failure> {
        self.trusted_proxies
            .iter()
            .map(|p| {
                p.trim().parse().map_err(|_| {
                    Failure(format!(
                        "trusted_proxies 中的“{p}”不是 IP 地址（应形如 127.0.0.1 或 ::1，不带端口）。"
                    ))
                })
            })
            .collect()
    }

    fn check(&self) -> Result<(), Failure> {
        if self.database_url.trim().is_empty() {
            return Err(Failure(
                "未配置数据库：请在配置文件中写 database_url，或设置环境变量 ZHAOSHANG_DATABASE_URL。"
                    .into(),
            ));
        }
        self.pg_config()?;
        if self.listen.parse::<std::net::SocketAddr>().is_err() {
            return Err(Failure(format!(
                "监听地址“{}”无效，应形如 0.0.0.0:8780。",
                self.listen
            )));
        }
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            return Err(Failure(
                "启用 HTTPS 需要同时配置 tls_cert（证书）和 tls_key（私钥）。".into(),
            ));
        }
        self.trusted_proxy_addresses()?;
        if self.login_failures_per_name == 0
            || self.login_failures_per_address == 0
            || self.login_pause_minutes == 0
        {
            return Err(Failure(
                "login_failures_per_name、login_failures_per_address 与 login_pause_minutes 必须大于 0。"
                    .into(),
            ));
        }
        if self.pool_size == 0 || self.session_days <= 0 {
            return Err(Failure("pool_size 与 session_days 必须大于 0。".into()));
        }
        Ok(())
    }

    /// The database URL, parsed.
    pub fn pg_config(&self) -> Result<tokio_postgres::Config, Failure> {
        self.database_url
            .parse()
            .map_err(|e| Failure(format!("数据库地址 database_url 无效：{e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment() {
        let mut c: Config = toml::from_str(
            "listen = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://u@127.0.0.1/zs\"\n",
        )
        .unwrap();
        assert_eq!(c.listen, "0.0.0.0:9000");
        c.apply_env(|k| (k == "ZHAOSHANG_LISTEN").then(|| "127.0.0.1:1".to_string()))
            .unwrap();
        assert_eq!(c.listen, "127.0.0.1:1");
        c.check().unwrap();
        c.tls_cert = Some("a.crt".into());
        assert!(c.check().unwrap_err().0.contains("tls_key"));
        assert!(toml::from_str::<Config>("lisen = \"x\"").is_err());
        c.tls_cert = None;
        c.apply_env(|k| (k == "ZHAOSHANG_TRUSTED_PROXIES").then(|| " 127.0.0.1, ::1 ".into()))
            .unwrap();
        assert_eq!(
            c.trusted_proxy_addresses().unwrap(),
            [
                "127.0.0.1".parse::<std::net::IpAddr>().unwrap(),
                "::1".parse().unwrap()
            ]
        );
        c.trusted_proxies = vec!["10.0.0.1:80".into()];
        assert!(c.check().unwrap_err().0.contains("不是 IP 地址"));
        c.trusted_proxies.clear();
        assert_eq!(c.login_limits(), crate::api::LoginLimits::default());
        c.apply_env(|k| (k == "ZHAOSHANG_LOGIN_FAILURES_PER_ADDRESS").then(|| "200".into()))
            .unwrap();
        assert_eq!(c.login_limits().per_address, 200);
        c.login_pause_minutes = 0;
        assert!(c.check().unwrap_err().0.contains("login_pause_minutes"));
        let e = c
            .apply_env(|k| (k == "ZHAOSHANG_LOGIN_PAUSE_MINUTES").then(|| "十五".into()))
            .unwrap_err();
        assert!(e.0.contains("不是正整数"), "{e}");
    }
}
