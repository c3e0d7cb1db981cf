#!/usr/bin/env bash
# eval's HTML report (issue 21), end to end: written for plain eval, -m A -m B, --cv and
# --folds with --learning-curve; the same bytes every run; each SVG figure well-formed
# for xmllint; no script and no external URL; under 500 KB for 10,000 titles; written
# atomically; and rendered by headless Chromium, whose DOM must have every section and a
# heatmap adding up to the tokens, and whose screenshot must show the figures. The
# reference data (../shared/data/breathesafe, never copied here) is rendered too when it
# is there. Usage: report_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
fixtures=$src/tests/fixtures
. "$src/tests/harness.sh"
reference=$src/../shared/data/breathesafe
sections=(headline confusion label-scores reliability learning-curve worst-titles)

# Each <svg>...</svg> of an HTML page into its own file DIR/N.svg; prints how many.
extract_svgs() {
  python3 - "$1" "$2" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
for i, svg in enumerate(svgs):
    open(f"{sys.argv[2]}/{i}.svg", "w", encoding="utf-8").write('<?xml version="1.0" encoding="UTF-8"?>\n' + svg)
print(len(svgs))
PY
}

# svgs_valid PAGE: every figure is a well-formed SVG document (root svg in the SVG namespace).
svgs_valid() {
  local dir n
  dir=$(mktemp -d "$work/svg.XXXX")
  n=$(extract_svgs "$1" "$dir")
  [ "$n" -ge 3 ] || { echo "only $n SVG figures in $1" >&2; return 1; }
  for f in "$dir"/*.svg; do
    xmllint --noout "$f" || return 1
    [ "$(xmllint --xpath 'namespace-uri(/*)' "$f")" = "http://www.w3.org/2000/svg" ] || return 1
  done
}

# no_external PAGE: no script, and no URL but the SVG namespace's name (never fetched).
no_external() {
  ! sed 's|xmlns="http://www.w3.org/2000/svg"||g' "$1" | grep -Eiq '<script|https?:|ftp:|//[a-z0-9]|url\(|@import|src=|href='
}

# render PAGE NAME: Chromium's DOM (NAME.dom) and a 1200x1600 screenshot (NAME.png).
render() {
  local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/chromium")
  timeout 120 chromium "${flags[@]}" --dump-dom "file://$1" >"$work/$2.dom" 2>"$work/$2.chromium.err" &&
    timeout 120 chromium "${flags[@]}" --window-size=1200,1600 --screenshot="$work/$2.png" "file://$1" \
      >/dev/null 2>>"$work/$2.chromium.err"
}

# --- plain eval: the report beside the unchanged text report ---------------------------
run 0 eval "$fixtures/small.jsonl"
cp "$work/out" "$work/plain.txt"
run 0 eval "$fixtures/small.jsonl" --report "$work/r.html" --report-json "$work/r.json"
check "the text report is unchanged by --report" cmp -s "$work/out" "$work/plain.txt"
check "the HTML report is written" test -s "$work/r.html"
check "the JSON report is valid JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/r.json"
for s in "${sections[@]}"; do
  check "the page has the $s section" contains "$work/r.html" "<section id=\"$s\">"
done
check "the page names the built-in model and its MD5" contains "$work/r.html" "$(md5sum <"$src/models/default.model" | cut -c1-32)"
check "every SVG figure is well-formed for xmllint" svgs_valid "$work/r.html"
check "no script and no external URL" no_external "$work/r.html"
run 0 eval "$fixtures/small.jsonl" --report "$work/r2.html" --report-json "$work/r2.json"
check "the same data gives the same HTML, byte for byte" cmp -s "$work/r.html" "$work/r2.html"
check "... and the same JSON" cmp -s "$work/r.json" "$work/r2.json"
check "no temporary file is left beside the reports" test "$(ls "$work" | grep -c '^\.\?r.*\.tmp\|masktag\..*tmp')" = 0

run 3 eval "$fixtures/small.jsonl" --min-accuracy 1 --report "$work/below.html"
check "a model below --min-accuracy still gets its report (to see why)" cmp -s "$work/below.html" "$work/r.html"

# --- option errors: usage errors before any work; a report never replaces an input ------
run 2 eval "$fixtures/small.jsonl" --report "$work/x.html" --learning-curve
check "--learning-curve without --cv or --folds says what it needs" contains "$work/err" "--cv K or --folds FILE"
run 2 eval --cv 3 "$fixtures/small.jsonl" --learning-curve
check "--learning-curve without a report asks for one" contains "$work/err" "--report"
run 2 eval "$fixtures/small.jsonl" --report "$work/x" --report-json "$work/x"
check "one file for both reports is refused" contains "$work/err" "same file"
run 2 eval "$fixtures/small.jsonl" --report -
check "a report to stdout is refused" contains "$work/err" "not to stdout"
cp "$fixtures/small.jsonl" "$work/data.jsonl"
run 1 eval "$work/data.jsonl" --report "$work/data.jsonl"
check "a report over the input is refused" contains "$work/err" "same file as the input"
check "... and the input is untouched" cmp -s "$work/data.jsonl" "$fixtures/small.jsonl"
run 1 eval "$fixtures/small.jsonl" --report "$work/no/such/dir/r.html"
check "an unwritable report names the file" contains "$work/err" "$work/no/such/dir/r.html"

# --- two models side by side -----------------------------------------------------------
"$masktag" train "$fixtures/small.jsonl" -o "$work/small.model" 2>/dev/null
run 0 eval -m "$work/small.model" -m "$src/models/default.model" "$fixtures/small.jsonl" --report "$work/ab.html" \
  --report-json "$work/ab.json"
check "two models: both columns and the difference" contains "$work/ab.html" "<th>A &#8722; B</th>"
check "two models: a heatmap each" test "$(grep -c 'aria-label="confusion heatmap' "$work/ab.html")" = 2
check "two models: the JSON has the difference" python3 -c \
  "import json,sys; r=json.load(open(sys.argv[1])); assert len(r['models'])==2 and 'difference' in r" "$work/ab.json"
check "two models: the SVG is well-formed" svgs_valid "$work/ab.html"

# --- cross-validation with the learning curve ------------------------------------------
run 0 eval --cv 3 --seed 7 "$fixtures/small.jsonl" --threads 2 --learning-curve \
  --report "$work/cv.html" --report-json "$work/cv.json"
check "the learning curve has ten points of two series" test "$(grep -c 'class="point"' "$work/cv.html")" = 20
check "the JSON's learning curve runs 10% to 100%" python3 -c \
  "import json,sys; c=json.load(open(sys.argv[1]))['learning_curve']; assert [p['percent'] for p in c]==list(range(10,101,10)), c" \
  "$work/cv.json"
run 0 eval --cv 3 --seed 7 "$fixtures/small.jsonl" --threads 1 --learning-curve \
  --report "$work/cv1.html"
check "the learning curve is the same for any --threads" cmp -s "$work/cv.html" "$work/cv1.html"

# --- size: 10,000 generated titles -----------------------------------------------------
perl "$src/scripts/generate_titles.pl" --count 10000 --seed 1 >"$work/10k.jsonl"
run 0 eval "$work/10k.jsonl" --report "$work/10k.html"
size=$(stat -c %s "$work/10k.html")
echo "report of 10,000 generated titles: $size bytes"
check "the report of 10,000 titles is under 500 KB ($size bytes)" test "$size" -lt 512000
check "... and lists at most 25 worst titles" test "$(grep -c '<div class="worst"' "$work/10k.html")" -le 25
check "... and its SVG is well-formed" svgs_valid "$work/10k.html"

# --- rendered by a browser -------------------------------------------------------------
if ! command -v chromium >/dev/null; then
  fail "chromium is not installed: run scripts/setup.sh --tests"
else
  check "Chromium renders the team-data report" render "$work/cv.html" cv
  check "the rendered DOM has every section and the heatmap adds up to the tokens" \
    python3 "$src/tests/report_check.py" dom "$work/cv.dom" "$work/cv.json" "${sections[@]}"
  check "the screenshot shows the figures" python3 "$src/tests/report_check.py" png "$work/cv.png" 1200 1600
  if [ ! -f "$reference/training_data.json" ]; then
    echo "skipped: the reference data's report (no reference data at $reference)"
  else
    run 0 eval --folds "$reference/folds5.json" "$reference/training_data.json" --threads 2 --learning-curve \
      --report "$work/ref.html" --report-json "$work/ref.json"
    check "the reference data's report: SVG well-formed" svgs_valid "$work/ref.html"
    check "the reference data's report: no external URL" no_external "$work/ref.html"
    check "Chromium renders the reference data's report" render "$work/ref.html" ref
    check "reference: every section, the heatmap adds up to the tokens" \
      python3 "$src/tests/report_check.py" dom "$work/ref.dom" "$work/ref.json" "${sections[@]}"
    check "reference: the screenshot shows the figures" python3 "$src/tests/report_check.py" png "$work/ref.png" 1200 1600
  fi
fi
finish
