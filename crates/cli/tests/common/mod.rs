//! What the CLI's test files share: running the built `zhaoshang` binary.

use std::process::Command;

/// Runs `zhaoshang` with `args`; returns its exit code, stdout and stderr.
pub fn zhaoshang(args: &[&str]) -> (i32, String, String) {
    zhaoshang_with_env(args, &[])
}

/// [`zhaoshang`] with environment variables set for it.
pub fn zhaoshang_with_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    // Starting the process is tried again when it fails to start at all: under Wine, with the
    // test threads starting processes at once, CreateProcess once failed with Windows error
    // 1359 (ERROR_INTERNAL_ERROR) in CI. A started process's result is never retried.
    let mut tries = 0;
    let out = loop {
        let run = Command::new(env!("CARGO_BIN_EXE_zhaoshang"))
            .args(args)
            .envs(env.iter().copied())
            .output();
        match run {
            Ok(out) => break out,
            Err(e) if tries < 3 => {
                eprintln!("starting zhaoshang failed ({e}); trying again");
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
            Err(e) => panic!("run zhaoshang: {e:?}"),
        }
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
