# Shared by the shell tests: counts checks and reports them in the closing line CI reads.
# Makes $work, a scratch directory removed on exit. expect_status reads the $status that
# run() leaves.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check NAME COMMAND...: the command must succeed.
check() { local name=$1; shift; if "$@"; then pass; else fail "$name"; fi; }
# run EXPECTED_STATUS ARGS...: runs "$masktag" ARGS, keeping stdout and stderr in
# $work/out and $work/err and the status in $status (a script may define its own).
run() {
  local expected=$1; shift
  "$masktag" "$@" >"$work/out" 2>"$work/err"
  status=$?
  expect_status "masktag $*" "$expected"
}
# expect_status NAME EXPECTED: after a run, the status it left in $status.
expect_status() {
  if [ "$status" -ne "$2" ]; then
    fail "$1 exited $status, expected $2; stderr: $(head -c 500 "$work/err")"
  else
    pass
  fi
}
contains() { grep -q -F -- "$2" "$1"; }
lines() { wc -l <"$1" | tr -d ' '; }
# finish: prints "N passed, M failed" and exits 1 when any check failed.
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
