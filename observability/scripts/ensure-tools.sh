#!/usr/bin/env bash
# Makes sure promtool (Debian package prometheus) and amtool (prometheus-alertmanager) are on PATH.
# Idempotent: does nothing when both exist. Otherwise installs them with apt-get, as root or through
# passwordless sudo; anything else fails with a message saying what to install.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1; then
  exit 0
fi

packages=(prometheus prometheus-alertmanager)
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "ensure-tools: promtool and amtool are missing and cannot be installed without root." >&2
  echo "ensure-tools: install them with: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: no apt-get here; install promtool and amtool (Prometheus 2.42+, Alertmanager 0.25+) by hand." >&2
  exit 1
fi

echo "ensure-tools: installing ${packages[*]} (promtool, amtool)"
"${run[@]}" apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
command -v promtool >/dev/null && command -v amtool >/dev/null
