//! The office server's tests, each against its own PostgreSQL database: one module per area,
//! built as one test binary (one link, not one per file; see crates/core/tests/main.rs).
//! Run one area: `cargo test -p zhaoshang-server --test integration <module>::`.

mod common;
mod office_assignments;
mod office_attachments;
mod office_bench;
mod office_deployment;
mod office_logins;
mod office_refusals;
mod office_roles;
mod office_sync;
