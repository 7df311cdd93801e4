//! Making writes durable and replacing files safely, on Windows as on Linux.

use std::path::{Path, PathBuf};

/// Writes a finished file's data to the disk before it is renamed into place.
///
/// Opened for writing: Windows' `FlushFileBuffers` refuses a read-only handle («拒绝访问»,
/// os error 5), where Linux's fsync takes any handle. With `File::open` no backup was ever made
/// and no ledger could be encrypted on an officer's laptop (docs/WINDOWS.md).
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Makes a rename durable (POSIX); Windows has no directory handles to sync.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

pub(crate) fn remove_if_exists(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
