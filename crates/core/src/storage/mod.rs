//! The ledger file: opening and upgrading it (`db`, `connection`, `schema` with its SQL in
//! `migrations/`), backups and restores (`backup/`, the folders they go to and their schedule),
//! encryption at rest and the security settings, the change log every write goes through
//! (which sync and undo read), the undo of an action and the recycle bin, and the settings kept
//! in the file.

pub mod backup;
pub mod backup_folders;
pub mod backup_schedule;
pub mod changelog;
pub mod connection;
pub mod db;
pub mod encryption;
pub mod files;
pub mod schema;
pub mod security;
pub mod settings;
pub mod undo;
