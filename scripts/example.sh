#!/usr/bin/env bash
# The README's main command: a full check, static and live, of the bundled example server.
# Installs the example exactly as its README says (uv, frozen lockfile) into Examples/weather-server/.venv,
# then runs Preflight on the project and on the running server. Extra arguments go to `preflight check`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

example=Examples/weather-server
bash scripts/example-env.sh
bash scripts/system-deps.sh
bash scripts/stamp-commit.sh
swift build --product preflight >&2
exec .build/debug/preflight check "$example" --server "$example/.venv/bin/weather-server" "$@"
