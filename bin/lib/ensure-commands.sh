#!/usr/bin/env bash
# Makes sure commands the build checks with are on PATH, installing their Debian packages when missing.
#   bin/lib/ensure-commands.sh promtool:prometheus amtool:prometheus-alertmanager
# Idempotent: does nothing when every command exists. Installs with apt-get as root or through passwordless
# sudo; anything else fails with a message saying what to install.
set -euo pipefail

missing_packages=()
for pair in "$@"; do
  command="${pair%%:*}"
  package="${pair#*:}"
  if ! command -v "$command" >/dev/null 2>&1; then
    missing_packages+=("$package")
  fi
done
[ "${#missing_packages[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "ensure-commands: missing ${missing_packages[*]}; install them with: sudo apt-get install -y ${missing_packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-commands: no apt-get here; install ${missing_packages[*]} by hand." >&2
  exit 1
fi

echo "ensure-commands: installing ${missing_packages[*]}"
"${run[@]}" apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing_packages[@]}" >/dev/null
for pair in "$@"; do
  command -v "${pair%%:*}" >/dev/null
done
