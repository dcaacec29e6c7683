#!/usr/bin/env bash
# The project's test command: installs what the tests need on a fresh Debian machine
# (a headless Chromium for the browser tests), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need_apt[*]} (Debian packages) for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing ${need_apt[*]}: install with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi

cargo test --release --all-targets "$@"
