//! Merging officers' ledgers without a server: file bundles of changes.
//!
//! Every field of every row is a last-writer-wins register whose clock is the newest change-log
//! entry for it (`changes`: hybrid logical clock, then device id). A bundle carries, for every
//! register changed since what the receiver has seen, its current value and clock; importing
//! keeps the newer of the two sides per field, so the result is the same in any order and a
//! bundle applied twice changes nothing. Stage changes are rows of their own (a set of dated
//! events): they are added, never overwritten. Derived fields (a project's stage and dates, an
//! activity's region group and team) are recomputed after the merge, never exchanged.
//!
//! | file | what it does |
//! |---|---|
//! | `bundle.rs` | the bundle, its manifest and clocks; bundle files |
//! | `export.rs` | what a peer lacks |
//! | `merge.rs` | merging a peer's bundle |
//! | `devices.rs` | the devices a ledger holds data of; a copied file takes its own id |
//! | `conflicts.rs` | concurrent edits kept for review (冲突) |
//! | `folders.rs` | bundle files in a folder (USB stick, shared folder) |
//! | `office_server.rs` | the office server's client |

pub mod bundle;
pub mod conflicts;
pub mod devices;
pub mod export;
pub mod folders;
pub mod merge;
pub mod office_server;

pub(crate) use bundle::hlc_ms;
pub use bundle::{
    check, digest, read_bundle, seal_digest, write_bundle, Blob, Bundle, Manifest, MergeReport,
    Register, Seen, CONFLICT_WINDOW_MS, DEVICE_LABEL, MAX_CLOCK_SKEW_MS, TABLES,
};
pub use export::{export, seen};
pub(crate) use merge::field_clock;
pub use merge::{import, lacks_changes_before};
