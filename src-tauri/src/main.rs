// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Imports allocate many small strings and rows: with mimalloc a 100k-row import takes 8.5–9.4 s
/// instead of 12 s (`zhaoshang io-bench`, crates/core/IMPORT_NOTES.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    zhaoshang_desktop::memory::give_freed_pages_back_at_once();
    zhaoshang_desktop::run()
}
