#!/usr/bin/env bash
# scripts/setup.sh installs only what the build needs for command A, and the tests' packages
# besides with --tests (command B). It runs from a copy with dpkg-query reporting every
# package missing and apt-get, npm recording what they were asked. Usage: setup_test.sh SOURCE_DIR
set -u
src=$1
. "$src/tests/harness.sh"
mkdir -p "$work/repo/scripts" "$work/repo/tests/lambda" "$work/bin"
cp "$src/scripts/setup.sh" "$work/repo/scripts/"
cat >"$work/bin/dpkg-query" <<'FAKE'
#!/bin/sh
exit 1
FAKE
cat >"$work/bin/apt-get" <<'FAKE'
#!/bin/sh
echo "apt-get $*" >>"$SETUP_TEST_LOG"
FAKE
cat >"$work/bin/npm" <<'FAKE'
#!/bin/sh
echo "npm $*" >>"$SETUP_TEST_LOG"
FAKE
chmod +x "$work/bin/"*
run_setup() {  # run_setup LOG [--tests]: the packages apt-get was asked to install, one per line
  local log=$1; shift
  SETUP_TEST_LOG=$log PATH="$work/bin:$PATH" bash "$work/repo/scripts/setup.sh" "$@" 2>/dev/null
  grep '^apt-get install' "$log" | tr ' ' '\n' | grep -v '^-' | grep -v '^apt-get$\|^install$' | sort
}
build_set=$(run_setup "$work/a.log")
test_set=$(run_setup "$work/b.log" --tests)
for p in build-essential cmake libdlib-dev libcli11-dev libfmt-dev help2man; do
  check "command A installs $p" grep -qx "$p" <<<"$build_set"
done
for p in clang ruby catch2 nodejs npm sqlite3 zsh fish chromium; do
  check "command A does not install $p" sh -c "! grep -qx '$p' <<EOT
$build_set
EOT"
done
for p in build-essential libdlib-dev catch2 clang libclang-rt-14-dev ruby sqlite3 zsh fish chromium libxml2-utils; do
  check "command B installs $p" grep -qx "$p" <<<"$test_set"
done
check "command A runs no npm" sh -c "! grep -q '^npm' '$work/a.log'"
check "command B installs the Lambda test's npm packages" grep -q '^npm ci' "$work/b.log"
SETUP_TEST_LOG=$work/c.log PATH="$work/bin:$PATH" bash "$work/repo/scripts/setup.sh" --test 2>"$work/c.err"
check "an unknown option is a usage error (status 2)" test $? = 2
check "... which names the option" grep -q "unknown option '--test'" "$work/c.err"
finish
