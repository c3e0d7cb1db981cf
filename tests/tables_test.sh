#!/usr/bin/env bash
# Product tables in and out (issue 16): unique output names, no silent title column, the
# app's JSON export, every input field kept, the predict -> edit -> train round trip,
# delimiters, exit statuses, and model and data files given in each other's place.
# Usage: tables_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
. "$src/tests/harness.sh"

# A product table as exports have them: columns named like masktag's labels, ids.
cat >"$work/products.csv" <<'EOF'
id,name,color,size,confidence,error
17,3M Aura 9205+ N95,white,M,high,none
18,Honeywell DF300 N95 Respirator,blue,L,low,
EOF
added="brand,color,filter_type,misc,model,size,strap,style,valved,confidence,error"

# --- 1. unique output names ------------------------------------------------------------
run 0 predict "$work/products.csv" --output-format csv
check "colliding names get the default prefix" test "$(head -1 "$work/out")" = \
  "id,name,color,size,confidence,error,$(echo "$added" | sed 's/\([a-z_]*\)/masktag_\1/g')"
check "one record per row" test "$(lines "$work/out")" = 3
check "stderr says so once" test "$(grep -c "prefix 'masktag_'" "$work/err")" = 1
check "the note names the colliding columns" contains "$work/err" "the input already has color, size, confidence, error"
run 0 predict "$work/products.csv" --output-format csv --prefix mt.
check "--prefix names every added column" test "$(head -1 "$work/out")" = \
  "id,name,color,size,confidence,error,$(echo "$added" | sed 's/\([a-z_]*\)/mt.\1/g')"
check "no note with --prefix" test ! -s "$work/err"
run 1 predict "$work/products.csv" --output-format csv --prefix ''
check "a prefix that still collides is refused" contains "$work/err" \
  "the input already has 'color', 'size', 'confidence', 'error', which masktag would add: choose a prefix"
printf 'name,Brand,Color\n3M Aura N95,3M Co,White\n' >"$work/case.csv"
run 0 predict "$work/case.csv" --output-format csv
check "table names collide whatever their letter case" test "$(head -1 "$work/out" | cut -d, -f4)" = masktag_brand
printf 'name,Name\na,b\n' >"$work/case-dup.csv"
run 1 predict "$work/case-dup.csv" --output-format csv
check "a header repeating a name in another case is refused for CSV output" contains "$work/err" "the input names 'name' and 'Name' more than once (letter case aside"
printf 'id,name\n1,3M 8210\n' >"$work/plain.csv"
run 0 predict "$work/plain.csv" --output-format csv
check "no collision, no prefix" test "$(head -1 "$work/out")" = "id,name,$added"
# JSON output from the table: no member twice, every input value kept.
run 0 predict "$work/products.csv"
check "JSON keys are unique and the input's values kept" python3 - "$work/out" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    pairs = json.loads(line, object_pairs_hook=lambda p: p)
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    d = dict(pairs)
    assert d["confidence"] in ("high", "low") and d["error"] in ("none", ""), d
    assert isinstance(d["masktag_confidence"], float)
EOF
printf 'id,title,error\n1,3M 8210,x\n' >"$work/err.csv"
run 0 predict "$work/err.csv" --output-format breathesafe
check "breathesafe keys are prefixed when the input has one" grep -q '^{"masktag_mask_name":"3M 8210",.*"id":"1","error":"x"}$' "$work/out"
printf '{"title":"3M 8210"}\n{"title":"3M 1860","labels":1}\n' >"$work/later.jsonl"
run 4 predict "$work/later.jsonl"
check "a later JSON record with an added name is an error, not a duplicate" \
  grep -q '^{"input":"{\\"title\\":\\"3M 1860\\",\\"labels\\":1}","error":"the member \\"labels\\" has the name of one masktag adds' "$work/out"
check "the first record's names chose no prefix" grep -q '^{"title":"3M 8210","tokens":' "$work/out"

# sqlite3 imports predict's CSV and keeps every input value.
if command -v sqlite3 >/dev/null; then
  "$masktag" predict "$work/products.csv" --output-format csv >"$work/labeled.csv" 2>/dev/null
  sqlite3 "$work/db.sqlite" ".mode csv" ".import $work/labeled.csv t" 2>"$work/sqlite.err"
  check "sqlite3 imports without complaint" test ! -s "$work/sqlite.err"
  check "sqlite3 keeps every input column's values" test \
    "$(sqlite3 -separator '|' "$work/db.sqlite" 'select id, color, size, confidence, error from t order by id')" = \
    "$(printf '17|white|M|high|none\n18|blue|L|low|')"
  check "sqlite3 has masktag's columns beside them" test \
    "$(sqlite3 "$work/db.sqlite" 'select masktag_brand from t order by id')" = "$(printf '3M\nHoneywell')"
else
  fail "sqlite3 is not installed (scripts/setup.sh --tests installs it)"
fi

# --- 2. no silent title column ---------------------------------------------------------
printf 'id,foo\n1,3M 8210\n' >"$work/notitle.csv"
run 1 predict "$work/notitle.csv"
check "no title column is an error naming the columns" test "$(cat "$work/err")" = \
  "masktag: no title column in the CSV header (columns: id, foo): name it with --column (without it, masktag looks for title, mask_name, name or unique_internal_model_code) ($work/notitle.csv)"
check "nothing is written" test ! -s "$work/out"
run 0 predict "$work/notitle.csv" --column foo
check "--column picks it" grep -q '"foo":"3M 8210","tokens":\["3M","8210"\]' "$work/out"
printf 'Mask\n3M 8210\nHoneywell H910\n' >"$work/one.csv"
run 0 predict "$work/one.csv"
check "a one-column header is the title column" test "$(lines "$work/out")" = 2
check "and a note says how to read a headerless list" contains "$work/err" \
  "the CSV header 'Mask' is read as the name of the title column, not as a title; if the input is a list of titles without a header, read it with --format text (or --no-header)"
printf '3M 8210\nHoneywell H910\n' >"$work/list.csv"
run 0 predict "$work/list.csv" --no-header
check "--no-header keeps the first title" test "$(lines "$work/out")" = 2
check "--no-header's column is the title" grep -q '^{"title":"3M 8210",' "$work/out"
printf '1,3M 8210\n2,Honeywell H910\n' >"$work/list2.csv"
run 0 predict "$work/list2.csv" --no-header --column column2 --output-format csv
check "--no-header names the columns column1, column2" test "$(head -1 "$work/out")" = "column1,column2,$added"
check "--no-header reads every row" test "$(lines "$work/out")" = 3
run 2 predict "$work/list.csv" --no-header --format jsonl

# --- 3. inputs predict reads: the app's export, JSON titles by default names -------------
cat >"$work/export.json" <<'EOF'
[
  {
    "mask_id": 636,
    "mask_name": "Acme Shield KN95 Small",
    "breakdown": [{"Acme": "brand"}, {"Shield": "model"}, {"KN95": "filter_type"}, {"Small": "size"}]
  },
  {"mask_id": 637, "mask_name": "Zorro Z-7 N95"},
  {"mask_id": 638},
  "not an object",
  {"mask_id": 639, "mask_name": "Envo Mask \n Large"}
]
EOF
run 4 predict "$work/export.json"
check "the export gives one record per element" test "$(lines "$work/out")" = 5
check "mask_name is the title and mask_id is kept" grep -q '^{"mask_id":636,"mask_name":"Acme Shield KN95 Small","breakdown":\[{"Acme":"brand"},' "$work/out"
check "the element without a title names --field" grep -q '^{"mask_id":638,"error":"no \\"title\\", \\"mask_name\\" or \\"name\\" member: name the title.s member with --field"}$' "$work/out"
check "an element that is not an object is an error record" grep -q '"error":"the array element is not a JSON object"' "$work/out"
check "an element's messages name the line it starts on" contains "$work/err" "the array element is not a JSON object ($work/export.json:9)"
check "a title with a JSON escape is labeled" grep -q '^{"mask_id":639,"mask_name":"Envo Mask \\n Large","tokens":\["Envo","Mask","Large"\]' "$work/out"
run 4 predict "$work/export.json" --output-format csv
check "export to CSV: a column per member of the first element" test "$(head -1 "$work/out")" = "mask_id,mask_name,breakdown,$added"
check "export to CSV: compact JSON for the breakdown" contains "$work/out" '636,Acme Shield KN95 Small,"[{""Acme"":""brand""},{""Shield"":""model""},{""KN95"":""filter_type""},{""Small"":""size""}]",Acme'
check "export to CSV: an absent member is an empty cell" grep -q '^637,Zorro Z-7 N95,,' "$work/out"
printf '{bad\n{"id":1,"title":"3M Aura"}\n' >"$work/badfirst.jsonl"
run 4 predict "$work/badfirst.jsonl" --output-format csv
check "a broken first JSON record does not make the CSV columns" test "$(head -1 "$work/out")" = "id,title,$added"
check "... the good records fill them" grep -q '^1,3M Aura,3M,' "$work/out"
check "... and the broken one keeps its text" grep -q 'the record as read: {bad$' "$work/out"
printf '[{"mask_name":"x","qty":1 000}]' >"$work/spaced.json"
run 4 predict "$work/spaced.json"
check "whitespace inside an element's number is an error, not 1000" contains "$work/out" '"error":"malformed JSON at line 1, column'
printf '[{"name":"3M 8210"}]' >"$work/oneline"
run 0 predict "$work/oneline"
check "any array of objects, by content" grep -q '^{"name":"3M 8210","tokens":' "$work/out"
printf '[{"a":1} {"b":2}]\n' >"$work/broken.json"
run 1 predict "$work/broken.json"
check "a broken array names line and column" contains "$work/err" "malformed JSON array: expected ',' or ']' after an element, found '{' ($work/broken.json:1:10)"
printf '[{"mask_name":"3M 8210"},{"mask_name":"Moldex 2200"},{"mask_name": tru' >"$work/truncated.json"
run 1 predict "$work/truncated.json"
check "an array that breaks off: the records before the break are written, then the error" \
  test "$(grep -c '"tokens"' "$work/out")" = 2
check "... which names where it broke off" contains "$work/err" "the input ends inside an element ($work/truncated.json:1:"
printf '{"mask_name":"3M 8210"}\n{"name":"Honeywell H910"}\n{"id":1}\n' >"$work/names.jsonl"
run 4 predict "$work/names.jsonl"
check "JSON lines: mask_name and name are titles too" test "$(grep -c '"tokens"' "$work/out")" = 2
check "JSON lines: a missing title names --field" contains "$work/err" 'no "title", "mask_name" or "name" member: name the title'"'"'s member with --field'
printf '{"product":"3M 8210","labels":["brand","model"]}\n' >"$work/product.jsonl"
run 0 eval --field product "$work/product.jsonl"
check "eval takes --field" contains "$work/err" "read 1 labeled titles, skipped 0"
run 1 eval "$work/product.jsonl"
check "eval without --field names it" contains "$work/err" "name the title's member with --field"

# --- 4. every input field kept in every output format -----------------------------------
printf '{"id":7,"title":"3M 8210","tags":["a", "b"]}\n' >"$work/fields.jsonl"
run 0 predict "$work/fields.jsonl" --output-format csv
check "JSON to CSV keeps ids and other members" test "$(sed -n 2p "$work/out")" = '7,3M 8210,"[""a"",""b""]",3M,,,,8210,,,,,0.9994,'
run 0 predict "$work/fields.jsonl" --output-format breathesafe
check "breathesafe carries the other members after its keys" grep -q '"confidence":0.9994,"id":7,"tags":\["a","b"\]}$' "$work/out"
run 0 predict "$work/fields.jsonl" --output-format conll
check "CoNLL carries them on a comment line" test "$(head -1 "$work/out")" = '# {"id":7,"tags":["a","b"]}'
run 0 predict "$work/products.csv" --output-format conll
check "CoNLL carries CSV columns too" test "$(head -1 "$work/out")" = '# {"id":"17","color":"white","size":"M","confidence":"high","error":"none"}'
cp "$work/out" "$work/products.conll"
run 0 eval "$work/products.conll" --format conll
check "masktag reads its CoNLL back" contains "$work/err" "read 2 labeled titles, skipped 0"

# --- 5. the round trip retrains --------------------------------------------------------
cat >"$work/titles.txt" <<'EOF'
3M Aura 9205+ N95
3M Respirator 8210 20 per Box
Honeywell DF300 N95 Respirator
Moldex 2200 N95 Medium/Large
Kimberly-Clark N95 Pouch Respirator
EOF
run 0 predict "$work/titles.txt" --output-format csv -o "$work/round.csv"
run 0 eval "$work/round.csv"
check "eval reads every predicted row back, runs joined included" contains "$work/err" "read 5 labeled titles, skipped 0"
# The edit: "DF300" becomes a style, not a model, in that one row.
python3 - "$work/round.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    if r["title"].startswith("Honeywell DF300"):
        r["model"], r["style"] = "", "DF300"
w = csv.DictWriter(open(sys.argv[1], "w", newline=""), fieldnames=list(rows[0].keys()), lineterminator="\n")
w.writeheader()
w.writerows(rows)
EOF
run 0 train "$work/round.csv" -o "$work/round.model" --lexicon none --c 100
check "train reads every edited row" contains "$work/err" "read 5 labeled titles, skipped 0"
echo "Honeywell DF300 N95 Respirator" | "$masktag" predict -m "$work/round.model" >"$work/learned" 2>/dev/null
check "the edit is learned" grep -q '"components":{"brand":"Honeywell","style":"DF300"' "$work/learned"
# Every title of the team's corpus, predicted to CSV and scored with the same model, reads
# back whole and agrees with predict token for token.
run 0 predict "$src/data/corpus.jsonl" --output-format csv -o "$work/corpus.csv"
run 0 eval "$work/corpus.csv"
check "the corpus reads back from predict's CSV, every title" contains "$work/err" "read $(grep -c . "$src/data/corpus.jsonl") labeled titles, skipped 0"
check "... with the labels predict gave" grep -q "^token accuracy  1.0000" "$work/out"
# A prefixed round trip: the table's own color column is not taken for labels.
"$masktag" predict "$work/products.csv" --output-format csv -o "$work/prefixed.csv" 2>/dev/null
run 0 eval "$work/prefixed.csv"
check "eval reads masktag_ columns, not the table's own" contains "$work/err" "read 2 labeled titles, skipped 0"
printf 'title,brand,model,error\n3M 8210,3M,8210,\nbad title,,,could not label\n' >"$work/witherr.csv"
run 0 eval "$work/witherr.csv"
check "a row predict wrote with an error is skipped with a warning" contains "$work/err" "predict could not label it: could not label"

printf '{"id":3}\n{"title":"3M 8210"}\n' | "$masktag" predict >"$work/with-error.jsonl" 2>/dev/null
run 0 eval "$work/with-error.jsonl"
check "eval skips a JSON record predict wrote with an error" contains "$work/err" "skipped record: predict could not label it"
check "... and scores the rest" contains "$work/err" "read 1 labeled titles, skipped 1"

# --- 6. delimiters ---------------------------------------------------------------------
printf 'id;name;color\n1;3M 8210;white\n2;Honeywell H910;blue\n' >"$work/semi.csv"
run 0 predict "$work/semi.csv" --output-format csv
check "';' is detected from the header whatever the extension" test "$(head -1 "$work/out")" = "id;name;color;$added" -o \
  "$(head -1 "$work/out")" = "id,name,color,masktag_$(echo "$added" | sed 's/,/,masktag_/g')"
check "';' rows are read" grep -q '^1,3M 8210,white,3M,' "$work/out"
printf 'id,name\n1;3M 8210\n' >"$work/mixed.csv"
run 4 predict "$work/mixed.csv"
check "rows that disagree with the header suggest the delimiter" contains "$work/err" \
  "the row has 1 fields, the header has 2: did you mean --delimiter ';'? ($work/mixed.csv:2)"
printf 'id,title,note\n1,3M 8210,"tab\there, line\nbreak, back\\\\slash"\n' >"$work/odd.csv"
run 0 predict "$work/odd.csv" --output-format tsv -o "$work/odd.tsv"
check "TSV output is linear TSV" test "$(sed -n 2p "$work/odd.tsv" | cut -f3)" = 'tab\there, line\nbreak, back\\\\slash'
check "TSV output has one line per record" test "$(lines "$work/odd.tsv")" = 2
run 0 predict "$work/odd.tsv" --output-format csv --prefix p_
check "TSV input reads linear TSV back" contains "$work/out" "\"tab	here, line
break, back\\\\slash\""

# --- 7, 8. statuses, and model and data files in each other's place ---------------------
run 1 predict -m "$work/nonexistent.model" "$work/titles.txt"
check "a failed run is status 1" contains "$work/err" "nonexistent.model"
run 1 predict "$src/models/default.model"
check "a model given as input says so" test "$(cat "$work/err")" = \
  "masktag: this is a masktag model file, not data: give a model with -m (for example 'masktag predict -m $src/models/default.model titles.txt'), and titles or labeled titles as inputs ($src/models/default.model)"
check "and writes no records" test ! -s "$work/out"
run 1 train "$src/models/default.model" -o "$work/x.model"
check "train says so too" contains "$work/err" "this is a masktag model file, not data"
run 1 predict -m "$work/fields.jsonl" "$work/titles.txt"
check "a data file given as -m says so" test "$(cat "$work/err")" = \
  "masktag: not a masktag model file (it looks like JSON data): give data files as inputs, and with -m a model that 'masktag train' wrote ($work/fields.jsonl)"
run 1 eval -m "$work/titles.txt" "$work/round.csv"
check "a text file given as -m says what it looks like" contains "$work/err" "it looks like text or CSV data"
printf 'id,title\n1,"3M\n8210"x\n2,ok\n' >"$work/multiline.csv"
run 4 predict "$work/multiline.csv"
check "a message's line and its place agree" contains "$work/err" \
  "unexpected 'x' after a closing quote at line 3, column 6 ($work/multiline.csv:3:6)"
printf 'title,brand\n"3M\n8210"x,3M\n' >"$work/multiline-labeled.csv"
run 1 train "$work/multiline-labeled.csv" -o "$work/x.model"
check "train's message and place agree too" contains "$work/err" "at line 3, column 6 (use --on-error skip to go on without such records) ($work/multiline-labeled.csv:3:6)"

finish
