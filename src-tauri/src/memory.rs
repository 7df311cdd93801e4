//! The app's memory at 100k projects (issue 14): mimalloc, the allocator (`main.rs`), keeps the
//! pages a thread freed for a while (its `purge_delay`, 1 s) and gives them back only when that
//! thread allocates again. The app's threads mostly sit idle after one piece of work (the
//! facts' warm-up reads a 35 MiB snapshot on a blocking thread), so those pages stayed: at 100k
//! projects the app held 292–313 MiB after the dashboard and the list, and 282–284 MiB with
//! `MIMALLOC_PURGE_DELAY=0` (src-tauri/MEASUREMENTS.md). The same setting, made here, costs a
//! 100k-row import nothing measurable (`zhaoshang io-bench` with and without it).

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_t` (include/mimalloc.h); the
/// `libmimalloc-sys` bindings name only the options v2 and v3 share.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed pages go back to the system at once. Called first thing in `main`.
pub fn give_freed_pages_back_at_once() {
    // SAFETY: `mi_option_set` takes no pointers; called before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // mimalloc v3's default purge delay is 1000 ms; its neighbours' defaults differ
        // (eager commit delay 1, NUMA nodes 0). Unless the environment set it.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            let default = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
            assert_eq!(default, 1000);
        }
        give_freed_pages_back_at_once();
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) },
            0
        );
    }
}
