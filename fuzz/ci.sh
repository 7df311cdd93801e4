#!/usr/bin/env bash
# Bounded fuzzing of the import parser for CI: skipped (exit 0) when nightly or cargo-fuzz is
# missing. Usage: fuzz/ci.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
if ! rustup toolchain list 2>/dev/null | grep -q nightly || ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: nightly toolchain or cargo-fuzz not installed; skipped"
  exit 0
fi
mkdir -p corpus/import_parser
cargo +nightly fuzz run import_parser corpus/import_parser ../tests/fixtures -- \
  -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20
