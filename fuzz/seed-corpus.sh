#!/bin/sh
# Fills fuzz/corpus/<target>/ with seeds from the test fixture and the sample site, in the
# shape each target reads: a ledger as is; for `site`, one byte naming the file it replaces
# (the order of FILES in fuzz_targets/site.rs) then the file; for `markdown`, one byte
# choosing the base path then the text.
set -eu
cd "$(dirname "$0")"
repo=..
minimal=$repo/tests/fixtures/minimal/content
sample=$repo/content
mkdir -p corpus/ledger corpus/site corpus/markdown

# $1 target, $2 prefix byte in octal (empty for none), $3 file
seed() {
    name=$(printf '%s' "$2$3" | sha1sum | cut -c1-16)
    { [ -n "$2" ] && printf "\\$2"; cat "$3"; } > "corpus/$1/seed-$name"
}

for f in "$minimal"/tasks/*/*.yaml "$sample"/tasks/*/*.yaml; do seed ledger "" "$f"; done

for dir in "$minimal" "$sample"; do
    seed site 000 "$dir/site.yaml"
    seed site 001 "$dir/orgs.yaml"
    for f in "$dir"/tasks/*/*.yaml; do seed site 002 "$f"; done
    for f in "$dir"/evaluations/*.yaml; do seed site 004 "$f"; done
    for f in "$dir"/notices/*.md; do seed site 005 "$f"; done
    for f in "$dir"/pages/*.md; do seed site 006 "$f"; done
    for f in "$dir"/notices/*.md "$dir"/pages/*.md; do
        seed markdown 000 "$f"
        seed markdown 001 "$f"
    done
done
for t in ledger site markdown; do echo "$t: $(ls corpus/$t | wc -l) seeds"; done
