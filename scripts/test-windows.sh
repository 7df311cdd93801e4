#!/usr/bin/env bash
# The Windows checks, on Linux (docs/WINDOWS.md): the core's and the CLI's tests built for
# x86_64-pc-windows-gnu and run under Wine (Windows file semantics, a Chinese locale), then the
# exes and the installer built (dev profile: it shares that build) and proven under Wine by
# scripts/windows/check-installer.sh. Part of scripts/test-all.sh.
#
#   bash scripts/test-windows.sh            # ≈ 20 min on 2 cores from nothing, ≈ 3 min after
#
# ZS_CRASH_ITERATIONS (default 30 here) bounds the crash loop under Wine, where a process start
# costs ~100 ms; the Linux run keeps its 300.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=x86_64-pc-windows-gnu

# shellcheck source=windows/wine-env.sh
. scripts/windows/wine-env.sh

echo "== Windows: clippy on the Windows-only code (cfg(windows) is invisible to the Linux lint)"
cargo clippy --target "$target" -p zhaoshang-core -p zhaoshang-cli -p zhaoshang-demo \
  -p zhaoshang-desktop --all-targets -- -D warnings

echo "== Windows: core, demo and CLI tests under Wine"
start=$(date +%s)
ZS_CRASH_ITERATIONS=${ZS_CRASH_ITERATIONS:-30} \
  ZS_CRASH_ITERATIONS_ENCRYPTED=${ZS_CRASH_ITERATIONS_ENCRYPTED:-10} \
  cargo test --target "$target" -p zhaoshang-core -p zhaoshang-demo -p zhaoshang-cli
echo "Windows tests built and run in $(($(date +%s) - start)) s"

echo "== Windows: the exes and the installer (dev profile)"
start=$(date +%s)
bash scripts/build-windows.sh --dev
echo "Windows exes and installer built in $(($(date +%s) - start)) s"

echo "== Windows: the installer under Wine"
[ -x target/debug/zhaoshang ] || cargo build -q -p zhaoshang-cli
bash scripts/windows/check-installer.sh "$root/target/windows/dev" "$root/target/debug/zhaoshang"
