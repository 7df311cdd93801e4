//! Wrong-password counting: which login attempts are paused, per name and address and per address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
pub(super) fn login_key(login: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
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
