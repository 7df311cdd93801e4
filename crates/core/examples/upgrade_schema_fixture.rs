//! Writes the schema fixture of an older released schema version N from the fixture of version
//! N-1, the way release N upgraded files: its migrations (`db::MIGRATIONS[..N]`) applied by
//! `db::open_with_migrations`. Used when the release that introduced schema N is no longer the
//! current code (so `make_schema_fixture`, which writes the current version, cannot make it).
//!
//! `cargo run -p zhaoshang-core --example upgrade_schema_fixture -- tests/fixtures/schema-v1.sqlite3 2 tests/fixtures/schema-v2.sqlite3`

use std::path::PathBuf;

fn main() -> zhaoshang_core::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, version, out] = &args[..] else {
        eprintln!("usage: upgrade_schema_fixture <schema-vN-1.sqlite3> <N> <schema-vN.sqlite3>");
        std::process::exit(2);
    };
    let version: usize = version.parse().expect("a schema version");
    assert!(
        (1..=zhaoshang_core::storage::db::MIGRATIONS.len()).contains(&version),
        "unknown schema version {version}"
    );
    let work = std::env::temp_dir().join(format!("zs-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let copy = work.join("ledger.sqlite3");
    std::fs::copy(from, &copy)?;
    let conn = zhaoshang_core::storage::db::open_with_migrations(
        &copy,
        &zhaoshang_core::storage::db::MIGRATIONS[..version],
    )?;
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    assert_eq!(v as usize, version);
    let out = PathBuf::from(out);
    let _ = std::fs::remove_file(&out);
    conn.execute("VACUUM INTO ?1", [out.to_str().expect("utf-8 path")])?;
    drop(conn);
    // One self-contained file in rollback-journal mode, like the other fixtures.
    let fixture = rusqlite::Connection::open(&out)?;
    fixture.pragma_update(None, "journal_mode", "DELETE")?;
    drop(fixture);
    std::fs::remove_dir_all(&work)?;
    println!("{} (schema v{version})", out.display());
    Ok(())
}
