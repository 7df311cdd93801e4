#!/usr/bin/env bash
# Runs every check of the project: format, lints, all Rust tests (core, CLI), and a small
# benchmark smoke run. The same command README.md gives; .ci/run calls it after installing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "== cargo test"
cargo test --workspace

echo "== benchmark smoke run (small scale; the full one: see README)"
cargo run --quiet --release -p zhaoshang-cli -- --db "$(mktemp -d)/bench.sqlite3" \
  bench --projects 2000 --activities 20000 --runs 5
