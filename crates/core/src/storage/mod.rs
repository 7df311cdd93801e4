//! The ledger file: opening and upgrading it (`db`, SQL in `migrations/`), backups and restores,
//! encryption at rest, the change log every write goes through (which sync and undo read), the
//! undo of an action and the recycle bin, and the settings kept in the file.

pub mod backup;
pub mod backup_folders;
pub mod backup_schedule;
pub mod changelog;
pub mod db;
pub mod encryption;
pub mod security;
pub mod settings;
pub mod undo;
