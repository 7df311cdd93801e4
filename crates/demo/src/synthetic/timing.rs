//! Timing a query on a synthetic ledger.

use std::time::{Duration, Instant};

use zhaoshang_core::Result;

/// Times `f` `runs` times (after one warm-up) and returns (p50, p95).
pub fn time_runs(runs: u32, mut f: impl FnMut() -> Result<()>) -> Result<(Duration, Duration)> {
    f()?;
    let mut t: Vec<Duration> = Vec::with_capacity(runs as usize);
    for _ in 0..runs.max(1) {
        let s = Instant::now();
        f()?;
        t.push(s.elapsed());
    }
    Ok(p50_p95(t))
}

/// p50 and p95 of `times` (nearest rank).
pub fn p50_p95(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}
