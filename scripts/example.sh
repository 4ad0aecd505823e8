#!/usr/bin/env bash
# The README's main command: a full check, static and live, of the bundled example server.
# Installs the example exactly as its README says (uv, frozen lockfile) into Examples/weather-server/.venv,
# then runs Preflight on the project and on the running server. Extra arguments go to `preflight check`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

example=Examples/weather-server
tools=.example-tools
if [[ ! -x "$example/.venv/bin/weather-server" ]]; then
  echo "example: installing $example with uv sync --frozen (first run only)" >&2
  [[ -x "$tools/bin/uv" ]] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q "uv==0.13.9"; }
  # The machine's python3 (no interpreter download); the lock covers every Python the project allows.
  UV_PYTHON_DOWNLOADS=never "$tools/bin/uv" sync --quiet --frozen --no-dev --python python3 --project "$example"
fi
bash scripts/system-deps.sh
swift build --product preflight >&2
exec .build/debug/preflight check "$example" --server "$example/.venv/bin/weather-server" "$@"
