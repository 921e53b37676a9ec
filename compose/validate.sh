#!/usr/bin/env bash
# Checks every supported combination of the compose files with `config -q` (syntax, schema, merge of the
# overlays, variable interpolation), the way compose itself reads them. Needs no Docker engine.
# Uses docker-compose (Debian's 1.29 is enough) or, if absent, the `docker compose` plugin.
# Settings: the repository's .env if there is one, else a copy of .env.example (all defaults).
# Exits non-zero if any combination is invalid.
#   compose/validate.sh [--skip-without-compose]
# With --skip-without-compose (the build), a machine without any compose tool skips the check with a message.
set -uo pipefail
cd "$(dirname "$0")" || exit 2

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "validate.sh: neither docker-compose nor the docker compose plugin is installed" \
       "(Debian: apt-get install -y docker-compose)" >&2
  if [ "${1:-}" = "--skip-without-compose" ]; then
    echo "validate.sh: SKIPPING the compose file checks" >&2
    exit 0
  fi
  exit 2
fi

env_file=../.env
if [ ! -f "$env_file" ]; then
  env_file="$(mktemp)"
  trap 'rm -f "$env_file"' EXIT
  cp ../.env.example "$env_file"
  echo "validate.sh: no .env, using the defaults of .env.example"
fi

combinations=(
  "compose.yaml"
  "compose.yaml compose.observability.yaml"
  "compose.yaml compose.kafka-cluster.yaml"
  "compose.yaml compose.observability.yaml compose.kafka-cluster.yaml"
)

echo "validate.sh: $("${compose[@]}" version --short 2>/dev/null || "${compose[@]}" version | head -1)"
failed=0
for combination in "${combinations[@]}"; do
  args=(--env-file "$env_file")
  for file in $combination; do args+=(-f "$file"); done
  # Any output fails too: a warning here (an unset variable, an obsolete key) is a mistake in these files.
  if output="$("${compose[@]}" "${args[@]}" config -q 2>&1)" && [ -z "$output" ]; then
    services="$("${compose[@]}" "${args[@]}" config --services | wc -l)"
    echo "ok    ${combination// / + } ($services services)"
  else
    echo "FAIL  ${combination// / + }"
    while IFS= read -r line; do echo "      $line"; done <<<"$output"
    failed=1
  fi
done

# config does not look at build files: check that every Dockerfile the services can be built with exists.
for service in rest-api go-style-worker task-updater; do
  for variant in jvm native; do
    dockerfile="../$service/src/main/docker/Dockerfile.$variant"
    if [ ! -f "$dockerfile" ]; then
      echo "FAIL  missing ${dockerfile#../}"
      failed=1
    fi
  done
done

if [ "$failed" -ne 0 ]; then
  echo "validate.sh: invalid compose configuration" >&2
  exit 1
fi
echo "validate.sh: all ${#combinations[@]} combinations are valid, all Dockerfiles present"
