#!/usr/bin/env bash
# Builds and starts the 招商台账 desktop app on a fresh Debian 12 / Ubuntu 22.04+ machine:
# installs the system libraries Tauri needs (apt, via sudo when not root), the UI's npm
# packages, builds the UI and the app (release, UI embedded) and runs it.
# The ledger lives in ~/.local/share/cn.zhaoshang.app/ledger.sqlite3; the first launch offers
# the demo ledger or an empty one.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
pkgs=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-noto-cjk)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
command -v cargo >/dev/null || { echo "Rust is needed: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed" >&2; exit 1; }

(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npx --no-install vite build --logLevel warn)
cargo build --release -p zhaoshang-desktop --features custom-protocol
exec target/release/zhaoshang-desktop "$@"
