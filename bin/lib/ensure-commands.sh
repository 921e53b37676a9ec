#!/usr/bin/env bash
# Makes sure commands the build checks with are on PATH, installing their Debian packages when missing.
#   bin/lib/ensure-commands.sh [--optional] promtool:prometheus amtool:prometheus-alertmanager
# Idempotent: does nothing when every command exists. Installs with apt-get as root or through passwordless sudo.
# When that is impossible (no apt-get, no root): fails with what to install, or with --optional says SKIPPING and
# exits 0, and the checks that need the commands skip themselves, naming what is missing. A failed install always
# fails.
set -euo pipefail

optional=false
if [ "${1:-}" = "--optional" ]; then
  optional=true
  shift
fi

missing_packages=()
for pair in "$@"; do
  if ! command -v "${pair%%:*}" >/dev/null 2>&1; then
    missing_packages+=("${pair#*:}")
  fi
done
[ "${#missing_packages[@]}" -eq 0 ] && exit 0

cannot_install() {
  if $optional; then
    echo "ensure-commands: SKIPPING the checks that need ${missing_packages[*]}: $1" >&2
    echo "ensure-commands: to run them: sudo apt-get install -y ${missing_packages[*]}" >&2
    exit 0
  fi
  echo "ensure-commands: missing ${missing_packages[*]}: $1; install: sudo apt-get install -y ${missing_packages[*]}" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || cannot_install "there is no apt-get here"
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  cannot_install "apt-get needs root (no passwordless sudo)"
fi

echo "ensure-commands: installing ${missing_packages[*]}"
"${run[@]}" apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing_packages[@]}" >/dev/null
for pair in "$@"; do
  if ! command -v "${pair%%:*}" >/dev/null 2>&1; then
    echo "ensure-commands: installed ${missing_packages[*]} but ${pair%%:*} is still not on PATH" >&2
    exit 1
  fi
done
