#!/usr/bin/env bash
# End-to-end test of the AWS Lambda deployment: scripts/package-lambda builds the zip, and
# @vercel/fun (a local implementation of the Lambda Runtime API, tests/lambda/) unzips it
# and runs its `bootstrap` as a `provided` custom runtime; the events the reference
# function took are invoked and the answers checked. Usage: lambda_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
. "$src/tests/harness.sh"
invoke_js=$src/tests/lambda/invoke.js
if ! command -v node >/dev/null || [ ! -d "$src/tests/lambda/node_modules/@vercel/fun" ]; then
  echo "FAIL: node or @vercel/fun is missing: run scripts/setup.sh --tests" >&2
  exit 1
fi
# fun keeps its runtimes under $XDG_CACHE_HOME; keep them out of the user's home.
export XDG_CACHE_HOME=$work/cache

# --- the subcommand outside Lambda ----------------------------------------------------
run 0 lambda --help
check "lambda --help shows the events" contains "$work/out" '{"mask_names": ['
run 2 lambda --bogus
env -u AWS_LAMBDA_RUNTIME_API "$masktag" lambda >"$work/out" 2>"$work/err"
status=$?
expect_status "masktag lambda without AWS_LAMBDA_RUNTIME_API" 1
check "a missing Runtime API address is named" contains "$work/err" "AWS_LAMBDA_RUNTIME_API is not set"
AWS_LAMBDA_RUNTIME_API=localhost:9001 "$masktag" lambda >"$work/out" 2>"$work/err"
status=$?
expect_status "masktag lambda with a host name for the Runtime API" 1
check "a Runtime API address that is not numeric is refused" contains "$work/err" "numeric IP address"

# --- the zip ----------------------------------------------------------------------------
package() { "$src/scripts/package-lambda" --masktag "$masktag" "$@" >"$work/package.out" 2>"$work/package.err"; }
check "package-lambda builds the zip" package -o "$work/fn.zip"
check "package-lambda prints the size" contains "$work/package.out" "$(stat -c %s "$work/fn.zip") bytes"
size=$(stat -c %s "$work/fn.zip")
check "the zip is at most 3 MB ($size bytes)" test "$size" -le 3000000
zipinfo "$work/fn.zip" >"$work/zipinfo"
check "bootstrap is at the zip's root, mode 755" grep -q '^-rwxr-xr-x .* bootstrap$' "$work/zipinfo"
check "the zip holds bootstrap only" test "$(grep -c ' defX \| stor ' "$work/zipinfo")" -eq 1
mkdir "$work/unzipped" && (cd "$work/unzipped" && unzip -q "$work/fn.zip")
check "bootstrap is a static executable" sh -c "! ldd '$work/unzipped/bootstrap' >/dev/null 2>&1"
sleep 1
package -o "$work/fn2.zip"
check "the zip is deterministic" cmp -s "$work/fn.zip" "$work/fn2.zip"
# A relative -o is relative to the caller's directory (zip itself runs elsewhere).
mkdir "$work/rel"
check "package-lambda with a relative -o" sh -c "cd '$work/rel' && '$(realpath "$src")/scripts/package-lambda' --masktag '$(realpath "$masktag")' -o out/fn3.zip >/dev/null 2>&1"
check "the relative -o zip is where it was asked for" cmp -s "$work/fn.zip" "$work/rel/out/fn3.zip"
"$src/scripts/package-lambda" --masktag "$masktag" -m "$src/README.md" -o "$work/bad.zip" >/dev/null 2>&1
status=$?
expect_status "package-lambda -m with a file that is not a model" 1
check "no zip is left for a bad model" test ! -e "$work/bad.zip"
check "no temporary file is left" sh -c "! ls -A '$work' | grep -q tmp"

# --- invocations under @vercel/fun ---------------------------------------------------------
# invoke ZIP [--env NAME=VALUE]... < events: one answer line per event in $work/answers.
invoke() {
  local zip=$1; shift
  node "$invoke_js" "$@" "$zip" >"$work/answers" 2>"$work/fun.err"
  status=$?
  expect_status "fun invocations of $(basename "$zip")" 0
}
# answer N: the Nth answer's payload, parsed; body N: its body's text, byte for byte.
answer() { sed -n "${1}p" "$work/answers" | jq -c '.payload | fromjson'; }
body() { sed -n "${1}p" "$work/answers" | jq -j '.payload | fromjson | .body'; }
# expect_answer N STATUS: a response (no function error) with that statusCode and API
# Gateway's headers.
expect_answer() {
  local line
  line=$(sed -n "${1}p" "$work/answers")
  if [ "$(jq -r '.functionError' <<<"$line")" != null ]; then fail "event $1 failed: $line"; return; fi
  if [ "$(answer "$1" | jq -r .statusCode)" != "$2" ]; then fail "event $1: statusCode is not $2: $line"; return; fi
  if [ "$(answer "$1" | jq -c .headers)" != '{"Content-Type":"application/json","Access-Control-Allow-Origin":"*"}' ]; then
    fail "event $1: headers: $line"; return
  fi
  pass
}
# expect_error N TEXT: a 400 whose body is {"error": "...TEXT..."}.
expect_error() {
  expect_answer "$1" 400
  if [ "$(body "$1" | jq -r 'keys | join(",")')" != error ] || ! body "$1" | jq -r .error | grep -q -F -- "$2"; then
    fail "event $1: expected an error with '$2': $(body "$1")"
  else
    pass
  fi
}
# predicted TITLE...: masktag predict's breathesafe records of the titles, one a line.
predicted() { printf '%s\n' "$@" | "$masktag" predict --format text --output-format breathesafe "${model_args[@]}"; }
model_args=()

cat >"$work/events" <<'EOF'
{"mask_name": "3M Aura 9205+ N95"}
{"mask_names": ["3M 1860s", "Honeywell RU8800 Medium/Large for Medium nose", "", "Zimi ZM9233 w/ Headstraps"]}
{"body": "{\"mask_name\": \"BreatheTeq - Large\"}", "httpMethod": "POST", "isBase64Encoded": false}
{"body": "{\"mask_names\": [\"Envo Small\"]}"}
{"body": {"mask_name": "Envo Small"}}
{"mask_names": []}
{"mask_name": "3M Aura
{"mask_name": 9205}
{"mask_names": "3M 1860s"}
{"mask_names": ["3M 1860s", null]}
{"title": "3M 1860s"}
{"body": "{not json"}
{"body": "[1, 2]"}
["mask_name"]
{"mask_name": "  ,-- "}
{"body": null}
{"mask_name": "3M \ud800"}
{"mask_name": "Envo Small"}
EOF
invoke "$work/fn.zip" <"$work/events"
check "one answer per event" test "$(lines "$work/answers")" -eq "$(lines "$work/events")"
check "one process served every event (warm invocations)" test "$(grep -c 'lambda: serving' "$work/fun.err")" -eq 1
check "the built-in model serves" contains "$work/fun.err" "serving <default model>"

expect_answer 1 200
check "single: the body is predict's breathesafe record" test "$(body 1)" = "$(predicted "3M Aura 9205+ N95")"
check "single: tokens and components" test "$(body 1 | jq -c '[.tokens, .components.brand, (.components | keys | length)]')" = '[["3M","Aura","9205+","N95"],["3M"],9]'
check "single: a confidence in (0, 1]" test "$(body 1 | jq '.confidence > 0 and .confidence <= 1')" = true

expect_answer 2 200
check "batch: one prediction per title, in order" test "$(body 2 | jq '.predictions | length')" -eq 4
# The reference answered a title without tokens with an error in its place.
check "batch: predict's records, in order" test "$(body 2)" = "{\"predictions\":[$(
  predicted "3M 1860s" "Honeywell RU8800 Medium/Large for Medium nose" | paste -sd,),{\"error\":\"No tokens found\"},$(
  predicted "Zimi ZM9233 w/ Headstraps")]}"

expect_answer 3 200
check "API Gateway body string: the request inside is answered" test "$(body 3)" = "$(predicted "BreatheTeq - Large")"
expect_answer 4 200
check "API Gateway body string with a batch" test "$(body 4)" = "{\"predictions\":[$(predicted "Envo Small")]}"
expect_answer 5 200
check "a body that is an object is the request" test "$(body 5)" = "$(predicted "Envo Small")"
expect_answer 6 200
check "an empty batch has no predictions" test "$(body 6)" = '{"predictions":[]}'

expect_error 7 "Invalid JSON event"
expect_error 8 "mask_name must be a string"
expect_error 9 "mask_names must be an array"
expect_error 10 "mask_names[1] must be a string"
expect_error 11 "Missing required parameter: mask_name or mask_names"
expect_error 12 "Invalid JSON in body"
expect_error 13 "the body must be a JSON object"
expect_error 14 "the event must be a JSON object"
expect_error 15 "No tokens found"
expect_error 16 "Missing required parameter"
expect_error 17 "lone surrogate"
expect_answer 18 200
check "bad requests do not stop the function" test "$(body 18)" = "$(predicted "Envo Small")"

# --- a model shipped in the zip, and init errors -------------------------------------------
"$masktag" train "$src/tests/fixtures/small.jsonl" -o "$work/small.model" 2>/dev/null
check "package-lambda -m puts the model in the zip" package -m "$work/small.model" -o "$work/model.zip"
check "the model is masktag.model beside bootstrap" grep -q '^-rw-r--r-- .* masktag.model$' <(zipinfo "$work/model.zip")
printf '%s\n' '{"mask_names": ["3M Aura 9205+ N95", "Honeywell H910 Plus"]}' | invoke "$work/model.zip"
model_args=(-m "$work/small.model")
check "the shipped model serves" contains "$work/fun.err" "masktag.model"
check "the shipped model's predictions" test "$(body 1)" = \
  "{\"predictions\":[$(predicted "3M Aura 9205+ N95" "Honeywell H910 Plus" | paste -sd,)]}"

printf '%s\n' '{"mask_name": "Envo Small"}' | invoke "$work/fn.zip" --env MASKTAG_MODEL="$work/missing.model"
check "a model that cannot load is an init error" \
  test "$(sed -n 1p "$work/answers" | jq -r '.functionError + " " + (.payload | fromjson | .errorType)')" = "Unhandled Runtime.InitError"
check "the init error names the model" test "$(answer 1 | jq -r .errorMessage | grep -c missing.model)" -eq 1
check "the init error is logged" contains "$work/fun.err" "cannot start"

finish
