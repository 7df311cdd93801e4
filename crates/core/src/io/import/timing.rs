//! Phase timings of an import (for `io-bench`): `phase_done` records where the time went. A leaf:
//! the search index (`crate::search`) times its phases with it too.

thread_local! {
    /// Phase timings of the import running on this thread, when asked for (`import_file_timed`).
    static TIMINGS: std::cell::RefCell<Option<Vec<(&'static str, std::time::Duration)>>> =
        const { std::cell::RefCell::new(None) };
}

/// Records that `phase` took the time since `since` (when timings are being collected), and
/// restarts `since`.
pub(crate) fn phase_done(phase: &'static str, since: &mut std::time::Instant) {
    let now = std::time::Instant::now();
    TIMINGS.with(|t| {
        if let Some(v) = t.borrow_mut().as_mut() {
            v.push((phase, now - *since));
        }
    });
    *since = now;
}

/// Runs `f` collecting the phase timings recorded on this thread meanwhile.
pub(super) fn collect<T>(f: impl FnOnce() -> T) -> (T, Vec<(&'static str, std::time::Duration)>) {
    TIMINGS.with(|t| *t.borrow_mut() = Some(Vec::new()));
    let out = f();
    let timings = TIMINGS.with(|t| t.borrow_mut().take()).unwrap_or_default();
    (out, timings)
}
