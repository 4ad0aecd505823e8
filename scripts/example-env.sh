#!/usr/bin/env bash
# Installs the bundled example server exactly as its README says (uv, frozen lockfile) into
# Examples/weather-server/.venv, once. Used by example.sh and by the test suite (the installed-wheel test
# audits the example live). uv itself comes from PyPI into .example-tools.
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
