#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu (set by wine-env.sh): runs a test binary under Wine
# in a Chinese locale, as on an officer's laptop (ANSI code page 936, GBK file names).
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
exec wine "$@"
