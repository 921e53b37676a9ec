#!/usr/bin/env bash
# Writes the RSA key pair the gateway signs and verifies access tokens with into compose/secrets/, where
# compose.yaml mounts them as secrets. Keeps existing keys (tokens already issued stay valid) unless --force.
#   compose/generate-jwt-keys.sh [--force]
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
private="$dir/jwt-private.pem"
public="$dir/jwt-public.pem"

if [ -e "$private" ] && [ "${1:-}" != "--force" ]; then
  echo "Keys already exist in $dir (use --force to replace them; issued tokens then stop being valid)."
  exit 0
fi
command -v openssl >/dev/null || { echo "generate-jwt-keys.sh needs openssl" >&2; exit 1; }

# Only the owner may enter the folder. The files themselves are world-readable because compose bind-mounts
# them into the container, where the service runs as uid 10001, not as you.
mkdir -p "$dir"
chmod 700 "$dir"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private" 2>/dev/null
openssl pkey -in "$private" -pubout -out "$public"
chmod 644 "$private" "$public"
echo "Wrote $private and $public"
