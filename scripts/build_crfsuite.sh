#!/usr/bin/env bash
# Optional: builds CRFsuite 0.12.2 (the C library and its `crfsuite` command) from its
# public source into PREFIX, outside the repository, for the side-by-side CRFsuite columns
# of scripts/bench_train and scripts/bench (issue 18). Neither the build, the tests nor CI
# use it: masktag never needs CRFsuite.
#
# Usage: scripts/build_crfsuite.sh [--shared] [--liblbfgs LBFGS_SRC] CRFSUITE_SRC PREFIX
#   CRFSUITE_SRC  github.com/chokkan/crfsuite: a source tree, or a git directory (a clone,
#                 bare or not), whose CRFSUITE_REF (default HEAD) is exported; its HEAD
#                 (a2a1547, 2020) calls itself 0.12.2, as the release tarball did
#   --liblbfgs LBFGS_SRC
#                 github.com/chokkan/liblbfgs likewise (LIBLBFGS_REF, default v1.10, the
#                 version CRFsuite 0.12.2 was released with), built into PREFIX too;
#                 without it, the system's liblbfgs (Debian: apt-get install liblbfgs-dev)
#   --shared      also build shared libraries, as a plain ./configure does: `crfsuite` then
#                 loads libcrfsuite, libcqdb and liblbfgs at start-up. By default they are
#                 static archives linked into `crfsuite`, which loads only libc and libm.
#   PREFIX        where to install (PREFIX/bin/crfsuite); sources are built in PREFIX/src.
#                 Refused when inside this repository or any of its git worktrees.
# Needs a C compiler, make, autoconf, automake and libtool (Debian: apt-get install
# build-essential autoconf automake libtool). Builds with CFLAGS=-O2: configure puts
# its own "-O3 -fomit-frame-pointer -ffast-math" (and, for CRFsuite, "-msse2 -DUSE_SSE")
# first, so -O2 is the optimisation level and the rest stays. JOBS=N: make -jN (default:
# all cores); run it under `nice -n 19` on a busy machine.
#
# For example (sources from GitHub; any prefix outside the checkout):
#   git clone https://github.com/chokkan/crfsuite /tmp/crfsuite.git
#   git clone https://github.com/chokkan/liblbfgs /tmp/liblbfgs.git
#   nice -n 19 scripts/build_crfsuite.sh --liblbfgs /tmp/liblbfgs.git /tmp/crfsuite.git ~/crfsuite
#   CRFSUITE=~/crfsuite/bin/crfsuite scripts/bench_train
set -euo pipefail

# usage STATUS: the comment above, from "Usage:" to the example.
usage() { sed -n '/^# Usage:/,/^# For example/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "$1"; }

shared=false
lbfgs_src=""
while [ $# -gt 0 ]; do
  case "$1" in
    --shared) shared=true; shift ;;
    --liblbfgs) [ $# -ge 2 ] || usage 2; lbfgs_src=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    -*) echo "build_crfsuite.sh: unknown option $1" >&2; usage 2 ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || usage 2
crfsuite_src=$1
prefix=$(realpath -m -- "$2")
repo=$(cd "$(dirname "$0")/.." && pwd -P)

# The prefix must be outside the repository and every worktree of it.
inside() { case "$1/" in "$2"/*) return 0 ;; *) return 1 ;; esac; }
trees=("$repo")
if command -v git >/dev/null && git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  while read -r key path; do
    [ "$key" = worktree ] && trees+=("$(realpath -m -- "$path")")
  done < <(git -C "$repo" worktree list --porcelain)
fi
for tree in "${trees[@]}"; do
  if inside "$prefix" "$tree"; then
    echo "build_crfsuite.sh: refusing PREFIX $prefix: it is inside the repository ($tree); CRFsuite is built outside it" >&2
    exit 2
  fi
done

for tool in make autoconf automake libtoolize; do
  command -v "$tool" >/dev/null ||
    { echo "build_crfsuite.sh: needs $tool (Debian: apt-get install build-essential autoconf automake libtool)" >&2; exit 2; }
done
if [ -z "$lbfgs_src" ] && [ ! -f /usr/include/lbfgs.h ]; then
  echo "build_crfsuite.sh: no liblbfgs: pass --liblbfgs LBFGS_SRC, or apt-get install liblbfgs-dev" >&2
  exit 2
fi
jobs=${JOBS:-$(nproc)}
work=$prefix/src
mkdir -p "$work"

# unpack SRC NAME REF: copies a source tree, or exports REF of a git directory, to $work/NAME.
unpack() {
  local src=$1 name=$2 ref=$3
  rm -rf "${work:?}/$name"
  if [ -f "$src/configure.in" ] || [ -f "$src/configure.ac" ]; then
    cp -a "$src/." "$work/$name"
    echo "$name: the source tree $src"
  elif git --git-dir="$src" rev-parse --verify --quiet "$ref^{commit}" >/dev/null 2>&1 ||
    git --git-dir="$src/.git" rev-parse --verify --quiet "$ref^{commit}" >/dev/null 2>&1; then
    local gitdir=$src
    [ -d "$src/.git" ] && gitdir=$src/.git
    git --git-dir="$gitdir" archive --prefix="$name/" "$ref" | tar -x -C "$work"
    echo "$name: $ref = $(git --git-dir="$gitdir" rev-parse "$ref^{commit}") of $src"
  else
    echo "build_crfsuite.sh: $src is neither a source tree of $name nor a git directory with $ref" >&2
    exit 2
  fi
}

# build NAME CONFIGURE_ARGS...: autogen, configure, make, make install, logged to $work/NAME.log.
build() {
  local name=$1; shift
  echo "$name: building (log: $work/$name.log)"
  if ! (cd "$work/$name" && ./autogen.sh && ./configure --prefix="$prefix" "$@" CFLAGS=-O2 &&
    make -j"$jobs" && make install) >"$work/$name.log" 2>&1; then
    tail -20 "$work/$name.log" >&2
    echo "build_crfsuite.sh: building $name failed; the whole log: $work/$name.log" >&2
    exit 1
  fi
}

shared_flag=--disable-shared
$shared && shared_flag=--enable-shared
crfsuite_args=("$shared_flag")
if [ -n "$lbfgs_src" ]; then
  unpack "$lbfgs_src" liblbfgs "${LIBLBFGS_REF:-v1.10}"
  build liblbfgs "$shared_flag"
  crfsuite_args+=(--with-liblbfgs="$prefix")
fi
unpack "$crfsuite_src" crfsuite "${CRFSUITE_REF:-HEAD}"
build crfsuite "${crfsuite_args[@]}"

"$prefix/bin/crfsuite" -h | head -1
echo "installed $prefix/bin/crfsuite; the benchmarks' CRFsuite columns:"
echo "  CRFSUITE=$prefix/bin/crfsuite scripts/bench_train    (or --crfsuite $prefix/bin/crfsuite)"
echo "  CRFSUITE=$prefix/bin/crfsuite scripts/bench"
