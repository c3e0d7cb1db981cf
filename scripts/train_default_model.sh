#!/usr/bin/env bash
# Trains models/default.model from data/corpus.jsonl with fixed options. The build embeds
# that file in the binary, so rebuild after retraining.
#   scripts/train_default_model.sh [MASKTAG]          retrain models/default.model
#   scripts/train_default_model.sh --check [MASKTAG]  retrain into a temporary file and
#                                                     fail unless it is byte-identical
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi
masktag=${1:-build/masktag}
options=(--c 10 --epsilon 0.01 --max-iterations 1000 --min-feature-count 1
         --features token,flags,affixes,position,context,shape,wide,lexicon --lexicon data/corpus.jsonl --strict)
if $check; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$masktag" train data/corpus.jsonl -o "$tmp/default.model" "${options[@]}" 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
  if cmp -s "$tmp/default.model" models/default.model; then
    echo "models/default.model is reproduced exactly from data/corpus.jsonl"
  else
    echo "models/default.model differs from a retrain on data/corpus.jsonl: run scripts/train_default_model.sh" >&2
    exit 1
  fi
else
  "$masktag" train data/corpus.jsonl -o models/default.model "${options[@]}"
  md5sum models/default.model
fi
