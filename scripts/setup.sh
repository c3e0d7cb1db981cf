#!/usr/bin/env bash
# Installs what masktag needs to build and test on Debian 12 (run as root). Safe to rerun:
# it only calls apt when a package is missing, and npm when tests/lambda's lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Two sets: what the build needs (command A: `scripts/setup.sh`), and with --tests what
# the tests and the hardening need besides (command B, .ci/run: `scripts/setup.sh --tests`).
with_tests=false
case "${1:-}" in
  --tests) with_tests=true ;;
  "") ;;
  *) echo "setup: unknown option '$1' (usage: scripts/setup.sh [--tests])" >&2; exit 2 ;;
esac
# The build: a C++20 compiler and CMake; dlib with the BLAS, LAPACK and Fortran archives its
# static link needs; CLI11; fmt; zlib (the model file's CRC-32); help2man (the build makes
# the man page with it).
packages=(build-essential cmake help2man zlib1g-dev
          libdlib-dev libblas-dev liblapack-dev libgfortran-12-dev
          libcli11-dev libfmt-dev)
if $with_tests; then
  # catch2: the unit tests. time, file: scripts/bench; jq: scripts/bench_accuracy.
  # zip, unzip: scripts/package-lambda and its test; procps (ps): @vercel/fun stops functions with it.
  # ruby, ruby-minitest: the Ruby client's test; parallel, rsync: the GNU parallel test.
  # sqlite3: tests/tables_test.sh imports predict's CSV output with the sqlite3 shell.
  # zsh, fish: tests/install_test.sh checks the completions parse in each shell.
  # python3: tests/adversarial_test.sh's strict JSON checks, and the corpus scripts
  # (scripts/maker_folds, corpus_overlap, convention_agreement, data/corpus-src/).
  # clang (Debian 12: clang 14) and libclang-rt-14-dev (libFuzzer and the sanitizers'
  # runtimes; only a recommendation of clang's, which --no-install-recommends skips): the
  # asan and tsan presets, scripts/fuzz and scripts/ci-hardening (the end of .ci/run).
  # chromium (headless) and libxml2-utils (xmllint): tests/report_test.sh renders eval's
  # HTML report as a browser does (screenshot and DOM) and validates its SVG figures;
  # scripts/report_screenshot makes README's picture of the report with the same browser.
  # clang-format: tests/format_test.sh holds every C++ file to .clang-format.
  packages+=(catch2 clang-format time file jq zip unzip procps ruby ruby-minitest parallel rsync python3 sqlite3 zsh fish
             clang libclang-rt-14-dev chromium libxml2-utils)
  # Node.js runs @vercel/fun, the Lambda Runtime API the `lambda` test runs the zip under;
  # Debian's packages unless a node and npm are installed already.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# tests/lambda's npm packages, at the versions its package-lock.json pins.
if $with_tests && { [ ! -f tests/lambda/node_modules/.package-lock.json ] ||
   [ tests/lambda/package-lock.json -nt tests/lambda/node_modules/.package-lock.json ]; }; then
  echo "setup: installing tests/lambda's npm packages" >&2
  (cd tests/lambda && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
