//! The ledger's schema: the migrations (SQL in `migrations/`), in order; `PRAGMA user_version`
//! counts how many have been applied.

/// Migrations, in order; `PRAGMA user_version` counts how many have been applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_search.sql"),
    include_str!("migrations/0003_sync.sql"),
    include_str!("migrations/0004_search_index.sql"),
    include_str!("migrations/0005_company_details.sql"),
    include_str!("migrations/0006_key_projects.sql"),
    include_str!("migrations/0007_report_snapshot.sql"),
    include_str!("migrations/0008_compact_storage.sql"),
    include_str!("migrations/0009_list_indexes.sql"),
    include_str!("migrations/0010_attachments.sql"),
    include_str!("migrations/0011_officer_retired.sql"),
    include_str!("migrations/0012_alias_records.sql"),
    include_str!("migrations/0013_supervision.sql"),
    include_str!("migrations/0014_smaller_ledger.sql"),
    include_str!("migrations/0015_project_names.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
