#!/usr/bin/env bash
# Builds masktag (Release) into build/: the binary build/masktag, its man page and shell
# completions. With --tests (command B) it builds the tests too, which need catch2
# (scripts/setup.sh --tests).
set -euo pipefail
cd "$(dirname "$0")/.."
testing=OFF
case "${1:-}" in
  --tests) testing=ON ;;
  "") ;;
  *) echo "build: unknown option '$1' (usage: scripts/build.sh [--tests])" >&2; exit 2 ;;
esac
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=$testing >/dev/null
cmake --build build -j"$(nproc)"
