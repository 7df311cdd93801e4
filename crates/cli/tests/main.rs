//! The CLI's tests, which run the built `zhaoshang` command: one module per area, built as one
//! test binary (one link, not one per file; see crates/core/tests/main.rs).
//! Run one area: `cargo test -p zhaoshang-cli --test integration <module>::`.

mod alerts_cli;
mod assignment_cli;
mod backup_cli;
mod cli;
mod common;
mod form_cli;
mod scores_cli;
mod trip_cli;
