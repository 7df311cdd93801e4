//! The connections a backup has open, so that a program ending can stop it: a backup at 100k
//! projects reads the ledger for tens of seconds (`VACUUM INTO`, then the copy's
//! `integrity_check`), and while its connection to the ledger is open, the program's own
//! connections are not the last to close: SQLite then leaves the `-wal` behind, and the next
//! start takes the file for one a crash left (the full check, seconds at that size).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use rusqlite::{Connection, InterruptHandle};

static RUNNING: Mutex<Vec<(u64, InterruptHandle)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
/// Set while the program is stopping its backups: one starting meanwhile fails at once.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Registered while it lives: [`interrupt_all`] interrupts its connection's statement.
pub(crate) struct Running(u64);

pub(crate) fn register(conn: &Connection) -> Running {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    lock().push((id, conn.get_interrupt_handle()));
    Running(id)
}

/// Backups stop and none starts until `stopping(false)`.
pub(crate) fn stopping(on: bool) {
    STOPPING.store(on, Ordering::SeqCst);
}

/// Refuses a backup while the program is stopping them.
pub(crate) fn refuse_while_stopping() -> crate::error::Result<()> {
    if STOPPING.load(Ordering::SeqCst) {
        return Err(crate::error::Error::Conflict(
            "程序正在退出，备份已停止。".into(),
        ));
    }
    Ok(())
}

impl Drop for Running {
    fn drop(&mut self) {
        lock().retain(|(id, _)| *id != self.0);
    }
}

/// Interrupts the statement each registered connection is running (none: nothing happens).
/// The backup fails with an error and removes its unfinished file.
pub(crate) fn interrupt_all() {
    for (_, handle) in lock().iter() {
        handle.interrupt();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(u64, InterruptHandle)>> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}
