#!/usr/bin/env bash
# The command line's manners (issue 19): typos answered with the nearest name, -V and
# help, numbers refused in plain words, usage errors as status 2, `masktag info`, -q and
# -v and the warning counts, failing before the work, progress on a terminal only.
# Usage: manners_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
. "$src/tests/harness.sh"

# --- typos -----------------------------------------------------------------------------
run 2 pridict
check "a mistyped command names the nearest" test "$(cat "$work/err")" = \
  "masktag: unknown command 'pridict'; did you mean 'predict'? (commands: train, eval, predict, info, lambda, help)"
run 2 frobnicate
check "an unknown command far from any lists them without a guess" test "$(cat "$work/err")" = \
  "masktag: unknown command 'frobnicate' (commands: train, eval, predict, info, lambda, help)"
run 2 predict --formt csv
check "a mistyped option names the nearest" test "$(cat "$work/err")" = "masktag: predict: unknown option '--formt'; did you mean '--format'? (run 'masktag predict --help')"
run 2 train --outptu x.model
check "... for every command" contains "$work/err" "did you mean '--output'?"
check "usage errors write nothing on stdout" test ! -s "$work/out"

# --- version and help ------------------------------------------------------------------
run 0 -V
check "-V prints the version" grep -q "^masktag [0-9]" "$work/out"
run 0 --version
check "--version too" grep -q "^masktag [0-9]" "$work/out"
run 0 help
check "help prints the program's help" contains "$work/out" "Subcommands:"
run 0 help predict
check "help COMMAND prints the command's" contains "$work/out" "Usage: masktag predict"
run 2 help pridict
check "help with a typo suggests too" contains "$work/err" "did you mean 'predict'?"

# --- numbers ---------------------------------------------------------------------------
run 2 train "$src/tests/fixtures/small.jsonl" -o "$work/m" --c 0
check "--c 0 says so in plain words" contains "$work/err" "masktag: --c must be > 0 or auto (got 0)"
check "... never a 309-digit limit" sh -c "! grep -q '179769' '$work/err'"
run 2 eval --c -3 "$src/tests/fixtures/small.jsonl" --cv 2
check "eval's --c too" contains "$work/err" "masktag: --c must be > 0 (got -3)"
run 2 train "$src/tests/fixtures/small.jsonl" -o "$work/m" --epsilon nan
check "--epsilon nan" contains "$work/err" "masktag: --epsilon must be a finite number (got nan)"

# --- masktag info ----------------------------------------------------------------------
run 0 info
check "info names the model and its MD5" contains "$work/out" "md5 $(md5sum <"$src/models/default.model" | cut -c1-32)"
check "info lists labels and feature groups" sh -c "grep -q '^labels: brand' '$work/out' && grep -q '^feature groups: token' '$work/out'"
run 0 info --json
# The built-in model's min weight, as scripts/train_default_model.sh trains it.
default_min_weight=$("$src/scripts/train_default_model.sh" --options | sed -n '/^--min-weight$/{n;p}')
check "info --json is one JSON object with the facts" python3 - "$work/out" "$(md5sum <"$src/models/default.model" | cut -c1-32)" "$default_min_weight" \
  "$(wc -l <"$src/data/corpus.jsonl")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["md5"] == sys.argv[2] and d["format_version"] == 4 and "brand" in d["labels"], d
assert d["trained_on"]["titles"] > 0 and d["c"] > 0 and d["lexicon_entries"] > 0, d
assert d["lexicon_source"] == sys.argv[4] + " titles of corpus.jsonl and 1397 names of brands.txt", d
assert d["min_feature_count"] == 1 and d["min_weight"] == float(sys.argv[3]), d
PY
check "info names the lexicon's source and the training options" sh -c \
  "'$masktag' info | grep -qx 'lexicon: [0-9]* entries, from [0-9]* titles of corpus.jsonl and [0-9]* names of brands.txt' &&
   '$masktag' info | grep -qx 'min feature count: 1' && '$masktag' info | grep -qx 'min weight: $default_min_weight'"
run 0 eval --info --json
check "eval --info --json prints JSON too" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/out"
masktag_train_small() { "$masktag" train "$src/tests/fixtures/small.jsonl" -o "$work/small.model" --lexicon none 2>/dev/null; }
masktag_train_small
run 0 info -m "$work/small.model"
check "info -m names the file" grep -q "^model: $work/small.model$" "$work/out"
check "... and the MD5 of its bytes" contains "$work/out" "md5 $(md5sum <"$work/small.model" | cut -c1-32)"
check "... and a lexicon of none" grep -qx "lexicon: 0 entries, from none" "$work/out"
"$masktag" train "$src/tests/fixtures/small.jsonl" -o "$work/mfc.model" --min-feature-count 2 --lexicon "$src/tests/fixtures/small.jsonl" 2>/dev/null
run 0 info -m "$work/mfc.model"
check "info gives the model's own min feature count and lexicon source, by file name" sh -c \
  "grep -qx 'min feature count: 2' '$work/out' && grep -qx 'lexicon: [0-9]* entries, from 30 titles of small.jsonl' '$work/out'"
(cd "$src/tests" && "$masktag" train fixtures/small.jsonl -o "$work/here.model" --min-feature-count 2 --lexicon ./fixtures/small.jsonl 2>/dev/null)
check "... so the same files give the same model from any path" cmp "$work/mfc.model" "$work/here.model"
run 0 info -m "$src/tests/fixtures/format2.model"
check "an older model says what it did not record" sh -c \
  "grep -qx 'format version: 2' '$work/out' && grep -qx 'min feature count: (not recorded)' '$work/out'"

# --- -q, -v and counted warnings -------------------------------------------------------
for i in $(seq 1 25); do printf 'bad \xff %s\n' "$i"; done >"$work/bad.txt"
printf 'Honeywell H910\n' >>"$work/bad.txt"
run 4 predict "$work/bad.txt"
check "the first 10 record warnings are shown" test "$(grep -c 'not valid UTF-8 (byte 5) (' "$work/err")" = 10
check "the rest are counted by kind" contains "$work/err" "masktag: warning:   15 x the title is not valid UTF-8 (byte #)"
check "every record is still written" test "$(lines "$work/out")" = 26
run 4 predict -v "$work/bad.txt"
check "-v shows every one" test "$(grep -c 'not valid UTF-8 (byte 5) (' "$work/err")" = 25
run 4 predict -q "$work/bad.txt"
check "-q prints nothing (the status says it)" test ! -s "$work/err"
run 4 -q predict "$work/bad.txt"
check "-q before the command too" test ! -s "$work/err"
run 1 -q predict "$work/nonexistent.txt"
check "-q still prints errors" contains "$work/err" "nonexistent.txt"
run 0 -q train "$src/tests/fixtures/small.jsonl" -o "$work/q.model" --lexicon none
check "-q train is silent" test ! -s "$work/err"

# --- fail before the work --------------------------------------------------------------
# The data never ends (a FIFO nobody writes): only a check before reading can end the run.
mkfifo "$work/never"
timeout 10 "$masktag" train "$work/never" -o "$work/no-such-dir/x.model" >"$work/out" 2>"$work/err"
status=$?
check "train -o into a missing directory fails at once" test "$status" = 1
check "... naming the output" contains "$work/err" "no-such-dir/x.model"

# --- progress on a terminal only -------------------------------------------------------
# MASKTAG_PROGRESS_DELAY=0 shows progress from the start, so that quick runs show it here.
on_tty() {  # on_tty COMMAND...: what the command writes on a (fake) terminal
  script -qec "$*" /dev/null 2>&1
}
if command -v script >/dev/null; then
  cv="'$masktag' eval --cv 2 --lexicon none '$src/tests/fixtures/small.jsonl'"
  on_tty "MASKTAG_PROGRESS_DELAY=0 $cv" >"$work/tty"
  check "eval --cv shows fold i of k on a terminal" grep -q "masktag: fold 2 of 2 done, .* s elapsed" "$work/tty"
  MASKTAG_PROGRESS_DELAY=0 "$masktag" eval --cv 2 --lexicon none "$src/tests/fixtures/small.jsonl" >"$work/out" 2>"$work/err"
  check "... and not in a pipe" sh -c "! grep -q 'fold 2 of 2 done' '$work/err' '$work/out'"
  on_tty "MASKTAG_PROGRESS_DELAY=0 '$masktag' -q eval --cv 2 --lexicon none '$src/tests/fixtures/small.jsonl'" >"$work/tty"
  check "... nor with -q" sh -c "! grep -q 'fold 2 of 2 done' '$work/tty'"
  on_tty "MASKTAG_PROGRESS_DELAY=30 $cv" >"$work/tty"
  check "... nor for a run of less than the delay (here 30 s: a sanitizer build may take over the default 1 s)" sh -c "! grep -q 'fold 2 of 2 done' '$work/tty'"
  train="'$masktag' train --lexicon none '$src/tests/fixtures/small.jsonl' -o '$work/tty.model'"
  on_tty "MASKTAG_PROGRESS_DELAY=0 $train" >"$work/tty"
  check "train shows solver iterations and the gap on a terminal" \
    grep -q "masktag: train: solver iteration [0-9]*, risk gap [0-9.]* (stops below 0.01), .* s elapsed" "$work/tty"
  check "... and the temperature's fit" grep -q "masktag: train: fitting the confidences' temperature on 3 fold models" "$work/tty"
  MASKTAG_PROGRESS_DELAY=0 "$masktag" train --lexicon none "$src/tests/fixtures/small.jsonl" -o "$work/pipe.model" 2>"$work/err"
  check "... and not in a pipe" sh -c "! grep -q 'risk gap' '$work/err'"
  check "... and the model is the same either way" cmp "$work/tty.model" "$work/pipe.model"
  on_tty "MASKTAG_PROGRESS_DELAY=0 '$masktag' train --c auto --lexicon none '$src/tests/fixtures/small.jsonl' -o '$work/auto.model'" >"$work/tty"
  check "train --c auto shows the grid point i of n on a terminal" \
    grep -q "masktag: tuning: grid point 10 of 10 (C 100, epsilon 0.01), fold 3 of 3 done" "$work/tty"
  on_tty "MASKTAG_PROGRESS_DELAY=soon $cv" >"$work/tty"
  check "a delay that is not a number is named in a warning" grep -q "MASKTAG_PROGRESS_DELAY=soon is not a number of seconds" "$work/tty"
  # predict: records, rate, bytes read.
  yes "3M Aura 9205+ N95 Respirator Medium/Large" | head -n 100000 >"$work/many.txt"
  on_tty "MASKTAG_PROGRESS_DELAY=0 '$masktag' predict '$work/many.txt' -o '$work/many.jsonl'" >"$work/tty"
  check "predict shows progress on a terminal" grep -q "masktag: predict: [0-9]* records, [0-9]* a second, .* MB read" "$work/tty"
  MASKTAG_PROGRESS_DELAY=0 "$masktag" predict "$work/many.txt" -o "$work/many.jsonl" 2>"$work/err"
  check "... and not in a pipe" test ! -s "$work/err"
  check "... and the output is whole" test "$(lines "$work/many.jsonl")" = 100000
else
  fail "script (util-linux) is not installed"
fi
finish
