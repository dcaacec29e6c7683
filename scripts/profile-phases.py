#!/usr/bin/env python3
"""Where a build's CPU time goes, by phase, from a `perf` profile with call stacks.

    perf record -F 499 --call-graph dwarf,16384 -o build.perf \\
        ./target/release/gongshi build --root SITE --output OUT
    perf script -i build.perf -F tid,time,ip,sym > build.txt
    python3 scripts/profile-phases.py build.txt [--hz 499] [--bin 2]

Each sample is given to the first phase (most specific first) one of whose functions is on
its stack, so a phase's share is inclusive of what it calls and the shares add up to 100%.
Then, for each `--bin` seconds of the build: how many cores its threads used, how many
threads ran, and the phases of that stretch, to show what runs on one core.
"""

import argparse
import collections
import re

PHASES = [
    ("Pagefind: gzip (zlib-rs, Compression::best)", r"zlib_rs|flate2"),
    ("Pagefind: parse + segment (fossick)", r"pagefind::fossick|charabia|jieba|lindera|icu_"),
    ("Pagefind: index building, output", r"pagefind::"),
    ("search records (gongshi)", r"gongshi::render::search"),
    ("QR codes", r"gongshi::render::qr::"),
    ("Markdown (comrak, ammonia)", r"comrak::|ammonia::|gongshi::render::markdown"),
    ("relative links (relative.rs)", r"gongshi::render::relative"),
    ("Tera (templates, values)", r"tera::|Renderer::render|fill_row_html"),
    ("views", r"task_page|TaskScope|Renderer::page|gongshi::render::pages|gongshi::render::views"),
    ("open data", r"gongshi::render::open_data"),
    ("feeds, sitemap", r"gongshi::render::feeds"),
    ("hashing (sha256 of every file)", r"sha2::"),
    ("writing files", r"gongshi::output::|DirSink|std::fs::|gongshi::history::manifest"),
    ("publication history", r"gongshi::history"),
    ("load, decode (YAML)", r"gongshi::load|gongshi::yaml"),
    ("validate", r"gongshi::validate|gongshi::check"),
    ("model, set-up", r"gongshi::"),
]
OTHER = "other (kernel, allocator, thread start)"


def samples(path):
    """(time, thread, phase) of each sample of a `perf script` dump."""
    rules = [(name, re.compile(pattern)) for name, pattern in PHASES]
    head, frames = None, []

    def sample():
        text = "\n".join(frames)
        phase = next((name for name, rule in rules if rule.search(text)), OTHER)
        tid, time = head.split()[:2]
        return float(time.rstrip(":")), tid, phase

    with open(path, errors="replace") as dump:
        for line in dump:
            if line.startswith("\t"):
                frames.append(line.strip())
            elif line.strip():
                if head is not None:
                    yield sample()
                head, frames = line, []
    if head is not None:
        yield sample()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", help="the output of `perf script -F tid,time,ip,sym`")
    parser.add_argument("--hz", type=float, default=499, help="perf record's -F")
    parser.add_argument("--bin", type=float, default=2.0, help="seconds per line of the timeline")
    args = parser.parse_args()
    taken = list(samples(args.dump))
    if not taken:
        raise SystemExit(f"{args.dump}: no samples")
    total = len(taken)
    print(f"{total} samples, about {total / args.hz:.1f} s of CPU\n")
    print("| phase | share of CPU | CPU s |\n|---|---:|---:|")
    for phase, n in collections.Counter(p for _, _, p in taken).most_common():
        print(f"| {phase} | {100 * n / total:.1f}% | {n / args.hz:.1f} |")
    start = min(t for t, _, _ in taken)
    bins = collections.defaultdict(list)
    for time, tid, phase in taken:
        bins[int((time - start) / args.bin)].append((tid, phase))
    print(f"\n| from s | cores used | threads | phases |\n|---:|---:|---:|---|")
    for b in sorted(bins):
        stretch = bins[b]
        phases = collections.Counter(p for _, p in stretch).most_common(3)
        names = ", ".join(f"{p.split(' (')[0]} {100 * n / len(stretch):.0f}%" for p, n in phases)
        threads = len({tid for tid, _ in stretch})
        cores = len(stretch) / args.hz / args.bin
        print(f"| {b * args.bin:.0f} | {cores:.2f} | {threads} | {names} |")


if __name__ == "__main__":
    main()
