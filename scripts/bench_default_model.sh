#!/usr/bin/env bash
# The default model (built into build/masktag, trained only on data/corpus.jsonl) scored
# on all of the reference data it never saw, with per-label F1; then 5-fold
# cross-validation within data/ with the default model's options but no lexicon, then with
# the lexicon from data/corpus.jsonl, which each fold rebuilds without its test titles.
# Usage: scripts/bench_default_model.sh
set -euo pipefail
cd "$(dirname "$0")/.."
masktag=build/masktag
data=../shared/data/breathesafe
$masktag --version
echo
if [ -f "$data/training_data.json" ]; then
  echo "== default model on $data/training_data.json (never trained on) =="
  $masktag eval "$data/training_data.json" 2>/dev/null
else
  echo "bench_default_model: reference data not found at $data; skipping that part" >&2
fi
echo
echo "== 5-fold cross-validation within data/corpus.jsonl (seed 1; --lexicon none, see above) =="
$masktag eval --cv 5 --seed 1 --threads 0 --lexicon none data/corpus.jsonl 2>/dev/null
echo
echo "== the same with the lexicon built from data/corpus.jsonl (each fold without its test titles) =="
$masktag eval --cv 5 --seed 1 --threads 0 --lexicon data/corpus.jsonl data/corpus.jsonl 2>/dev/null
