//! What every handler shares: the database pool, the session length and the login throttle.

use std::net::IpAddr;
use std::sync::Arc;

use super::throttle::LoginThrottle;
use crate::Pool;

pub struct State {
    pub pool: Pool,
    pub session_days: i64,
    pub login_failures: LoginThrottle,
    /// Reverse proxies whose `X-Forwarded-For` names the client (empty: the header is ignored).
    pub trusted_proxies: Vec<IpAddr>,
}

pub(super) type Shared = Arc<State>;
