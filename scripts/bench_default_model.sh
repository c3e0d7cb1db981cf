#!/usr/bin/env bash
# How the built-in model does on names it never saw, and how its training generalizes:
#   1. the default model (trained only on data/) on all the reference titles, with title
#      accuracy and per-label F1;
#   2. on the reference split's test.json, beside a model trained on its train.json with
#      masktag's default options;
#   3. 5-fold cross-validation within data/corpus.jsonl that holds out whole makers
#      (scripts/maker_folds): each fold's model, lexicon and gazetteer know none of the
#      makers it is scored on, as with a list of masks from elsewhere;
#   4. the same, a maker known by its first brand word (`scripts/maker_folds --by
#      first-word`: Moldex and Moldex Metric one maker), stricter, pooled figures only;
#   5. the same with random folds (each fold's lexicon rebuilt without its test titles).
# Training options: those of scripts/train_default_model.sh. Prints numbers, checks nothing.
# Usage: scripts/bench_default_model.sh [--quick]   (--quick: parts 1 and 2 only)
set -euo pipefail
cd "$(dirname "$0")/.."
masktag=${MASKTAG:-build/masktag}
data=../shared/data/breathesafe
mapfile -t options < <(scripts/train_default_model.sh --options)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$masktag --version
echo
if [ -f "$data/training_data.json" ]; then
  echo "== 1. default model on $data/training_data.json (never trained on) =="
  $masktag eval "$data/training_data.json" 2>/dev/null
  echo
  echo "== 2. test.json: default model, then a model trained on train.json (default options) =="
  $masktag eval "$data/test.json" 2>/dev/null | head -4
  $masktag train "$data/train.json" -o "$tmp/split.model" 2>/dev/null
  $masktag eval -m "$tmp/split.model" "$data/test.json" 2>/dev/null | head -4
else
  echo "bench_default_model: reference data not found at $data; skipping parts 1 and 2" >&2
fi
[ "${1:-}" = "--quick" ] && exit 0
echo
echo "== 3. 5-fold cross-validation within data/corpus.jsonl, whole makers held out =="
scripts/maker_folds data/corpus.jsonl > "$tmp/makers.json"
$masktag eval --folds "$tmp/makers.json" data/corpus.jsonl --threads 0 "${options[@]}" 2>/dev/null
echo
echo "== 4. the same, a maker known by its first brand word =="
scripts/maker_folds --by first-word data/corpus.jsonl > "$tmp/first-words.json"
$masktag eval --folds "$tmp/first-words.json" data/corpus.jsonl --threads 0 "${options[@]}" 2>/dev/null | sed -n '/pooled/,+3p'
echo
echo "== 5. the same with random folds (seed 1) =="
$masktag eval --cv 5 --seed 1 --threads 0 "${options[@]}" data/corpus.jsonl 2>/dev/null | sed -n '/pooled/,+3p'
