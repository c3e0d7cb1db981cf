#!/usr/bin/env bash
# Tests of scripts/retrain, the champion/challenger retraining job: a better candidate is
# swapped in, a worse one is not (exit 3, the old model's bytes untouched), a killed run
# leaves the old model in place and no temporary files. Data: the team's corpus
# (data/corpus.jsonl) in the Rails app's export format, so it runs everywhere.
# Usage: retrain_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
. "$src/tests/harness.sh"
retrain=$src/scripts/retrain
export TMPDIR=$work/tmp # retrain's temporary directory: checked empty after each run
mkdir -p "$TMPDIR" "$work/models"
model=$work/models/current.model

# retrain_run EXPECTED_STATUS ARGS...: as harness.sh's run, for scripts/retrain.
retrain_run() {
  local expected=$1; shift
  MASKTAG_BIN=$masktag ruby "$retrain" "$@" >"$work/out" 2>"$work/err"
  status=$?
  expect_status "retrain $*" "$expected"
}
md5() { md5sum <"$1" | cut -c1-32; }
no_leftovers() {
  check "$1: no temporary directory left" test -z "$(ls -A "$TMPDIR")"
  check "$1: nothing beside the model" test "$(ls -A "$work/models")" = "current.model"
}

# The app's export: [{mask_id, mask_name, breakdown}], from 150 corpus titles (their
# labels paired with masktag's tokens).
head -n 150 "$src/data/corpus.jsonl" >"$work/corpus.jsonl"
"$masktag" predict --format jsonl --prefix mt_ "$work/corpus.jsonl" 2>/dev/null >"$work/corpus.tokens"
ruby -rjson -e '
  labels = File.readlines(ARGV[0]).map { |l| JSON.parse(l)["labels"] }
  titles = File.readlines(ARGV[0]).map { |l| JSON.parse(l)["title"] }
  tokens = File.readlines(ARGV[1]).map { |l| JSON.parse(l)["mt_tokens"] }
  export = titles.each_index.filter_map do |i|
    next unless tokens[i].size == labels[i].size
    { "mask_id" => i + 1, "mask_name" => titles[i], "breakdown" => tokens[i].zip(labels[i]).map { |t, l| { t => l } } }
  end
  print JSON.generate(export)' "$work/corpus.jsonl" "$work/corpus.tokens" >"$work/export.json"
check "the export was made" grep -q '^\[{"mask_id":1,"mask_name":' "$work/export.json"

# --- a better candidate is swapped in ---------------------------------------------------
# The current model: trained on 30 titles with the token feature alone.
"$masktag" train "$src/tests/fixtures/small.jsonl" -o "$work/weak.model" --features token 2>/dev/null
cp "$work/weak.model" "$model"
inode=$(stat -c %i "$model")
retrain_run 0 "$work/export.json" "$model"
# A rename puts a new file (inode) in place; writing into the old one could be read half-written.
check "better: the new model was renamed into place, not written into the old file" test "$(stat -c %i "$model")" != "$inode"
check "better: one line on stdout" test "$(lines "$work/out")" = 1
new_md5=$(md5 "$model")
check "better: the report names both scores and MD5s" grep -qE \
  "^retrain: swapped in: candidate 0\.[0-9]{4} \(md5 $new_md5\) vs current 0\.[0-9]{4} \(md5 $(md5 "$work/weak.model")\) on [0-9]+ held-out titles \(--seed 42\), [0-9]+ tokens; $model is now the candidate$" \
  "$work/out"
check "better: the model was replaced" test "$new_md5" != "$(md5 "$work/weak.model")"
candidate_score=$(sed -n 's/^retrain: swapped in: candidate \(0\.[0-9]*\) .* vs current \(0\.[0-9]*\) .*/\1 \2/p' "$work/out")
check "better: the candidate scored higher" awk -v s="$candidate_score" 'BEGIN { split(s, a, " "); exit !(a[1] > a[2]) }'
check "better: masktag's messages went to stderr" contains "$work/err" "masktag: trained on"
no_leftovers "better"
# The same export again: the same split and training give the same model, which is not
# worse than itself: swapped in, bytes equal.
cp "$model" "$work/strong.model"
retrain_run 0 "$work/export.json" "$model"
check "deterministic: the same candidate again" test "$(md5 "$model")" = "$new_md5"
check "deterministic: an equal candidate is not worse" grep -q "^retrain: swapped in: candidate \([0-9.]*\) .* vs current \1 " "$work/out"

# --- a worse candidate is not -----------------------------------------------------------
cp "$work/strong.model" "$model"
inode=$(stat -c %i "$model")
retrain_run 3 "$work/export.json" "$model" -- --features position
check "worse: the model's bytes are unchanged" cmp -s "$model" "$work/strong.model"
check "worse: the model file is the same file" test "$(stat -c %i "$model")" = "$inode"
check "worse: the report says so with both MD5s" grep -qE \
  "^retrain: kept current: candidate 0\.[0-9]{4} \(md5 [0-9a-f]{32}\) vs current 0\.[0-9]{4} \(md5 $(md5 "$work/strong.model")\) on [0-9]+ held-out titles \(--seed 42\), [0-9]+ tokens: 0\.[0-9]{4} below it, more than --max-drop 0\.0; $model unchanged$" \
  "$work/out"
no_leftovers "worse"
# A drop within --max-drop ships.
retrain_run 0 "$work/export.json" "$model" --max-drop 1 -- --features position
check "--max-drop 1: the worse candidate ships" test "$(md5 "$model")" != "$(md5 "$work/strong.model")"
cp "$work/strong.model" "$model"

# --- held-out titles from a file, and a first model ---------------------------------------
# Reviewed titles neither model was trained on: the 50 corpus titles after the export's.
sed -n '151,200p' "$src/data/corpus.jsonl" >"$work/reviewed.jsonl"
cp "$work/weak.model" "$model"
retrain_run 0 "$work/export.json" "$model" --holdout-file "$work/reviewed.jsonl"
check "--holdout-file: scored on its titles" grep -qF "on 50 titles of $work/reviewed.jsonl" "$work/out"
rm "$model"
retrain_run 0 "$work/export.json" "$model"
check "no current model: the candidate is installed" grep -qE "^retrain: installed: no model was at $model; candidate 0\.[0-9]{4} \(md5 $(md5 "$model")\)" "$work/out"
no_leftovers "installed"

# --- errors leave the model as it was -----------------------------------------------------
cp "$work/strong.model" "$model"
retrain_run 1 "$work/missing.json" "$model"
check "a missing export is named" contains "$work/err" "the export $work/missing.json does not exist"
head -c 1000 "$work/export.json" >"$work/cut.json"
retrain_run 1 "$work/cut.json" "$model"
check "a cut export says so" contains "$work/err" "is not valid JSON"
echo '[{"mask_id": 1, "mask_name": "3M 8210", "breakdown": [{"3M": "brand"}, {"8210": "model"}]}]' >"$work/one.json"
retrain_run 1 "$work/one.json" "$model"
check "too few titles to hold some out" contains "$work/err" "export more titles or change --holdout"
MASKTAG_BIN=$work/no-masktag ruby "$retrain" "$work/export.json" "$model" >"$work/out" 2>"$work/err"
status=$?
expect_status "retrain without masktag" 1
check "a missing masktag says how to give it" contains "$work/err" "give --masktag or set MASKTAG_BIN"
retrain_run 1 "$work/export.json" "$work/no-dir/current.model"
check "a missing model directory is named" contains "$work/err" "$work/no-dir does not exist"
retrain_run 2 "$work/export.json"
check "usage is shown" contains "$work/err" "usage: retrain"
retrain_run 2 "$work/export.json" "$model" --holdout 1.5
check "after the errors: the model is untouched" cmp -s "$model" "$work/strong.model"
no_leftovers "errors"

# --- a killed run leaves the old model ------------------------------------------------------
# A masktag that stops (sleeps) in one subcommand, having written its pid to a marker, so
# the run is killed at a known step: training, or scoring with the candidate trained.
stall() {
  cat >"$work/stall-$1" <<EOF
#!/bin/sh
if [ "\$1" = "$1" ]; then echo \$\$ >"$work/marker"; exec sleep 60; fi
exec "$masktag" "\$@"
EOF
  chmod +x "$work/stall-$1"
}
# killed_run STEP SIGNAL: starts retrain with a masktag stalling in STEP, sends SIGNAL to
# retrain once the stall is reached; leaves the exit status in $status, the stalled pid
# in $stalled.
killed_run() {
  stall "$1"
  rm -f "$work/marker"
  MASKTAG_BIN=$work/stall-$1 ruby "$retrain" "$work/export.json" "$model" >"$work/out" 2>"$work/err" &
  local pid=$!
  for _ in $(seq 2400); do [ -s "$work/marker" ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done # up to 2 min: slow under the sanitizers
  stalled=$(cat "$work/marker" 2>/dev/null)
  kill "-$2" "$pid"
  wait "$pid"
  status=$?
}
for step in train eval; do
  cp "$work/strong.model" "$model"
  killed_run "$step" TERM
  expect_status "retrain killed (TERM) during $step" 143
  check "TERM during $step: the model is untouched" cmp -s "$model" "$work/strong.model"
  check "TERM during $step: says the model is unchanged" contains "$work/err" "stopped by SIGTERM; $model unchanged"
  check "TERM during $step: its masktag was stopped too" bash -c "! kill -0 $stalled 2>/dev/null"
  no_leftovers "TERM during $step"
done
killed_run eval INT
expect_status "retrain interrupted (INT) during eval" 130
check "INT: the model is untouched" cmp -s "$model" "$work/strong.model"
no_leftovers "INT"
# kill -9 cannot be trapped: the model is still whole (the only write to it is a rename).
killed_run eval KILL
expect_status "retrain killed (KILL) during eval" 137
check "KILL: the model is untouched" cmp -s "$model" "$work/strong.model"
kill "$stalled" 2>/dev/null
rm -rf "${TMPDIR:?}"/*
# A copy beside the model left by a run killed between copy and rename (a pid no longer
# running) is removed by the next run.
sh -c 'exit 0' & dead=$!; wait "$dead"
echo partial >"$work/models/.current.model.retrain-$dead"
retrain_run 0 "$work/export.json" "$model"
no_leftovers "after a killed run"

finish
