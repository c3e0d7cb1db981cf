#!/usr/bin/env bash
# Prediction throughput: labels N titles (default 200000, cycled from the titles of
# data/corpus.jsonl) with a model (default models/default.model) and prints titles per
# second and microseconds per title, best of 3 runs. Usage: scripts/bench_predict.sh [N] [MODEL]
# MASKTAG=path/to/masktag compares another build (an older release, say) on the same input.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
model=${2:-models/default.model}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Titles only, as plain text (JSON escapes in the corpus are rare; a title with one is
# still a fine benchmark line).
sed -e 's/^{"title": "\(.*\)", "labels": .*$/\1/' data/corpus.jsonl >"$tmp/one.txt"
: >"$tmp/titles.txt"
while [ "$(wc -l <"$tmp/titles.txt")" -lt "$n" ]; do cat "$tmp/one.txt" >>"$tmp/titles.txt"; done
head -n "$n" "$tmp/titles.txt" >"$tmp/input.txt"
best=""
for run in 1 2 3; do
  start=$(date +%s.%N)
  "${MASKTAG:-build/masktag}" predict -m "$model" "$tmp/input.txt" >"$tmp/out.jsonl"
  end=$(date +%s.%N)
  best=$(awk -v s="$start" -v e="$end" -v b="$best" 'BEGIN { t = e - s; if (b == "" || t < b) print t; else print b }')
done
lines=$(wc -l <"$tmp/out.jsonl")
awk -v t="$best" -v n="$lines" 'BEGIN { printf "predict: %d titles in %.3f s (best of 3): %.0f titles/s, %.2f us/title\n", n, t, n / t, t * 1e6 / n }'
