#!/usr/bin/env bash
# Issue-level numbers on the reference data (../shared/data/breathesafe): token accuracy
# on the reference split (train.json -> test.json, 318 test tokens; the reference CRF
# scores 0.877), training time, and model size. Usage: scripts/bench_reference.sh [TRAIN OPTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/breathesafe
if [ ! -f "$data/train.json" ]; then
  echo "bench_reference: skipped: reference data not found at $data" >&2
  exit 0
fi
masktag=build/masktag
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s.%N)
$masktag train "$data/train.json" -o "$tmp/ref.model" "$@" 2>"$tmp/train.log"
end=$(date +%s.%N)
echo "options:        ${*:-(defaults)}"
echo "training:       $(grep -o 'trained on .*' "$tmp/train.log")"
awk -v s="$start" -v e="$end" 'BEGIN { printf "train wall time: %.2f s (whole command, reading and writing included)\n", e - s }'
echo "model size:     $(stat -c %s "$tmp/ref.model") bytes"
$masktag eval -m "$tmp/ref.model" "$data/test.json" 2>/dev/null
