#!/usr/bin/env bash
# Side-by-side build benchmark: gongshi and Hugo (Debian's package) on the same generated
# 10,000-task site, in one run, reported as wall time, peak memory and the ratio.
# Usage: scripts/bench-build.sh [TASKS]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
work=$(mktemp -d /tmp/gongshi-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

command -v hugo >/dev/null || { echo "needs hugo: apt-get install hugo" >&2; exit 1; }
cargo build --release --quiet
python3 scripts/gen-site.py "$work/site" --tasks "$tasks" >/dev/null
python3 scripts/hugo-site.py "$work/site" "$work/hugo" >/dev/null

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
  read -r secs kb < "$work/time"
  printf '%-8s %7.2f s  %7.0f MiB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs $kb" > "$work/result-$label"
}

echo "build of $tasks tasks on $(nproc) cores:"
measure gongshi ./target/release/gongshi build --root "$work/site" --output "$work/out-gongshi"
measure hugo hugo --source "$work/hugo" --destination "$work/out-hugo" --quiet
read -r g_s g_kb < "$work/result-gongshi"
read -r h_s h_kb < "$work/result-hugo"
python3 -c "print(f'ratio gongshi/hugo: time {float($g_s)/float($h_s):.2f}, memory {int($g_kb)/int($h_kb):.2f}')"
echo "pages: gongshi $(find "$work/out-gongshi" -name '*.html' | wc -l), hugo $(find "$work/out-hugo" -name '*.html' | wc -l)"
