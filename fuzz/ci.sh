#!/usr/bin/env bash
# Bounded fuzzing of the import parser for CI. Usage: fuzz/ci.sh [seconds] (default 60).
# With cargo-fuzz installed: libFuzzer on the nightly toolchain, or on stable through
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). Without it: the libFuzzer-free bounded runner
# (crates/core/examples/fuzz_import.rs), which mutates the fixtures (.xls included) and calls the
# same `io::import::fuzz_one`. Either way a panic, or an allocation beyond the limit, fails
# the step.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
if cargo fuzz --version >/dev/null 2>&1; then
  mkdir -p corpus/import_parser
  if rustup toolchain list 2>/dev/null | grep -q nightly; then
    fuzz=(cargo +nightly fuzz)
  else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
  fi
  "${fuzz[@]}" run import_parser corpus/import_parser ../tests/fixtures -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20
else
  echo "fuzz: cargo-fuzz not installed; bounded runner without libFuzzer for ${secs}s"
  cd ..
  # The dev profile (dependencies at opt-level 1): a release build (fat LTO, one codegen unit)
  # would cost CI minutes on 2 cores for a run bounded by time anyway.
  cargo build --quiet -p zhaoshang-core --example fuzz_import
  target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  # Under a 3 GB address-space limit: an input that makes a reader allocate gigabytes aborts
  # the run (a failure) instead of passing on an overcommitting machine.
  (ulimit -v 3000000 && exec "$target_dir/debug/examples/fuzz_import" "$secs" tests/fixtures)
fi
