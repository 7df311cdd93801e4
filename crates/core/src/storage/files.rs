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

/// Writes `bytes` as the file `path` whole, or not at all: under `<name>.partial` first, synced
/// to the disk, then renamed over `path` in one step (a crash, a full stick or a stick pulled
/// out early never leaves half a file under the real name). On failure the partial file is
/// removed and `path` is as it was.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = with_suffix(path, ".partial");
    let written = std::fs::write(&tmp, bytes)
        .and_then(|_| sync_file(&tmp))
        .and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    written
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("调度表.xlsx");
        write_whole(&path, b"old").unwrap();
        write_whole(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "nothing beside it");

        // A folder that is not there: an error, and no partial file anywhere.
        let missing = dir.path().join("U盘").join("调度表.xlsx");
        assert!(write_whole(&missing, b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
