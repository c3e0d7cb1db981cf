#!/usr/bin/env bash
# Regression tests for the breaks an adversarial review found in masktag's promises (issue
# 15): one output record per input record, bounded memory, `-o` atomic and faithful, a
# clear message for bad input. Each section is one point of the issue; every check failed
# before its fix. Usage: adversarial_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
fixtures=$src/tests/fixtures
samples=$src/data/samples.txt
. "$src/tests/harness.sh"
# strict_json FILE: every line of FILE is one JSON value in valid UTF-8 (Python's decoder
# refuses invalid UTF-8; its JSON parser refuses anything but RFC 8259 text).
strict_json() {
  python3 -c '
import json, sys
for number, line in enumerate(open(sys.argv[1], "rb"), 1):
    try:
        json.loads(line.decode("utf-8", errors="strict"))
    except Exception as e:
        sys.exit(f"line {number}: {e}")' "$1"
}
samples_count=$(lines "$samples")

# --- 1. a CSV record over 1 MiB with line breaks in quotes ------------------------------
# After the size error the reader follows the quotes to the record's real end.
perl -e 'print "title,id\n\"", "w\n" x 600000, "\",1\nEnvo Small,2\n"' >"$work/q.csv"
run 4 predict "$work/q.csv"
check "1: an overlong quoted CSV record is one record, the next one kept" test "$(lines "$work/out")" = 2
check "1: the overlong record is an error record" grep -q '"error":"record longer than 1048576 bytes' "$work/out"
check "1: the record after it is labeled" grep -q '^{"title":"Envo Small","id":"2"' "$work/out"
perl -e 'print "name,brand,size\n\"", "w\n" x 600000, "\",x,y\nEnvo Small,Envo,Small\nFlo Mask Large,Flo,Large\n"' \
  >"$work/q-labeled.csv"
run 0 train "$work/q-labeled.csv" -o "$work/q.model" --on-error skip
check "1: train --on-error skip skips the overlong quoted record alone" \
  contains "$work/err" "read 2 labeled titles, skipped 1"

# --- 2. an unwritable or closed stderr is never fatal -----------------------------------
printf 'Envo\nbad \xff\nFlo\n' >"$work/bad.txt"
"$masktag" predict "$work/bad.txt" >"$work/out" 2>/dev/full
status=$?
check "2: predict with stderr on /dev/full exits 4 (a bad record), not by a signal" test "$status" = 4
check "2: predict with stderr on /dev/full writes every record" test "$(lines "$work/out")" = 3
"$masktag" predict "$work/bad.txt" >"$work/out" 2>&-
status=$?
check "2: predict with stderr closed exits 4" test "$status" = 4
check "2: predict with stderr closed writes every record" test "$(lines "$work/out")" = 3
"$masktag" predict "$work/bad.txt" -o "$work/closed.jsonl" 2>&-
status=$?
check "2: predict -o with stderr closed exits 4" test "$status" = 4
check "2: predict -o with stderr closed: the file holds the records, no message" \
  test "$(lines "$work/closed.jsonl")/$(grep -c 'masktag:' "$work/closed.jsonl")" = 3/0
"$masktag" train "$fixtures/small.jsonl" -o "$work/full.model" 2>/dev/full
check "2: train with stderr on /dev/full succeeds" test "$?/$(test -s "$work/full.model" && echo y)" = 0/y
"$masktag" train "$fixtures/small.jsonl" -o "$work/closed.model" 2>&-
check "2: train with stderr closed succeeds" test "$?/$(test -s "$work/closed.model" && echo y)" = 0/y
"$masktag" eval "$fixtures/small.jsonl" >"$work/out" 2>/dev/full
check "2: eval with stderr on /dev/full succeeds" test "$?/$(grep -c 'token accuracy' "$work/out")" = 0/1
"$masktag" eval "$fixtures/small.jsonl" >"$work/out" 2>&-
check "2: eval with stderr closed succeeds" test "$?/$(grep -c 'token accuracy' "$work/out")" = 0/1
"$masktag" predict "$samples" >&- 2>&- <&-
check "2: predict with every standard descriptor closed exits 1 (cannot write), not by a signal" test "$?" = 1

# --- 3. --threads is capped ---------------------------------------------------------------
# Before the cap, 100,000 threads ran for a minute and took 5.7 GB.
timeout 120 "$masktag" predict --threads 100000 "$samples" >"$work/out" 2>"$work/err"
status=$?
check "3: predict --threads 100000 succeeds" test "$status" = 0
check "3: predict --threads 100000 labels every record" test "$(lines "$work/out")" = "$samples_count"
check "3: predict --threads 100000 warns of the cap" grep -q "^masktag: warning: --threads 100000 is more than" "$work/err"
timeout 120 "$masktag" train "$fixtures/small.jsonl" -o "$work/t.model" --threads 100000 >"$work/out" 2>"$work/err"
check "3: train --threads 100000 succeeds and warns" \
  test "$?/$(grep -c '^masktag: warning: --threads 100000 is more than' "$work/err")" = 0/1
timeout 120 "$masktag" eval --cv 2 --threads 100000 "$fixtures/small.jsonl" >"$work/out" 2>"$work/err"
check "3: eval --cv --threads 100000 succeeds and warns" \
  test "$?/$(grep -c '^masktag: warning: --threads 100000 is more than' "$work/err")" = 0/1

# --- 4. threaded predict's memory does not grow with the records' size ---------------------
# 300 titles of 1,000,000 bytes: one chunk of 1,024 records held them all (1 GB and more).
if [ -x /usr/bin/time ] && ! grep -q -a __asan_init "$masktag" && ! grep -q -a __tsan_init "$masktag"; then
  perl -e 'print "x" x 1000000, "\n" for 1..300' >"$work/big.txt"
  /usr/bin/time -f %M -o "$work/rss" "$masktag" predict --threads 2 "$work/big.txt" >"$work/out" 2>"$work/err"
  check "4: predict --threads 2 of 1 MB records labels them all" test "$(lines "$work/out")" = 300
  check "4: predict --threads 2 of 1 MB records stays under 150 MB (docs/formats.md's bound for 2 threads)" \
    test "$(cat "$work/rss")" -lt 150000
  rm -f "$work/big.txt"
fi

# --- 5. -o decides by the file, not by the path --------------------------------------------
shm=
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  shm=$(mktemp -d /dev/shm/masktag-test.XXXXXX)
  trap 'rm -rf "$work" "$shm"' EXIT
  "$masktag" predict "$samples" -o "$shm/x.jsonl" 2>/dev/null
  "$masktag" predict "$samples" -o "$shm/x.jsonl" 2>/dev/null
  check "5: predict -o /dev/shm/FILE twice replaces the file" test "$(lines "$shm/x.jsonl")" = "$samples_count"
  cp "$shm/x.jsonl" "$work/shm-before.jsonl"
  run 1 predict "$work/bad.txt" --on-error fail -o "$shm/x.jsonl"
  check "5: a failed predict -o /dev/shm/FILE leaves it as it was" cmp -s "$shm/x.jsonl" "$work/shm-before.jsonl"
  "$masktag" train "$fixtures/small.jsonl" -o "$shm/x.model" 2>/dev/null
  "$masktag" train "$fixtures/small.jsonl" -o "$shm/x.model" 2>/dev/null
  run 0 eval --info -m "$shm/x.model"
  check "5: train -o /dev/shm/FILE twice leaves one model" cmp -s "$shm/x.model" "$work/full.model"
fi
run 0 predict "$samples" -o /dev/null
check "5: -o /dev/null (a character device) is written directly, and stays a device" test -c /dev/null
echo "before" >"$work/log"
"$masktag" predict "$samples" -o /dev/stdout >>"$work/log" 2>/dev/null
check "5: -o /dev/stdout >> log still appends" test "$(lines "$work/log")" = $((samples_count + 1))

# --- 6. NaN and out-of-range option values are usage errors --------------------------------
bad_options=(
  "train $fixtures/small.jsonl -o $work/nan.model --c nan"
  "train $fixtures/small.jsonl -o $work/nan.model --c inf"
  "train $fixtures/small.jsonl -o $work/nan.model --c 1e400"
  "train $fixtures/small.jsonl -o $work/nan.model --epsilon nan"
  "train $fixtures/small.jsonl -o $work/nan.model --holdout nan"
  "train $fixtures/small.jsonl -o $work/nan.model --seed -1"
  "train $fixtures/small.jsonl -o $work/nan.model --seed 18446744073709551616"
  "train $fixtures/small.jsonl -o $work/nan.model --threads -1"
  "eval $fixtures/small.jsonl --min-accuracy nan"
  "eval $fixtures/small.jsonl --cv 2 --seed -1"
  "eval $fixtures/small.jsonl --cv 2 --c nan"
  "eval $fixtures/small.jsonl --errors -1"
  "predict $samples --threads -1"
)
for options in "${bad_options[@]}"; do
  # shellcheck disable=SC2086 # the options are words
  run 2 $options
  check "6: '$options' is a usage error that says what is wrong" grep -q "^masktag: .*(run 'masktag --help'" "$work/err"
done
check "6: no model is written for a bad option" test ! -e "$work/nan.model"
run 0 train "$fixtures/small.jsonl" -o "$work/seed.model" --seed 18446744073709551615 --holdout 0.2
check "6: the largest seed is still accepted" test -s "$work/seed.model"

# --- 7. a dangling symbolic link as -o: followed, its target created ------------------------
ln -s "$work/dangling-target.jsonl" "$work/dangling.jsonl"
run 0 predict "$samples" -o "$work/dangling.jsonl"
check "7: a dangling link given as -o stays a link" test -L "$work/dangling.jsonl"
check "7: the link's target is created with the records" test "$(lines "$work/dangling-target.jsonl")" = "$samples_count"
mkdir "$work/linkdir"
ln -s relative-target.model "$work/linkdir/link.model"
run 0 train "$fixtures/small.jsonl" -o "$work/linkdir/link.model"
check "7: a dangling relative link: its target is created beside the link" \
  test -L "$work/linkdir/link.model" -a -s "$work/linkdir/relative-target.model"
ln -s "$work/no-such-dir/target.jsonl" "$work/dangling-nodir.jsonl"
run 1 predict "$samples" -o "$work/dangling-nodir.jsonl"
check "7: a link into a missing directory is an error naming the output" contains "$work/err" "$work/dangling-nodir.jsonl"
check "7: ... and stays a dangling link" test -L "$work/dangling-nodir.jsonl" -a ! -e "$work/no-such-dir"

ln -s "$work/loop-b" "$work/loop-a"
ln -s "$work/loop-a" "$work/loop-b"
run 1 predict "$samples" -o "$work/loop-a"
check "7: a loop of links is an error naming the output" contains "$work/err" "too many levels of symbolic links ($work/loop-a)"
check "7: ... and the links stay links" test -L "$work/loop-a" -a -L "$work/loop-b"

# --- 8. JSON output is valid UTF-8, always ------------------------------------------------
printf '{"title":"ok","x":"\xfe"}\n{"title":"Envo Small"}\n{"title":"a\\ud800","id":1}\n' >"$work/bad-utf8.jsonl"
run 4 predict "$work/bad-utf8.jsonl"
check "8: every line of predict's output on invalid UTF-8 is strict JSON" strict_json "$work/out"
check "8: invalid UTF-8 outside the title makes an error record" \
  test "$(head -n 1 "$work/out" | grep -c '"error":"the line is not valid UTF-8')" = 1
check "8: ... whose input is echoed with U+FFFD for the bad byte" python3 -c '
import json, sys
first = json.loads(open(sys.argv[1], "rb").readline().decode())
sys.exit(first.get("input") != "{\"title\":\"ok\",\"x\":\"\ufffd\"}")' "$work/out"
check "8: ... and the next record is labeled" test "$(sed -n 2p "$work/out" | grep -c '"labels"')" = 1
run 4 predict --threads 2 "$work/bad-utf8.jsonl"
check "8: the same with --threads 2" strict_json "$work/out"
run 4 predict --output-format breathesafe "$work/bad-utf8.jsonl"
check "8: the same in the breathesafe shape" strict_json "$work/out"
# Random bytes, lines of them and JSON lines with random bytes in their strings.
perl -e 'srand(15); for my $i (1..2000) { my $s = join "", map { chr(int(rand(256))) } 1..int(rand(40));
  $s =~ s/[\n\r]//g; print $i % 2 ? "x$s\n" : "{\"title\":\"Envo $s\",\"n\":\"$s\"}\n" }' >"$work/random.bin"
for format in auto text jsonl; do
  for threads in 1 3; do
    "$masktag" predict --format $format --threads $threads "$work/random.bin" >"$work/random.jsonl" 2>/dev/null
    check "8: random bytes ($format, $threads threads): one output line per input line" \
      test "$(lines "$work/random.jsonl")" = "$(lines "$work/random.bin")"
    check "8: random bytes ($format, $threads threads): every output line is strict JSON" strict_json "$work/random.jsonl"
  done
done

# --- 9. line ends and encodings ------------------------------------------------------------
printf 'Envo Small\rFlo Mask Large\r3M Aura\r' >"$work/cr.txt"
run 0 predict "$work/cr.txt"
check "9: a CR-only text file is one record a line" test "$(lines "$work/out")" = 3
printf 'title,id\rEnvo Small,1\rFlo Mask,2\r' >"$work/cr.csv"
run 0 predict "$work/cr.csv"
check "9: a CR-only CSV file is one record a line" test "$(lines "$work/out")" = 2
check "9: ... and its fields are read" grep -q '^{"title":"Flo Mask","id":"2"' "$work/out"
printf 'title,id\r"Envo\rSmall",1\r' >"$work/cr-quoted.csv"
run 0 predict "$work/cr-quoted.csv"
check "9: a CR inside quotes is data" test "$(lines "$work/out")/$(grep -c 'Envo\\rSmall' "$work/out")" = 1/1
printf '{"title":"Envo Small"}\r{"title":"Flo"}\r' >"$work/cr.jsonl"
run 0 predict "$work/cr.jsonl"
check "9: CR-only JSON lines" test "$(lines "$work/out")" = 2
tr '\n' '\r' <"$fixtures/small.jsonl" >"$work/cr-labeled.jsonl"
run 0 train "$work/cr-labeled.jsonl" -o "$work/cr.model"
check "9: train reads CR-only JSON lines" contains "$work/err" "read 30 labeled titles, skipped 0"
printf 'Envo Small\nFlo Mask\n' | iconv -f UTF-8 -t UTF-16LE | { printf '\xff\xfe'; cat; } >"$work/utf16le.txt"
printf 'Envo Small\nFlo Mask\n' | iconv -f UTF-8 -t UTF-16BE | { printf '\xfe\xff'; cat; } >"$work/utf16be.txt"
for f in utf16le.txt utf16be.txt; do
  run 1 predict "$work/$f"
  check "9: predict $f: no garbage records" test ! -s "$work/out"
  check "9: predict $f: says it is UTF-16 and how to convert" \
    grep -q "is UTF-16 .*iconv -f UTF-16 -t UTF-8.*($work/$f)" "$work/err"
  run 1 predict --format csv "$work/$f"
  check "9: predict --format csv $f says it is UTF-16" grep -q "is UTF-16" "$work/err"
done
iconv -f UTF-8 -t UTF-16 <"$fixtures/small.jsonl" >"$work/utf16.jsonl"
run 1 train "$work/utf16.jsonl" -o "$work/u.model"
check "9: train on UTF-16 says so" grep -q "is UTF-16 .*iconv -f UTF-16 -t UTF-8" "$work/err"
run 1 eval "$work/utf16.jsonl"
check "9: eval on UTF-16 says so" grep -q "is UTF-16" "$work/err"

# --- 10. smaller ones ---------------------------------------------------------------------
cp "$samples" "$work/same.txt"
timeout 20 "$masktag" predict "$work/same.txt" >>"$work/same.txt" 2>"$work/err"
check "10: predict f >> f is refused (status 1)" test "$?" = 1
check "10: predict f >> f leaves f as it was" cmp -s "$work/same.txt" "$samples"
check "10: predict f >> f says why" grep -q "is the same file as the input" "$work/err"
timeout 20 "$masktag" predict "$work/same.txt" -o /dev/stdout >>"$work/same.txt" 2>"$work/err"
check "10: predict f -o /dev/stdout >> f is refused" test "$?/$(cmp -s "$work/same.txt" "$samples" && echo same)" = 1/same
timeout 20 "$masktag" predict <"$work/same.txt" >>"$work/same.txt" 2>"$work/err"
check "10: predict < f >> f is refused" test "$?/$(cmp -s "$work/same.txt" "$samples" && echo same)" = 1/same
timeout 20 "$masktag" predict "$work/same.txt" -o "$work/same.txt" 2>"$work/err"
check "10: predict f -o f is refused" test "$?/$(cmp -s "$work/same.txt" "$samples" && echo same)" = 1/same
run 0 predict /dev/null -o /dev/null
printf '{"title": "Envo Small", "labels": ["br\\tand", "size"]}\n' >"$work/tab-label.jsonl"
cat "$fixtures/small.jsonl" >>"$work/tab-label.jsonl"
run 1 train "$work/tab-label.jsonl" -o "$work/tab.model"
check "10: a label with a tab is refused at train time" grep -q 'label "br\\tand" holds a tab or a line break' "$work/err"
check "10: ... naming the place" contains "$work/err" "($work/tab-label.jsonl:1)"
printf '{"title": "Envo Small", "breakdown": [{"Envo": "brand"}, {"Small": "si\\nze"}]}\n' >"$work/nl-label.jsonl"
run 1 train "$work/nl-label.jsonl" -o "$work/tab.model"
check "10: a label with a newline is refused at train time" contains "$work/err" "holds a tab or a line break"
printf '{"title": "Envo Small", "labels": ["maker", "bigness"]}\n' >"$work/foreign.jsonl"
run 0 eval "$work/foreign.jsonl"
check "10: eval with a model sharing no label with the data warns" \
  grep -q "^masktag: warning: the model's labels .* share none with the data's" "$work/err"
run 0 eval "$fixtures/small.jsonl"
check "10: eval with shared labels does not warn" test "$(grep -c 'share none' "$work/err")" = 0
echo '{"folds": [[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14], [15,16,17,18,19,20,21,22,23,24,25,26,27,28,29], []]}' >"$work/folds.json"
run 0 eval --folds "$work/folds.json" "$fixtures/small.jsonl"
check "10: an empty fold is reported as empty" grep -q "^fold 2  empty: no titles to test" "$work/out"
check "10: ... not as 0.0000" test "$(grep -c '^fold 2 .*0\.0000' "$work/out")" = 0
run 0 eval --folds "$work/folds.json" "$fixtures/small.jsonl" --json
check "10: an empty fold's JSON accuracy is null" \
  python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["folds"][2]; sys.exit(f["token_accuracy"] is not None)' "$work/out"

# --- the same classes, found elsewhere ------------------------------------------------------
# UTF-16 without a byte order mark: every other byte 0.
printf 'Envo Small\nFlo Mask\n' | iconv -f UTF-8 -t UTF-16LE >"$work/nobom-le.txt"
printf 'Envo Small\nFlo Mask\n' | iconv -f UTF-8 -t UTF-16BE >"$work/nobom-be.txt"
for f in nobom-le.txt nobom-be.txt; do
  run 1 predict "$work/$f"
  check "same class: predict $f (UTF-16 without a mark): no garbage records" test ! -s "$work/out"
  check "same class: predict $f says it looks like UTF-16" grep -q "looks like UTF-16 without a byte order mark" "$work/err"
done
iconv -f UTF-8 -t UTF-16LE <"$fixtures/small.jsonl" >"$work/nobom.jsonl"
run 1 train "$work/nobom.jsonl" -o "$work/u.model"
check "same class: train on UTF-16 without a mark says so" grep -q "looks like UTF-16 without a byte order mark" "$work/err"
# A label of invalid UTF-8 could only be written altered (U+FFFD) into JSON output.
printf '{"title": "Envo Small", "labels": ["brand", "si\xffze"]}\n' >"$work/bad-label.jsonl"
run 1 train "$work/bad-label.jsonl" -o "$work/bl.model"
check "same class: a label of invalid UTF-8 is refused at train time" contains "$work/err" "is not valid UTF-8"
# The model and the lexicon are inputs too.
cp "$work/full.model" "$work/same.model"
run 1 predict -m "$work/same.model" "$samples" -o "$work/same.model"
check "same class: predict -m M -o M is refused, M left as it was" \
  test "$(grep -c 'is the same file as the input' "$work/err")/$(cmp -s "$work/same.model" "$work/full.model" && echo same)" = 1/same
cp "$fixtures/small.jsonl" "$work/lex.jsonl"
run 1 train "$fixtures/small.jsonl" --lexicon "$work/lex.jsonl" -o "$work/lex.jsonl"
check "same class: train --lexicon F -o F is refused, F left as it was" cmp -s "$work/lex.jsonl" "$fixtures/small.jsonl"
# --other-label becomes a label: the rule for labels holds for it.
run 2 train "$fixtures/small.jsonl" -o "$work/ol.model" --other-label "$(printf 'mi\tsc')"
check "same class: --other-label with a tab is a usage error" contains "$work/err" "--other-label"
# A warning quoting a record's JSON stays one line, however the record is laid out.
printf '[{"mask_name": "Envo Small", "breakdown": [{"Envo": "brand"},\n {"Small":\n 5}]}]\n' >"$work/multiline.json"
run 1 train "$work/multiline.json" -o "$work/ml.model"
check "same class: a warning quoting a multi-line JSON value is one line" \
  test "$(grep -c '' "$work/err")/$(grep -c 'breakdown label is not a non-empty string: {"Small": 5}' "$work/err")" = 1/1
# A folds file whose folds are all empty tests nothing: an error, not an accuracy of 0.
echo '{"folds": [[], []]}' >"$work/empty-folds.json"
run 1 eval --folds "$work/empty-folds.json" "$fixtures/small.jsonl"
check "same class: folds that are all empty are an error" contains "$work/err" "every fold is empty: no title was tested"

finish
