#!/usr/bin/env bash
# Installs what masktag needs to build and test on Debian 12 (run as root). Safe to rerun:
# it only calls apt when a package is missing.
set -euo pipefail
packages=(build-essential cmake time file jq ruby ruby-minitest parallel rsync libdlib-dev libblas-dev liblapack-dev libgfortran-12-dev libcli11-dev libfmt-dev catch2)
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
