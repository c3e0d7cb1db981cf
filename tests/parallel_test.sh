#!/usr/bin/env bash
# masktag predict sharded by GNU parallel gives byte-identical output to one process, on
# 100,000 generated titles: text and JSON lines in, blocks of several sizes, local job
# slots, --sshlogin with the local host, and --sshlogin with two "hosts" reached through a
# stand-in for ssh (--ssh) that runs each host's commands in a directory of its own, so
# --basefile really copies the binary (with rsync) and the jobs run that copy.
# Usage: parallel_test.sh MASKTAG SOURCE_DIR
set -u
masktag=$1
src=$2
. "$src/tests/harness.sh"
gen=$src/scripts/generate_titles.pl
# shard ARGS...: parallel --pipe --keep-order ARGS, stdin to stdout, status in $status and
# the number of jobs it ran (from its --joblog, one line per job after a header) in $jobs.
shard() {
  rm -f "$work/joblog"
  parallel --will-cite --pipe --keep-order --joblog "$work/joblog" "$@" 2>"$work/err"
  status=$?
  jobs=$(($(lines "$work/joblog") - 1))
}
# ran_sharded NAME: the last shard() exited 0 and really split the input (more than one job).
ran_sharded() {
  check "$1 exits 0: $(head -c 300 "$work/err")" test "$status" -eq 0
  check "$1 ran more than one job ($jobs)" test "$jobs" -gt 1
}

if ! command -v parallel >/dev/null; then
  echo "FAIL: GNU parallel is not installed (scripts/setup.sh --tests installs it)" >&2
  exit 1
fi

perl "$gen" --count 100000 --seed 8 --format text >"$work/titles.txt"
perl "$gen" --count 100000 --seed 9 >"$work/titles.jsonl"
check "100,000 text titles" test "$(lines "$work/titles.txt")" = 100000
check "100,000 JSON lines" test "$(lines "$work/titles.jsonl")" = 100000

# --- text in, JSON lines out: one process vs shards ------------------------------------
"$masktag" predict --format text "$work/titles.txt" >"$work/one.jsonl"
check "one process labels all 100,000" test "$(lines "$work/one.jsonl")" = 100000
shard --block 1M -j2 "$masktag" predict --format text <"$work/titles.txt" >"$work/par.jsonl"
ran_sharded "parallel --block 1M -j2"
check "--block 1M -j2: byte-identical to one process" cmp -s "$work/one.jsonl" "$work/par.jsonl"
shard --block 200k -j2 "$masktag" predict --format text <"$work/titles.txt" >"$work/par.jsonl"
ran_sharded "--block 200k"
check "--block 200k (about 22 shards): byte-identical" cmp -s "$work/one.jsonl" "$work/par.jsonl"
shard --block 1M -j2 "$masktag" predict --format text --threads 2 <"$work/titles.txt" >"$work/par.jsonl"
ran_sharded "shards with --threads 2"
check "shards with --threads 2 each: byte-identical" cmp -s "$work/one.jsonl" "$work/par.jsonl"

# --- the reference shape ---------------------------------------------------------------
"$masktag" predict --format text --output-format breathesafe "$work/titles.txt" >"$work/one.bs"
shard --block 500k -j2 "$masktag" predict --format text --output-format breathesafe <"$work/titles.txt" >"$work/par.bs"
ran_sharded "--output-format breathesafe sharded"
check "--output-format breathesafe sharded: byte-identical" cmp -s "$work/one.bs" "$work/par.bs"

# --- JSON lines in (other members kept) ------------------------------------------------
"$masktag" predict --format jsonl "$work/titles.jsonl" >"$work/one.j"
check "JSON lines: one process labels all 100,000" test "$(lines "$work/one.j")" = 100000
shard --block 1M -j2 "$masktag" predict --format jsonl <"$work/titles.jsonl" >"$work/par.j"
ran_sharded "JSON lines in, sharded"
check "JSON lines in, sharded: byte-identical" cmp -s "$work/one.j" "$work/par.j"

# --- --sshlogin with the local host (':') ----------------------------------------------
shard --sshlogin 2/: --block 1M "$masktag" predict --format text <"$work/titles.txt" >"$work/par.jsonl"
ran_sharded "--sshlogin 2/:"
check "--sshlogin 2/:: byte-identical" cmp -s "$work/one.jsonl" "$work/par.jsonl"

# --- --sshlogin with two hosts and --basefile, ssh replaced by a local stand-in ---------
# fakessh [OPTIONS] HOST [--] COMMAND...: runs COMMAND with bash in $FAKE_ROOT/HOST, as
# ssh runs it with the login shell in HOST's home directory. sshd sets SHELL to that login
# shell, and parallel's remote wrapper needs it: CI may run us without SHELL.
cat >"$work/fakessh" <<'EOF'
#!/bin/bash
while [[ $1 == -* ]]; do case $1 in -l|-p|-o|-i|-F) shift 2;; *) shift;; esac; done
host=${1##*@}; shift
[[ ${1-} == -- ]] && shift
echo "$host ${1-}" >>"$FAKE_ROOT/log"
mkdir -p "$FAKE_ROOT/$host" && cd "$FAKE_ROOT/$host" || exit 255
export SHELL=/bin/bash
exec bash -c "$*"
EOF
chmod +x "$work/fakessh"
mkdir "$work/local" "$work/hosts"
cp "$masktag" "$work/local/masktag"
if command -v rsync >/dev/null; then
  (cd "$work/local" && FAKE_ROOT=$work/hosts parallel --will-cite --ssh "$work/fakessh" \
    --sshlogin 1/hostA,1/hostB --basefile masktag --pipe --keep-order --block 1M \
    ./masktag predict --format text <"$work/titles.txt" >"$work/par.jsonl" 2>"$work/err")
  status=$?
  check "two hosts with --basefile exit 0: $(head -c 300 "$work/err")" test "$status" -eq 0
  check "two hosts with --basefile: byte-identical" cmp -s "$work/one.jsonl" "$work/par.jsonl"
  for host in hostA hostB; do
    check "--basefile copied the binary to $host" cmp -s "$masktag" "$work/hosts/$host/masktag"
    check "$host ran jobs" grep -q "^$host exec" "$work/hosts/log"
    check "$host received the binary by rsync" grep -q "^$host rsync" "$work/hosts/log"
  done
else
  fail "rsync is not installed (scripts/setup.sh --tests installs it; parallel's --basefile needs it)"
fi

# --- a bad record in one shard: still one record per title, in order, and status 1 -----
{ head -n 50000 "$work/titles.txt"; printf 'bad \xff title\n'; tail -n +50001 "$work/titles.txt"; } >"$work/bad.txt"
"$masktag" predict --format text "$work/bad.txt" >"$work/one.bad" 2>/dev/null
shard --block 1M -j2 "$masktag" predict --format text <"$work/bad.txt" >"$work/par.bad"
check "a bad record: byte-identical, its error in place" cmp -s "$work/one.bad" "$work/par.bad"
check "a bad record: 100,001 records" test "$(lines "$work/par.bad")" = 100001
check "a bad record: parallel exits with the number of failed shards (1), not 0" test "$status" -eq 1

# --- why shards need --format: a block may start with a title that looks like a header --
printf 'Name, Size\n3M Aura 9205+ N95\n' >"$work/headerish.txt"
check "auto-detection takes 'Name, Size' for a CSV header" \
  test "$("$masktag" predict <"$work/headerish.txt" 2>/dev/null | lines /dev/stdin)" = 1
check "--format text keeps it a title" \
  test "$("$masktag" predict --format text <"$work/headerish.txt" | lines /dev/stdin)" = 2

finish
