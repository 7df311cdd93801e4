//! Times what opening and protecting a big ledger costs: the `quick_check` every opening runs,
//! a full `integrity_check`, opening it, encrypting it, opening it encrypted (key derivation +
//! quick_check through decryption) and an encrypted backup. Works on a copy.
//!
//! `cargo run --release -p zhaoshang-core --example open_check_bench -- <ledger.sqlite3>`

use std::time::Instant;

use zhaoshang_core::{storage::backup, Ledger};

fn main() -> zhaoshang_core::Result<()> {
    let src = std::env::args().nth(1).expect("a ledger file");
    let dir = std::env::temp_dir().join(format!("zs-open-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("ledger.sqlite3");
    std::fs::copy(&src, &path)?;
    let mb = std::fs::metadata(&path)?.len() as f64 / 1e6;
    println!("file: {mb:.0} MB");
    let secs = |t: Instant| t.elapsed().as_secs_f64();

    let t = Instant::now();
    let conn = rusqlite::Connection::open(&path)?;
    let q = backup::integrity_problems(&conn, true)?;
    println!("quick_check: {:.2} s ({} problems)", secs(t), q.len());
    let t = Instant::now();
    let f = backup::integrity_problems(&conn, false)?;
    println!("integrity_check: {:.2} s ({} problems)", secs(t), f.len());
    drop(conn);

    let t = Instant::now();
    let mut ledger = Ledger::open(&path)?;
    println!(
        "Ledger::open (plaintext, includes quick_check): {:.2} s",
        secs(t)
    );
    let t = Instant::now();
    ledger.set_passphrase(None, Some("bench-passphrase"))?;
    println!("encrypt (export, verify, swap): {:.2} s", secs(t));
    drop(ledger);

    let t = Instant::now();
    let ledger = Ledger::open_with_passphrase(&path, Some("bench-passphrase"))?;
    println!(
        "Ledger::open (encrypted, includes quick_check): {:.2} s",
        secs(t)
    );
    let t = Instant::now();
    let out = ledger.backup_now(&[], chrono::Utc::now())?;
    println!(
        "encrypted backup (VACUUM INTO + integrity_check): {:.2} s, {:.0} MB",
        secs(t),
        out.made[0].size as f64 / 1e6
    );
    drop(ledger);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
