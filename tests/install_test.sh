#!/usr/bin/env bash
# cmake --install into a temporary prefix: the binary, the man page, the bash, zsh and fish
# completions and the license are where they belong, each works, and the installed binary
# runs from a cron-like environment. Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
. "$src/tests/harness.sh"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1
check "cmake --install exits 0" test $? = 0
for f in bin/masktag share/man/man1/masktag.1 share/bash-completion/completions/masktag \
         share/zsh/site-functions/_masktag share/fish/vendor_completions.d/masktag.fish share/doc/masktag/LICENSE; do
  check "installs $f" test -s "$prefix/$f"
done
check "the binary is executable" test -x "$prefix/bin/masktag"
check "the license is Apache-2.0 with the year and its authors" \
  grep -q "Copyright 2026 the masktag authors" "$prefix/share/doc/masktag/LICENSE"
check "the man page is a man page of masktag" grep -q '^\.TH MASKTAG "1"' "$prefix/share/man/man1/masktag.1"
check "the man page has every command's options" grep -q 'no\\-header' "$prefix/share/man/man1/masktag.1"
if command -v man >/dev/null; then
  check "the man page renders" sh -c "MANWIDTH=80 man -l '$prefix/share/man/man1/masktag.1' 2>/dev/null | grep -q 'masktag predict'"
fi
check "bash reads the bash completion" bash -n "$prefix/share/bash-completion/completions/masktag"
complete_words() {  # complete_words WORD...: what bash completes the last word to
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _masktag; echo "${COMPREPLY[*]}"' \
    _ "$prefix/share/bash-completion/completions/masktag" "$@"
}
check "bash completes a command" test "$(complete_words masktag pre)" = "predict"
check "bash completes an option" test "$(complete_words masktag predict --output-f)" = "--output-format"
check "bash completes an option's choices" test "$(complete_words masktag predict --output-format c)" = "csv conll"
if command -v zsh >/dev/null; then
  check "zsh reads the zsh completion" zsh -n "$prefix/share/zsh/site-functions/_masktag"
else
  fail "zsh is not installed (scripts/setup.sh --tests installs it)"
fi
if command -v fish >/dev/null; then
  check "fish reads the fish completion" fish --no-execute "$prefix/share/fish/vendor_completions.d/masktag.fish"
  check "fish completes an option's choices" sh -c \
    "fish -c 'source $prefix/share/fish/vendor_completions.d/masktag.fish; complete -C \"masktag predict --format j\"' | grep -q '^json'"
else
  fail "fish is not installed (scripts/setup.sh --tests installs it)"
fi
# cron runs jobs with almost nothing in the environment, from the home directory.
out=$(cd / && echo "3M Aura 9205+ N95" | env -i PATH=/usr/bin:/bin "$prefix/bin/masktag" predict 2>"$work/err")
check "the installed binary runs from a cron-like environment" test $? = 0
check "... and labels with its built-in model" sh -c "echo '$out' | grep -q '\"components\":{\"brand\":\"3M\"'"
check "... with nothing on stderr" test ! -s "$work/err"
check "the installed binary reports its version" sh -c "env -i '$prefix/bin/masktag' --version | grep -q '^masktag [0-9]'"
finish
