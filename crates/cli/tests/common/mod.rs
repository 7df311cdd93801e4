//! What the CLI's test files share: running the built `zhaoshang` binary.

use std::process::Command;

/// Runs `zhaoshang` with `args`; returns its exit code, stdout and stderr.
pub fn zhaoshang(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zhaoshang"))
        .args(args)
        .output()
        .expect("run zhaoshang");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
