//! The office's store in PostgreSQL: officers, their devices and sessions, and the change log.
//!
//! `changes` holds every register ever pushed, keyed by (device, clock, table, row, field): a
//! retried push inserts nothing. `registers` holds, per (table, row, field), the last writer by
//! (clock, device id): what a pull serves. Clocks and device ids compare byte-wise (`COLLATE
//! "C"`), as in the laptops' SQLite ledgers.
//!
//! What a sync with nothing new reads is kept small, whatever the log's length: each device's
//! newest stored clock (`devices.high_water`) and change count, kept by every push in the
//! push's transaction; `seen` and `status` read them, and a pull looks only at the devices whose
//! mark is past the caller's (through `registers_by_device`).

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::Failure;

pub fn pool(pg: tokio_postgres::Config, size: usize) -> Result<Pool, Failure> {
    let manager = Manager::from_config(
        pg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .build()
        .map_err(|e| Failure(format!("无法建立数据库连接池：{e}")))
}

/// Schema versions, applied in order, each in its own transaction.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE officers (
    id BIGSERIAL PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    team TEXT,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE devices (
    device_id TEXT COLLATE "C" PRIMARY KEY,
    officer_id BIGINT NOT NULL REFERENCES officers(id),
    name TEXT NOT NULL DEFAULT '',
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_push_at TIMESTAMPTZ,
    last_pull_at TIMESTAMPTZ
);
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    officer_id BIGINT NOT NULL REFERENCES officers(id),
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(device_id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE changes (
    device_id TEXT COLLATE "C" NOT NULL,
    hlc TEXT COLLATE "C" NOT NULL,
    table_name TEXT COLLATE "C" NOT NULL,
    row_id TEXT COLLATE "C" NOT NULL,
    field TEXT COLLATE "C" NOT NULL,
    value TEXT NOT NULL,
    prev TEXT,
    officer_id TEXT,
    pushed_by BIGINT NOT NULL REFERENCES officers(id),
    pushed_from TEXT COLLATE "C" NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, hlc, table_name, row_id, field)
);
CREATE TABLE registers (
    table_name TEXT COLLATE "C" NOT NULL,
    row_id TEXT COLLATE "C" NOT NULL,
    field TEXT COLLATE "C" NOT NULL,
    value TEXT NOT NULL,
    hlc TEXT COLLATE "C" NOT NULL,
    device_id TEXT COLLATE "C" NOT NULL,
    prev TEXT,
    officer_id TEXT,
    PRIMARY KEY (table_name, row_id, field)
);
CREATE INDEX registers_by_device ON registers (device_id, hlc);
"#,
    // Roles, and what the hot paths read instead of scanning the change log: each device's newest
    // clock and change count (kept by every push), and who pushed each newest value.
    r#"
ALTER TABLE officers ADD COLUMN role TEXT NOT NULL DEFAULT 'officer'
    CHECK (role IN ('admin', 'lead', 'officer', 'viewer'));
ALTER TABLE devices ADD COLUMN high_water TEXT COLLATE "C";
ALTER TABLE devices ADD COLUMN changes_count BIGINT NOT NULL DEFAULT 0;
UPDATE devices d SET high_water = c.newest, changes_count = c.n
  FROM (SELECT device_id, MAX(hlc) AS newest, count(*) AS n FROM changes GROUP BY device_id) c
  WHERE c.device_id = d.device_id;
ALTER TABLE registers ADD COLUMN pushed_by BIGINT REFERENCES officers(id);
"#,
    // Attachment contents (附件), one per SHA-256: uploaded once, served to whoever lacks them.
    r#"
CREATE TABLE blobs (
    sha256 TEXT COLLATE "C" PRIMARY KEY,
    size BIGINT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by BIGINT REFERENCES officers(id),
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"#,
];

/// Brings the database to the newest schema (safe to run on every start, and concurrently).
pub async fn migrate(pool: &Pool) -> Result<i32, Failure> {
    let mut client = pool.get().await.map_err(unreachable)?;
    let tx = client.transaction().await.map_err(storage)?;
    // One migrator at a time (several servers starting against one database).
    tx.execute("SELECT pg_advisory_xact_lock(7428613001)", &[])
        .await
        .map_err(storage)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS zhaoshang_schema (version INT NOT NULL);
         INSERT INTO zhaoshang_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM zhaoshang_schema);",
    )
    .await
    .map_err(storage)?;
    let current: i32 = tx
        .query_one("SELECT version FROM zhaoshang_schema", &[])
        .await
        .map_err(storage)?
        .get(0);
    if current as usize > MIGRATIONS.len() {
        return Err(Failure(format!(
            "数据库的结构版本（{current}）比本程序新（{}），请升级 zhaoshang-server。",
            MIGRATIONS.len()
        )));
    }
    for sql in &MIGRATIONS[current as usize..] {
        tx.batch_execute(sql).await.map_err(storage)?;
    }
    let newest = MIGRATIONS.len() as i32;
    tx.execute("UPDATE zhaoshang_schema SET version = $1", &[&newest])
        .await
        .map_err(storage)?;
    tx.commit().await.map_err(storage)?;
    Ok(newest)
}

pub fn unreachable(e: impl std::fmt::Display) -> Failure {
    Failure(format!("无法连接数据库：{e}"))
}

pub fn storage(e: tokio_postgres::Error) -> Failure {
    Failure(format!("数据库错误：{}", describe(&e)))
}

/// tokio-postgres says only "db error" for the server's errors: add PostgreSQL's message.
pub fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}
