#!/usr/bin/env bash
# Every C++ file keeps .clang-format's layout (clang-format --dry-run, as Debian's
# clang-format 14 reads it). Fix with: clang-format -i FILE. Usage: format_test.sh SOURCE_DIR
set -u
src=$1
. "$src/tests/harness.sh"
if ! command -v clang-format >/dev/null; then
  fail "clang-format is not installed (scripts/setup.sh --tests installs it)"
  finish
fi
cd "$src" || exit 1
for f in lib/masktag/*.cpp lib/masktag/*.h app/*.cpp app/*.h tests/*.cpp tests/*.h tests/fuzz/*.cpp; do
  check "$f keeps .clang-format's layout (clang-format -i $f)" clang-format --dry-run -Werror "$f"
done
finish
