#!/usr/bin/env bash
# Installs every system package Tandem needs to build, test and benchmark on Debian 12.
# Idempotent: packages already present are skipped, so a second run costs a dpkg query.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang-format
  # fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes
  clang-16 libfuzzer-16-dev libclang-rt-16-dev
  # libraries (Boost 1.81 family: conflicts with the 1.74 -dev packages)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpq-dev libsqlite3-dev libssl-dev libsodium-dev libcrypt-dev libhiredis-dev
  libspdlog-dev libfmt-dev libcli11-dev libgtest-dev libjemalloc-dev
  # test and benchmark peers
  postgresql postgresql-contrib redis-server haproxy wrk curl
  python3-pytest python3-requests python3-websockets python3-jwt python3-bcrypt python3-werkzeug
  python3-redis
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node/npm may come from outside Debian on some images: accept any working npm.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
