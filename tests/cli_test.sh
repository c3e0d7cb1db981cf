#!/usr/bin/env bash
# End-to-end tests of the masktag binary: every subcommand, exit codes, messages on
# stderr, results on stdout, pipes and files. Usage: cli_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
fixtures=$src/tests/fixtures
. "$src/tests/harness.sh"

# --- help, version, usage errors -------------------------------------------------------
run 0 --help
check "help shows examples" contains "$work/out" "Examples:"
for cmd in train eval predict; do
  run 0 $cmd --help
  check "$cmd --help explains options" contains "$work/out" "Example"
done
run 0 --version
check "version" grep -q "^masktag [0-9]" "$work/out"
check "version names the default model's checksum" contains "$work/out" "md5 $(md5sum <"$src/models/default.model" | cut -c1-32)"
check "version names the default model's training titles" grep -q "trained on [0-9]* titles" "$work/out"
run 2
check "no subcommand says so on stderr" grep -q "^masktag: " "$work/err"
check "usage errors print nothing on stdout" test ! -s "$work/out"
run 2 predict --bogus -m x
run 2 train "$fixtures/small.jsonl"          # no -o
check "missing -o is named" contains "$work/err" "--output"
run 2 train "$fixtures/small.jsonl" -o "$work/m" --c 0
run 2 train "$fixtures/small.jsonl" -o "$work/m" --features token,bogus
check "bad feature group is named" contains "$work/err" "bogus"
run 2 predict -m x --format xml

# --- train ---------------------------------------------------------------------------
run 0 train "$fixtures/small.jsonl" -o "$work/a.model"
check "train writes the model" test -s "$work/a.model"
check "train prints nothing on stdout" test ! -s "$work/out"
check "train reports what it read" contains "$work/err" "read 30 labeled titles, skipped 0"
run 0 train "$fixtures/small.jsonl" -o "$work/b.model" --threads 2
check "training is deterministic across runs and thread counts" cmp -s "$work/a.model" "$work/b.model"
"$masktag" train -o "$work/c.model" <"$fixtures/small.jsonl" 2>/dev/null
check "train reads stdin" cmp -s "$work/a.model" "$work/c.model"
"$masktag" train - -o "$work/c.model" <"$fixtures/small.jsonl" 2>/dev/null
check "train reads '-' as stdin" cmp -s "$work/a.model" "$work/c.model"
{ cat "$fixtures/small.jsonl"; echo '{"title": "Envo Small", "labels": ["brand"]}'; echo 'oops'; } >"$work/bad.jsonl"
run 0 train "$work/bad.jsonl" -o "$work/d.model" --on-error skip
check "skipped records are warned about with file and line" contains "$work/err" "bad.jsonl:31)"
check "skip warning shows both token lists" contains "$work/err" '["Envo", "Small"]'
check "train counts skipped records" contains "$work/err" "read 30 labeled titles, skipped 2"
run 1 train "$work/bad.jsonl" -o "$work/e.model" --strict
check "--strict refuses skipped records" test ! -e "$work/e.model"
run 1 train "$work/nonexistent.jsonl" -o "$work/e.model"
check "a missing input is named" contains "$work/err" "nonexistent.jsonl"
check "errors have the masktag: prefix" grep -q "^masktag: cannot open input" "$work/err"
run 1 train "$work/nonexistent-dir/x.jsonl" "$fixtures/small.jsonl" -o "$work/e.model"
: >"$work/empty.jsonl"
run 1 train "$work/empty.jsonl" -o "$work/e.model"
check "no titles is an error" contains "$work/err" "no usable labeled titles"
run 1 train "$fixtures/small.jsonl" -o "$work/no-such-dir/x.model"
check "unwritable model path is named" contains "$work/err" "no-such-dir/x.model"
printf 'just some words\n' >"$work/words"
run 1 train "$work/words" -o "$work/e.model"
check "undetectable format says so" contains "$work/err" "cannot detect the format"

# the lexicon: built from labeled titles, kept in the model; the default is the built-in model's
run 0 eval --info -m "$work/a.model"
check "by default the model keeps the built-in lexicon" \
  test "$(grep '^lexicon:' "$work/out")" = "$("$masktag" eval --info | sed -n "s/^\(lexicon: [0-9]* entries, from \)\(.*\)/\1the built-in model's (\2)/p")"
check "--info names the format version" grep -q "^format version: 4$" "$work/out"
run 0 train "$fixtures/small.jsonl" -o "$work/lex.model" --lexicon "$fixtures/small.jsonl"
check "--lexicon reports what it built" grep -q "^masktag: lexicon of [0-9]* entries from 30 titles of .*small.jsonl$" "$work/err"
run 0 eval --info -m "$work/lex.model"
check "--lexicon's lexicon is the model's" test "$(grep '^lexicon:' "$work/out")" != "$("$masktag" eval --info | grep '^lexicon:')"
run 0 train "$fixtures/small.jsonl" -o "$work/nolex.model" --lexicon none
run 0 eval --info -m "$work/nolex.model"
check "--lexicon none keeps no lexicon" grep -q "^lexicon: 0 entries, from none$" "$work/out"
run 0 train "$fixtures/small.jsonl" -o "$work/nogroup.model" --features token,flags
run 0 eval --info -m "$work/nogroup.model"
check "a model without the lexicon group keeps no lexicon" grep -q "^lexicon: not used (no lexicon feature group)$" "$work/out"
run 1 train "$fixtures/small.jsonl" -o "$work/x.model" --lexicon "$work/nonexistent.jsonl"
check "a missing lexicon file is named" contains "$work/err" "nonexistent.jsonl"
check "no model is written without its lexicon" test ! -e "$work/x.model"
# A model of format 2 (trained by masktag before format 3) predicts exactly as it did then.
# (Its titles alone: predict now keeps the input's own "labels" and names its own apart.)
perl -ne 'print "$1}\n" if /^(\{"title": "[^"]*")/' "$fixtures/small.jsonl" >"$work/small-titles.jsonl"
run 0 predict -m "$fixtures/format2.model" --details "$work/small-titles.jsonl"
check "a format 2 model predicts as before" cmp -s "$work/out" "$fixtures/format2.expected.jsonl"
run 0 eval --info -m "$fixtures/format2.model"
check "--info names format 2" grep -q "^format version: 2$" "$work/out"

# tuning and holdout
run 0 train "$fixtures/small.jsonl" -o "$work/auto.model" --c auto --tune-folds 2
check "--c auto prints the grid" grep -q "^     100     0.01  0\.[0-9]\{4\}$" "$work/err"
check "--c auto says what it chose" grep -q "^masktag: chose C [0-9]* and epsilon 0\.[0-9]*" "$work/err"
chosen=$(sed -n 's/^masktag: chose C \([0-9]*\) and epsilon \([0-9.]*\).*/C: \1|epsilon: \2/p' "$work/err")
run 0 eval --info -m "$work/auto.model"
check "the chosen C is stored in the model" grep -q "^${chosen%%|*}$" "$work/out"
check "the chosen epsilon is stored in the model" grep -q "^${chosen##*|}$" "$work/out"
run 2 train "$fixtures/small.jsonl" -o "$work/x.model" --c lots
run 0 train "$fixtures/small.jsonl" -o "$work/held.model" --holdout 0.2 --seed 3
check "--holdout reports the held-out titles on stdout" grep -q "^held-out evaluation: 6 of 30 titles (seed 3)$" "$work/out"
check "--holdout report has the scores" grep -q "^token accuracy  " "$work/out"
cp "$work/out" "$work/held1"
run 0 train "$fixtures/small.jsonl" -o "$work/held2.model" --holdout 0.2 --seed 3
check "--holdout is deterministic for a seed" cmp -s "$work/held.model" "$work/held2.model"
check "--holdout reports the same for a seed" cmp -s "$work/out" "$work/held1"
run 0 train "$fixtures/small.jsonl" -o "$work/refit.model" --holdout 0.2 --seed 3 --refit
check "--refit saves the model trained on everything" cmp -s "$work/refit.model" "$work/a.model"
check "--refit differs from the holdout model" test -n "$(cmp "$work/refit.model" "$work/held.model" 2>&1)"
run 1 train "$fixtures/small.jsonl" -o "$work/x.model" --holdout 0.001

# --- eval ----------------------------------------------------------------------------
run 0 eval -m "$work/a.model" "$fixtures/small.jsonl"
check "eval prints token accuracy" grep -q "^token accuracy  [01]\.[0-9]\{4\}  ([0-9]* of 148 tokens)" "$work/out"
check "eval prints per-label rows" grep -q "^filter_type " "$work/out"
run 0 eval -m "$work/a.model" --json "$fixtures/small.jsonl"
check "eval --json is one JSON object" grep -q '^{"model":"[^"]*a.model","md5":"[0-9a-f]\{32\}","titles":30,.*"token_accuracy":[01]\.[0-9]*,"expected_calibration_error":0\.[0-9]*,"labels":{"brand":{' "$work/out"
check "eval --json is one line" test "$(lines "$work/out")" = 1
run 1 eval -m "$work/nonexistent.model" "$fixtures/small.jsonl"
check "a missing model is named" contains "$work/err" "cannot open model file"
head -c 100 "$work/a.model" >"$work/truncated.model"
run 1 eval -m "$work/truncated.model" "$fixtures/small.jsonl"
check "a truncated model is reported" contains "$work/err" "truncated model file"
run 1 eval -m "$fixtures/small.jsonl" "$fixtures/small.jsonl"
check "a foreign file is not a model" contains "$work/err" "not a masktag model file"

echo '{"folds": [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]}' >"$work/folds.json"
# gates, baseline, worst titles
run 3 eval "$fixtures/small.jsonl" --min-accuracy 0.999
check "below --min-accuracy exits 3 and says why" contains "$work/err" "is below --min-accuracy 0.999"
run 0 eval -m "$work/a.model" "$fixtures/small.jsonl" --min-accuracy 0.5
run 0 eval "$fixtures/small.jsonl" --baseline --errors 2
check "--baseline scores the rules beside the model" contains "$work/out" "baseline (rules)"
check "--errors lists the worst titles" grep -q "^worst titles (2 shown)" "$work/out"
run 0 eval "$fixtures/small.jsonl" --baseline --errors 1 --json
check "--json carries baseline and errors" grep -q '"baseline":{"titles":30,.*"errors":\[{"title":' "$work/out"
run 3 eval --cv 3 "$fixtures/small.jsonl" --min-accuracy 0.999
run 1 eval --cv 4 --folds "$work/folds.json" "$fixtures/small.jsonl"

# cross-validation
run 0 eval --cv 3 --seed 5 "$fixtures/small.jsonl"
check "eval --cv prints each fold" grep -q "^fold 2  token accuracy" "$work/out"
check "eval --cv prints the pooled report" contains "$work/out" "pooled over all folds"
cp "$work/out" "$work/cv1"
run 0 eval --cv 3 --seed 5 --threads 2 "$fixtures/small.jsonl"
check "eval --cv is deterministic for a seed, whatever the threads" cmp -s "$work/out" "$work/cv1"
run 0 eval --cv 3 --seed 5 --json "$fixtures/small.jsonl"
check "eval --cv --json" grep -q '^{"folds":\[{"titles":' "$work/out"
# --lexicon FILE with FILE the data itself: each test fold's lexicon leaves its titles out.
# Titles of two words seen nowhere else, brand and model in random order: only a lexicon
# that knows the title can tell them apart, so a fair score is near a coin toss.
perl -e 'srand 7; sub w { join "", map { ("a".."z")[rand 26] } 1..6 }
  for (1..60) { my ($x, $y) = (w(), w()); my @l = rand() < 0.5 ? qw(brand model) : qw(model brand);
    print qq({"title": "$x $y", "labels": ["$l[0]", "$l[1]"]}\n) }' >"$work/unguessable.jsonl"
run 0 eval --cv 5 --json --threads 2 --lexicon "$work/unguessable.jsonl" "$work/unguessable.jsonl"
check "eval --cv --lexicon DATA: the test folds' titles are not in their lexicon" \
  perl -ne 'exit(/"pooled":\{[^}]*"tokens":(\d+),"tokens_correct":(\d+)/ && $2 / $1 < 0.7 ? 0 : 1)' "$work/out"
run 0 train --holdout 0.3 --lexicon "$work/unguessable.jsonl" "$work/unguessable.jsonl" -o "$work/unguessable.model"
check "train --holdout --lexicon DATA: the held-out titles are not in the lexicon" \
  perl -ne '$ok = 1 if /^token accuracy  (\S+)/ && $1 < 0.7; END { exit !$ok }' "$work/out"
run 0 eval --folds "$work/folds.json" "$fixtures/small.jsonl"
check "eval --folds says what it skipped" contains "$work/out" "20 records are in no fold"
echo '{"folds": [[0], [77]]}' >"$work/badfolds.json"
run 1 eval --folds "$work/badfolds.json" "$fixtures/small.jsonl"
check "a bad folds file is named" contains "$work/err" "badfolds.json"
run 2 eval --cv 3 -m "$work/a.model" "$fixtures/small.jsonl"
run 2 eval --cv 1 "$fixtures/small.jsonl"
run 1 eval --cv 40 "$fixtures/small.jsonl"
check "more folds than titles is refused" contains "$work/err" "needs at least 40 titles"

# --- eval: two models on the same titles (-m A -m B, --against, --max-drop) -------------
# Single-model eval is byte for byte what it was before eval compared models (the
# fixtures were recorded then), but for the model it names first (issue 19).
md5_format2=$(md5sum <"$fixtures/format2.model" | cut -c1-32)
run 0 eval -m "$fixtures/format2.model" "$fixtures/small.jsonl" --baseline
check "single-model eval names the model and its MD5 first" \
  test "$(head -1 "$work/out")" = "model: $fixtures/format2.model (md5 $md5_format2)"
check "... and the rest is unchanged" sh -c "tail -n +2 '$work/out' | cmp -s - '$fixtures/format2.eval.txt'"
run 0 eval -m "$fixtures/format2.model" "$fixtures/small.jsonl" --json --baseline --errors 2
check "single-model eval JSON names the model and its MD5 first" \
  grep -qF "{\"model\":\"$fixtures/format2.model\",\"md5\":\"$md5_format2\",\"titles\":" "$work/out"
check "... and the rest is unchanged" sh -c \
  "sed -E 's/^\\{\"model\":\"[^\"]*\",\"md5\":\"[0-9a-f]{32}\",/{/' '$work/out' | cmp -s - '$fixtures/format2.eval.json'"
head -n 200 "$src/data/corpus.jsonl" >"$work/c200.jsonl"
"$masktag" train "$fixtures/small.jsonl" -o "$work/weak.model" --features token 2>/dev/null
md5_a=$(md5sum <"$work/a.model" | cut -c1-32)
md5_weak=$(md5sum <"$work/weak.model" | cut -c1-32)
# The token accuracy line of a one-model eval, and the correct-token count.
single() { "$masktag" eval -m "$1" "$work/c200.jsonl" 2>/dev/null | sed -n 's/^token accuracy  \([0-9.]*\)  (\([0-9]*\) of.*/\1 \2/p'; }
read -r acc_a correct_a <<<"$(single "$work/a.model")"
read -r acc_weak correct_weak <<<"$(single "$work/weak.model")"
check "the weak model is weaker on these titles" test "$correct_weak" -lt "$correct_a"
run 0 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl"
check "two models: A named by path and MD5" grep -qxF "model A: $work/a.model (md5 $md5_a)" "$work/out"
check "two models: B named by path and MD5" grep -qxF "model B: $work/weak.model (md5 $md5_weak)" "$work/out"
check "two models: scored on the same titles" grep -qxF "scored on the same 200 titles (1385 tokens); A - B is the difference" "$work/out"
check "two models: token accuracy side by side with the difference" \
  grep -qE "^token accuracy +$acc_a +$acc_weak +\+0\.[0-9]{4}$" "$work/out"
check "two models: the correct-token counts and their difference" \
  grep -qE "^  tokens correct +$correct_a +$correct_weak +\+$((correct_a - correct_weak))$" "$work/out"
check "two models: title accuracy, calibration, components and each label" \
  bash -c 'grep -q "^title accuracy " "$1" && grep -q "^calibration error " "$1" && grep -q "^components F1 " "$1" && grep -q "^  brand " "$1"' _ "$work/out"
check "two models: the first -m is A though -m takes one file each" test "$(lines "$work/err")" = 1
run 0 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl" --json
check "two models --json is one line" test "$(lines "$work/out")" = 1
check "two models --json names both" \
  grep -qF "\"models\":[{\"model\":\"$work/a.model\",\"md5\":\"$md5_a\",\"report\":{" "$work/out"
check "two models --json names the second" grep -qF "{\"model\":\"$work/weak.model\",\"md5\":\"$md5_weak\",\"report\":{" "$work/out"
check "two models --json: the difference, in counts too" \
  grep -qE "\"difference\":\{\"token_accuracy\":0\.[0-9]{6},\"tokens_correct\":$((correct_a - correct_weak)),\"title_accuracy\":" "$work/out"
single_json=$("$masktag" eval -m "$work/a.model" "$work/c200.jsonl" --json 2>/dev/null |
  sed -E 's/^\{"model":"[^"]*","md5":"[0-9a-f]{32}",/{/')
check "two models --json: each report is the one-model report" grep -qF "\"report\":$single_json}" "$work/out"
run 0 eval -m "$work/weak.model" --against "$work/a.model" "$work/c200.jsonl"
cp "$work/out" "$work/against.out"
run 0 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl"
check "--against B is -m B" cmp -s "$work/out" "$work/against.out"
check "A worse than B: a negative difference" grep -qE "^token accuracy +$acc_weak +$acc_a +-0\.[0-9]{4}$" "$work/out"
run 0 eval --against "$work/weak.model" "$work/c200.jsonl"
check "--against alone compares the built-in model" \
  grep -qxF "model A: <default model> (md5 $(md5sum <"$src/models/default.model" | cut -c1-32))" "$work/out"
# --max-drop: status 3 only when A is below B by more than X.
run 0 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl" --max-drop 0
run 0 eval -m "$work/a.model" -m "$work/a.model" "$work/c200.jsonl" --max-drop 0
check "a model is not worse than itself" grep -qE "^token accuracy +$acc_a +$acc_a +\+0\.0000$" "$work/out"
run 3 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl" --max-drop 0
check "--max-drop: the report is still printed" grep -q "^model A: " "$work/out"
check "--max-drop: stderr names both models and the drop" \
  grep -qF "masktag: model A ($work/weak.model) has token accuracy $acc_weak" "$work/err"
check "--max-drop: stderr names the limit" contains "$work/err" "more than --max-drop 0"
run 3 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl" --max-drop 0 --json
check "--max-drop --json: the report is still printed" grep -q '^{"titles":200,' "$work/out"
# The drop exactly at the limit passes; a hair under it fails.
drop=$(awk -v a="$correct_a" -v b="$correct_weak" 'BEGIN { printf "%.17g", (a - b) / 1385 }')
under=$(awk -v a="$correct_a" -v b="$correct_weak" 'BEGIN { printf "%.17g", (a - b) / 1385 - 1e-9 }')
run 0 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl" --max-drop "$drop"
run 3 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl" --max-drop "$under"
run 0 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl" --max-drop 1
run 3 eval -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl" --min-accuracy 0.99
check "--min-accuracy with two models holds the first" contains "$work/err" "below --min-accuracy 0.99"
run 1 eval -m "$work/a.model" -m "$work/nonexistent.model" "$work/c200.jsonl"
check "a missing second model is named" contains "$work/err" "nonexistent.model"
run 2 eval -m "$work/a.model" -m "$work/weak.model" -m "$work/a.model" "$work/c200.jsonl"
check "three models are refused" contains "$work/err" "at most two models"
run 2 eval -m "$work/a.model" -m "$work/weak.model" --against "$work/a.model" "$work/c200.jsonl"
run 2 eval -m "$work/a.model" "$work/c200.jsonl" --max-drop 0
check "--max-drop with one model says to give two" contains "$work/err" "give -m twice"
run 2 eval -m "$work/a.model" -m "$work/weak.model" --info
run 2 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl" --baseline
run 2 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl" --errors 3
run 2 eval --cv 3 --against "$work/a.model" "$work/c200.jsonl"
run 2 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl" --max-drop nan
run 2 eval -m "$work/a.model" -m "$work/weak.model" "$work/c200.jsonl" --max-drop 1.5

# --- predict -------------------------------------------------------------------------
printf '3M Aura 9205+ N95\nMoldex 2200 N95 Small\n\nPowecom KN95 Face Mask White\n' >"$work/titles.txt"
run 0 predict -m "$work/a.model" "$work/titles.txt"
check "one output line per input line, empty ones too" test "$(lines "$work/out")" = 4
check "predict output shape" grep -q '^{"title":"3M Aura 9205+ N95","tokens":\["3M","Aura","9205+","N95"\],"labels":\[' "$work/out"
check "empty title gives an empty record" grep -q '^{"title":"","tokens":\[\],"labels":\[\],"components":{},"confidence":1.0000}$' "$work/out"
"$masktag" predict -m "$work/a.model" <"$work/titles.txt" >"$work/stdin.out"
check "predict reads stdin" cmp -s "$work/out" "$work/stdin.out"
run 0 predict -m "$work/a.model" "$work/titles.txt" -o "$work/pred.jsonl"
check "-o writes the same output to a file" cmp -s "$work/pred.jsonl" "$work/stdin.out"
check "-o leaves stdout empty" test ! -s "$work/out"
# Outputs that are not regular files are written directly: a rename would replace them.
if [ -c /dev/full ]; then
  run 1 predict -m "$work/a.model" "$work/titles.txt" -o /dev/full
  check "-o /dev/full is a write error" contains "$work/err" "No space left on device"
  check "-o /dev/full leaves the device a device" test -c /dev/full
  run 1 train "$fixtures/small.jsonl" -o /dev/full
  check "train -o /dev/full is a write error" contains "$work/err" "/dev/full"
  check "train -o /dev/full leaves the device a device" test -c /dev/full
  "$masktag" predict -m "$work/a.model" "$work/titles.txt" >/dev/full 2>"$work/err"
  check "stdout on /dev/full is a write error" test $? = 1
fi
"$masktag" predict -m "$work/a.model" "$work/titles.txt" -o /dev/stdout >"$work/devstdout" 2>/dev/null
check "-o /dev/stdout writes to stdout" cmp -s "$work/devstdout" "$work/stdin.out"
echo "earlier line" >"$work/appended"
"$masktag" predict -m "$work/a.model" "$work/titles.txt" -o /dev/stdout >>"$work/appended" 2>/dev/null
check "-o /dev/stdout appends where stdout appends" test "$(head -n 1 "$work/appended")" = "earlier line"
check "-o /dev/stdout appended every record" test "$(lines "$work/appended")" = 5
echo old >"$work/real.jsonl"
ln -s real.jsonl "$work/link.jsonl"
run 0 predict -m "$work/a.model" "$work/titles.txt" -o "$work/link.jsonl"
check "-o through a symbolic link keeps the link" test -L "$work/link.jsonl"
check "-o through a symbolic link replaces its file" cmp -s "$work/real.jsonl" "$work/stdin.out"
mkdir -p "$work/adir"
run 1 predict -m "$work/a.model" "$work/titles.txt" -o "$work/adir"
check "-o a directory says so" contains "$work/err" "is a directory"
run 0 predict -m "$work/a.model" "$work/titles.txt" "$work/titles.txt"
check "several inputs are read in order" test "$(lines "$work/out")" = 8
printf '{"id":1,"title":"Envo Mask Small","price":1.10}\n{"id":2}\n{"id":3,"title":"Flo Mask"}\n' >"$work/in.jsonl"
run 4 predict -m "$work/a.model" "$work/in.jsonl"
check "JSON records keep their fields and order" grep -q '^{"id":1,"title":"Envo Mask Small","price":1.10,"tokens":' "$work/out"
check "a bad record still gets its output line" test "$(lines "$work/out")" = 3
check "a bad record's line carries the error" grep -q '^{"id":2,"error":"no \\"title\\", \\"mask_name\\" or \\"name\\" member: name the title.s member with --field"}$' "$work/out"
check "the bad record is named on stderr" contains "$work/err" "in.jsonl:2"
printf '{"name":"Envo Mask Small"}\n' >"$work/named.jsonl"
run 0 predict -m "$work/a.model" --field name "$work/named.jsonl"
check "--field picks the title field" grep -q '"tokens":\["Envo","Mask","Small"\]' "$work/out"
run 0 predict -m "$work/a.model" --format text "$work/named.jsonl"
check "--format text treats JSON as plain text" grep -q '^{"title":"{\\"name\\"' "$work/out"
run 0 predict -m "$work/a.model" </dev/null
check "empty input gives empty output" test ! -s "$work/out"
run 1 predict -m "$work/a.model" "$work/nonexistent.txt"
echo "3M Aura 9205+ N95" | "$masktag" predict >"$work/out" 2>"$work/err"
check "predict without -m uses the built-in model" grep -q '"components":{"brand":"3M","model":"Aura 9205+","filter_type":"N95"}' "$work/out"
run 0 eval "$fixtures/small.jsonl"
check "eval without -m uses the built-in model" grep -q "^token accuracy" "$work/out"

# --- formats (issue: every input and output format users bring) ----------------------
printf 'id,name,price\n1,"3M Aura 9205+, N95",1.10\n2,"Envo ""Pro"" Mask
Small",2\n' >"$work/table.csv"
run 0 predict "$work/table.csv"
check "CSV input is detected from its header" test "$(lines "$work/out")" = 2
check "CSV columns become JSON members" grep -q '^{"id":"1","name":"3M Aura 9205+, N95","price":"1.10","tokens":\["3M","Aura","9205+","N95"\]' "$work/out"
check "a quoted newline stays in the title" grep -q '"name":"Envo \\"Pro\\" Mask\\nSmall"' "$work/out"
run 0 predict "$work/table.csv" --output-format csv
check "CSV output header: input columns, labels, confidence, error" grep -q '^id,name,price,brand,color,filter_type,misc,model,size,strap,style,valved,confidence,error$' "$work/out"
check "CSV output keeps quoted fields quoted" grep -q '^1,"3M Aura 9205+, N95",1.10,3M,,N95,,Aura 9205+,,,,,0\.[0-9]\{4\},$' "$work/out"
run 0 predict "$work/table.csv" --output-format tsv
check "TSV output" grep -q "^id	name	price	brand" "$work/out"
printf 'sku;title\nA1;Envo Mask Small\n' >"$work/semi.txt"
run 0 predict --format csv --delimiter ';' "$work/semi.txt"
check "--delimiter ';'" grep -q '^{"sku":"A1","title":"Envo Mask Small","tokens":' "$work/out"
run 0 predict --format csv --delimiter ';' --column sku "$work/semi.txt"
check "--column picks the title column" grep -q '"tokens":\["A1"\]' "$work/out"
run 1 predict --format csv --delimiter ';' --column nope "$work/semi.txt"
check "a missing --column is named with the columns there are" contains "$work/err" "no column 'nope' in the CSV header (columns: sku, title)"
echo "3M Aura 9205+ N95" | "$masktag" predict --output-format breathesafe >"$work/out" 2>"$work/err"
check "breathesafe output is the reference predictor's shape, every label a key" \
  grep -q '^{"mask_name":"3M Aura 9205+ N95","tokens":\["3M","Aura","9205+","N95"\],"breakdown":\[{"3M":"brand"},{"Aura":"model"},{"9205+":"model"},{"N95":"filter_type"}\],"components":{"brand":\["3M"\],"color":\[\],"filter_type":\["N95"\],"misc":\[\],"model":\["Aura","9205+"\],"size":\[\],"strap":\[\],"style":\[\],"valved":\[\]},"confidence":0\.[0-9]\{4\}}$' "$work/out"
printf '3M Aura 9205+ N95\n\n' | "$masktag" predict --output-format conll >"$work/out" 2>"$work/err"
check "CoNLL output: token, tab, label; a blank line per title" test "$(cat "$work/out" | tr '\n' '|')" = "3M	brand|Aura	model|9205+	model|N95	filter_type|||"

# --- bad input: exact messages, every record kept --------------------------------------
printf '{"title":"Envo Small"}\n{"title":\n{"id":3}\n{"title":7}\n{"title":"bad \xff"}\n' >"$work/bad.jsonl"
run 4 predict "$work/bad.jsonl"
check "bad JSON lines: one output record each" test "$(lines "$work/out")" = 5
check "invalid JSON message" contains "$work/err" "masktag: warning: malformed JSON at column 10: unexpected end of input, expected a value ($work/bad.jsonl:2)"
check "missing title message" contains "$work/err" "masktag: warning: no \"title\", \"mask_name\" or \"name\" member: name the title's member with --field ($work/bad.jsonl:3)"
check "non-string title message" contains "$work/err" "masktag: warning: the \"title\" member is not a JSON string (or has a lone \\u surrogate) ($work/bad.jsonl:4)"
check "invalid UTF-8 message" contains "$work/err" "masktag: warning: the title is not valid UTF-8 (byte 5) ($work/bad.jsonl:5)"
check "error count" contains "$work/err" "masktag: 4 records could not be labeled"
run 1 predict --on-error fail "$work/bad.jsonl"
check "--on-error fail stops at the first bad record" test "$(lines "$work/out")" = 1
check "--on-error fail names it" contains "$work/err" "masktag: malformed JSON at column 10: unexpected end of input, expected a value ($work/bad.jsonl:2)"
printf 'title,size\nEnvo,S\n"Flo,M\n' >"$work/unterminated.csv"
run 4 predict "$work/unterminated.csv" --output-format csv
check "rows before an unterminated quote are labeled" grep -q '^Envo,S,Envo,' "$work/out"
check "unterminated quote: one error row" test "$(grep -c 'unterminated quoted field' "$work/out")" = 1
check "unterminated quote message" contains "$work/err" "masktag: warning: unterminated quoted field starting at line 3, column 1 ($work/unterminated.csv:3:1)"
printf 'title,size\nEnvo,S,extra\nFlo\nMoldex,M\n' >"$work/ragged.csv"
run 4 predict "$work/ragged.csv" --output-format csv
check "ragged rows: one row out per row in" test "$(lines "$work/out")" = 4
check "too many fields message" contains "$work/err" "masktag: warning: the row has 3 fields, the header has 2 ($work/ragged.csv:2)"
check "too few fields message" contains "$work/err" "masktag: warning: the row has 1 fields, the header has 2 ($work/ragged.csv:3)"
check "the error column carries the message" grep -q '^Flo,,,,,,,,,,,,"the row has 1 fields, the header has 2; the record as read: Flo"$' "$work/out"
echo "3M Aura 9205+ N95" | "$masktag" predict --details >"$work/out" 2>"$work/err"
check "--details adds marginals and the labeling's probability" grep -q '"confidence":[01]\.[0-9]\{4\},"marginals":\[[01]\.[0-9]\{4\},[01]\.[0-9]\{4\},[01]\.[0-9]\{4\},[01]\.[0-9]\{4\}\],"probability":[01]\.[0-9]\{4\}}$' "$work/out"
{ echo "Envo Small"; head -c 1100000 /dev/zero | tr '\0' 'x'; echo; echo "Flo Mask"; } >"$work/long.txt"
run 4 predict "$work/long.txt"
check "a line over 1 MiB is an error record, not a crash" test "$(lines "$work/out")" = 3
check "long line message" contains "$work/err" "masktag: warning: line longer than 1048576 bytes ($work/long.txt:2)"
run 1 predict "$work"
check "a directory is refused by name" contains "$work/err" "masktag: cannot read input: it is a directory ($work)"
run 1 train --format jsonl "$work/bad.jsonl" -o "$work/e.model"
check "train fails on a malformed record by default" contains "$work/err" "($work/bad.jsonl:1)"
printf 'title,brand,size\nEnvo Small,Envo,Small\nFlo Mask M,Flo,M\n"broken,\n' >"$work/labeled.csv"
run 1 train "$work/labeled.csv" -o "$work/e.model"
check "train names the broken CSV row" contains "$work/err" "unterminated quoted field starting at line 4, column 1"
run 0 train "$work/labeled.csv" -o "$work/e.model" --on-error skip
check "--on-error skip trains on the rest" contains "$work/err" "read 2 labeled titles, skipped 1"

# Interrupted: no partial output file, no temporary left behind.
mkfifo "$work/fifo"
# Starts predict -o OUT on a FIFO with one title fed, sends it Ctrl-C, and sets $status.
interrupt_predict() {
  "$masktag" predict -o "$1" "$work/fifo" 2>/dev/null &
  local pid=$! feed
  exec {feed}>"$work/fifo"
  echo "Envo Small" >&$feed
  sleep 0.5
  kill -INT "$pid"
  wait "$pid"
  status=$?
  exec {feed}>&-
}
interrupt_predict "$work/interrupted.jsonl"
check "Ctrl-C stops predict (status 130)" test "$status" = 130
check "Ctrl-C leaves no output file" test ! -e "$work/interrupted.jsonl"
check "Ctrl-C leaves no temporary file" test -z "$(ls -A "$work" | grep '^\.interrupted')"

# Ctrl-C with a previous file: the previous file is left exactly as it was, status 130.
echo "previous output" >"$work/kept-int.jsonl"
interrupt_predict "$work/kept-int.jsonl"
check "Ctrl-C during predict -o exits with status 130" test "$status" = 130
check "Ctrl-C during predict -o leaves the previous file" test "$(cat "$work/kept-int.jsonl")" = "previous output"
check "Ctrl-C during predict -o leaves no temporary file" test -z "$(ls -A "$work" | grep '^\.kept-int')"

# Killed outright (kill -9, no handler runs): the previous file is left exactly as it was.
echo "previous output" >"$work/kept.jsonl"
"$masktag" predict -o "$work/kept.jsonl" "$work/fifo" 2>/dev/null &
pid=$!
exec {feed}>"$work/fifo"
echo "Envo Small" >&$feed
sleep 0.5
kill -KILL "$pid"
wait "$pid" 2>/dev/null
exec {feed}>&-
check "kill -9 during predict -o leaves the previous file" test "$(cat "$work/kept.jsonl")" = "previous output"
cp "$work/a.model" "$work/kept.model"
perl "$src/scripts/generate_titles.pl" --count 5000 --seed 2 >"$work/5000.jsonl"
"$masktag" train "$work/5000.jsonl" -o "$work/kept.model" 2>"$work/train.err" &
pid=$!
# Kill it once it is training (a second or more for 5,000 titles), not while it reads.
for _ in $(seq 100); do grep -q "read 5000 labeled titles" "$work/train.err" && break; sleep 0.05; done
sleep 0.3
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "kill -9 during train leaves the previous model" cmp -s "$work/kept.model" "$work/a.model"
rm -f "$work"/.kept.*

# --threads: the same bytes for any number of threads, errors and all.
perl "$src/scripts/generate_titles.pl" --count 5000 --seed 11 --format text >"$work/gen.txt"
printf 'not valid \xff\n' >>"$work/gen.txt"
perl "$src/scripts/generate_titles.pl" --count 3000 --seed 12 --format text >>"$work/gen.txt"
"$masktag" predict --threads 1 "$work/gen.txt" >"$work/t1.jsonl" 2>"$work/t1.err"
status1=$?
"$masktag" predict --threads 2 "$work/gen.txt" >"$work/t2.jsonl" 2>"$work/t2.err"
status2=$?
"$masktag" predict --threads 7 --output-format csv "$work/gen.txt" >"$work/t7.csv" 2>/dev/null
"$masktag" predict --threads 1 --output-format csv "$work/gen.txt" >"$work/t1.csv" 2>/dev/null
check "--threads 2 output is byte-identical to --threads 1" cmp -s "$work/t1.jsonl" "$work/t2.jsonl"
check "--threads 7 CSV output is byte-identical to --threads 1" cmp -s "$work/t1.csv" "$work/t7.csv"
check "--threads keeps every record" test "$(lines "$work/t2.jsonl")" = 8001
check "--threads reports the same errors" cmp -s "$work/t1.err" "$work/t2.err"
check "--threads exits as one thread does" test "$status1/$status2" = "4/4"
cp "$work/gen.txt" "$work/gen.jsonl.txt"
run 1 predict --threads 2 --on-error fail "$work/gen.txt"
check "--threads with --on-error fail stops at the bad record" test "$(lines "$work/out")" = 5000

# Quiet on a broken pipe: `head` closes the pipe after one line.
yes "3M Aura 9205+ N95" | head -n 200000 >"$work/many.txt"
"$masktag" predict -m "$work/a.model" "$work/many.txt" 2>"$work/err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
check "broken pipe exits 0" test "$status" = 0
check "broken pipe is quiet" test ! -s "$work/err"

# Quiet on a broken pipe in every command, with more output than a pipe holds (64 KiB):
# status 0, nothing on stderr but the usual progress lines.
"$masktag" predict -m "$work/a.model" "$work/many.txt" -o /dev/stdout 2>"$work/err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
check "broken pipe through -o /dev/stdout exits 0" test "$status" = 0
check "broken pipe through -o /dev/stdout is quiet" test ! -s "$work/err"
perl "$src/scripts/generate_titles.pl" --count 3000 --seed 3 >"$work/3000.jsonl"
check "eval --errors output is larger than a pipe buffer" \
  test "$("$masktag" eval -m "$work/a.model" --json --errors 3000 "$work/3000.jsonl" 2>/dev/null | wc -c)" -gt 65536
"$masktag" eval -m "$work/a.model" --json --errors 3000 "$work/3000.jsonl" 2>"$work/err" | head -c 10 >/dev/null
status=${PIPESTATUS[0]}
check "eval into a closed pipe exits 0" test "$status" = 0
check "eval into a closed pipe is quiet" test -z "$(grep -v '^masktag: read ' "$work/err")"
head -n 1500 "$work/3000.jsonl" >"$work/1500.jsonl"
train_big=(train "$work/1500.jsonl" --lexicon "$work/1500.jsonl" --max-iterations 5 -o /dev/stdout)
check "the model is larger than a pipe buffer" test "$("$masktag" "${train_big[@]}" 2>/dev/null | wc -c)" -gt 65536
"$masktag" "${train_big[@]}" 2>"$work/err" | head -c 10 >/dev/null
status=${PIPESTATUS[0]}
check "train -o /dev/stdout into a closed pipe exits 0" test "$status" = 0
check "train into a closed pipe is quiet" test -z "$(grep -v '^masktag: \(read\|lexicon\|trained\|warning: the solver\)' "$work/err")"

# A read-only directory: an error naming the output and a non-zero status, the file there
# left as it was. (root ignores permissions: run masktag as nobody then.)
mkdir "$work/ro"
echo "previous output" >"$work/ro/kept.jsonl"
cp "$work/a.model" "$work/ro/kept.model"
chmod 555 "$work/ro"
as_other=()
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$work"
  chmod 644 "$work/titles.txt" "$work/ro/kept.model"
  as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${as_other[@]}" "$masktag" predict "$work/titles.txt" -o "$work/ro/kept.jsonl" >"$work/out" 2>"$work/err"
status=$?
check "predict -o into a read-only directory exits 1" test "$status" = 1
check "predict -o into a read-only directory says why and where" \
  contains "$work/err" "masktag: cannot create a temporary file next to the output: Permission denied ($work/ro/kept.jsonl)"
check "the read-only directory's file is left as it was" test "$(cat "$work/ro/kept.jsonl")" = "previous output"
"${as_other[@]}" "$masktag" train "$fixtures/small.jsonl" -o "$work/ro/kept.model" >"$work/out" 2>"$work/err"
status=$?
check "train -o into a read-only directory exits 1" test "$status" = 1
check "train -o into a read-only directory names it" contains "$work/err" "Permission denied ($work/ro/kept.model)"
check "the read-only directory's model is left as it was" cmp -s "$work/ro/kept.model" "$work/a.model"
chmod 755 "$work/ro"

# Absurd inputs: clear errors naming the place, not exhaustion.
# A 2 MB line (the limit is 1 MiB) in each input format.
long=$(head -c 2000000 /dev/zero | tr '\0' 'x')
{ echo '{"title": "Envo Small", "labels": ["brand", "size"]}'; printf '{"title": "%s", "labels": ["brand"]}\n' "$long"; } >"$work/long.jsonl"
run 1 train "$work/long.jsonl" -o "$work/e.model"
check "train: a 2 MB JSON line is refused by line" contains "$work/err" "masktag: line longer than 1048576 bytes (use --on-error skip to go on without such records) ($work/long.jsonl:2)"
run 4 predict "$work/long.jsonl"
check "predict: a 2 MB JSON line is an error record" test "$(lines "$work/out")" = 2
check "predict: the 2 MB JSON line's message" contains "$work/err" "masktag: warning: line longer than 1048576 bytes ($work/long.jsonl:2)"
{ echo 'title,brand'; echo 'Envo Small,Envo'; printf '"%s",x\n' "$long"; echo 'Flo M,Flo'; } >"$work/long.csv"
run 4 predict "$work/long.csv" --output-format csv
check "predict: a 2 MB CSV record is an error row, the rows after it kept" test "$(lines "$work/out")" = 4
check "predict: the 2 MB CSV record's message" contains "$work/err" "masktag: warning: record longer than 1048576 bytes (it starts at line 3) ($work/long.csv:3)"
run 1 train "$work/long.csv" -o "$work/e.model"
check "train: the 2 MB CSV record's message" contains "$work/err" "record longer than 1048576 bytes (it starts at line 3)"
{ printf 'Envo\tbrand\n\n%s\tbrand\n' "$long"; } >"$work/long.conll"
run 1 train "$work/long.conll" -o "$work/e.model"
check "train: a 2 MB CoNLL line is refused by line" contains "$work/err" "masktag: line 3 is longer than 1048576 bytes (use --on-error skip to go on without such records) ($work/long.conll:3)"
printf '[{"mask_name": "Envo Small", "breakdown": [{"Envo": "brand"}, {"Small": "size"}]},\n {"mask_name": "%s", "breakdown": []}]\n' "$long" >"$work/long.json"
run 1 train "$work/long.json" -o "$work/e.model"
check "train: a 2 MB title in the reference JSON is refused by place" contains "$work/err" "the title is longer than 1048576 bytes (use --on-error skip to go on without such records) ($work/long.json:2, array position 1)"
unset long
# A title of 100,000 tokens (under the line limit): an error for its record.
perl -e 'print join(" ", map { "w$_" } 1 .. 100000), "\n"; print "Envo Small\n"' >"$work/tokens.txt"
run 4 predict "$work/tokens.txt"
check "predict: a 100,000-token title is an error record" test "$(lines "$work/out")" = 2
check "predict: the 100,000-token title's message" contains "$work/err" "masktag: warning: the title has 100000 tokens, more than the 10000 masktag labels ($work/tokens.txt:1)"
check "predict: the title after it is labeled" grep -q '^{"title":"Envo Small",' "$work/out"
perl -e 'print "{\"title\": \"", join(" ", map { "w$_" } 1 .. 100000), "\", \"labels\": []}\n"' >"$work/tokens.jsonl"
run 1 train "$work/tokens.jsonl" -o "$work/e.model"
check "train: the 100,000-token title's message" contains "$work/err" "the title has 100000 tokens, more than the 10000 masktag labels (use --on-error skip to go on without such records) ($work/tokens.jsonl:1)"
# Too many labels: a clear refusal, before any training.
perl -e 'for (1 .. 300) { print "{\"title\": \"Envo w$_\", \"labels\": [\"brand\", \"label$_\"]}\n" }' >"$work/labels.jsonl"
run 1 train "$work/labels.jsonl" -o "$work/labels.model"
check "train: 301 labels are refused with the limit" contains "$work/err" "the training data has 301 different labels; masktag trains at most 256"
check "train: no model after too many labels" test ! -e "$work/labels.model"
run 1 eval "$work/labels.jsonl"
check "eval: 301 labels are refused with the limit" contains "$work/err" "masktag: the evaluation data has 301 different labels; masktag evaluates at most 256"
# Deeply nested JSON: the parser stops at depth 512, naming the column.
perl -e 'print "[" x 100000, "\n"' >"$work/deep.json"
run 1 train "$work/deep.json" -o "$work/e.model"
check "train: deeply nested JSON is refused with line and column" contains "$work/err" "masktag: malformed JSON: nesting too deep ($work/deep.json:1:513)"
perl -e 'print "{\"title\": \"Envo\", \"x\": ", "[" x 100000, "\n{\"title\": \"Flo M\"}\n"' >"$work/deep.jsonl"
run 4 predict "$work/deep.jsonl"
check "predict: a deeply nested JSON line is an error record" test "$(lines "$work/out")" = 2
check "predict: the deeply nested line's message" contains "$work/err" "masktag: warning: malformed JSON at column 535: nesting too deep ($work/deep.jsonl:1)"

# A failed predict -o leaves no partial file behind.
run 1 predict -m "$work/nonexistent.model" "$work/titles.txt" -o "$work/never.jsonl"
check "no output file when predict fails early" test ! -e "$work/never.jsonl"

# --line-buffered answers each line at once, so masktag can run as a coprocess; with
# --threads too (threads would wait for a chunk of 1,024 records: it labels on one).
for threads in 1 2; do
  coproc MT { "$masktag" predict -m "$work/a.model" --line-buffered --threads "$threads" 2>/dev/null; }
  mt_pid=$MT_PID  # bash unsets MT_PID once the coprocess has ended
  echo "Moldex 2200 N95 Small" >&"${MT[1]}"
  if read -r -t 10 reply <&"${MT[0]}"; then
    check "coprocess answer, --threads $threads" test "${reply:0:33}" = '{"title":"Moldex 2200 N95 Small",'
  else
    fail "no answer from the coprocess (--threads $threads) within 10 s"
  fi
  exec {MT[1]}>&-
  wait "$mt_pid" 2>/dev/null
done

finish
