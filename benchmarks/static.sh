#!/usr/bin/env bash
# Static-audit benchmark: Preflight next to checkov, on the bundled example and on a large folder.
#
#   benchmarks/static.sh [LARGE_FOLDER] [RUNS]
#
# PREFLIGHT  the binary to time (default: .build/release/preflight; build it with
#            `swift build -c release --product preflight`)
# CHECKOV    the checkov to compare with (default: checkov on PATH; e.g. a venv with `pip install checkov`)
# OUT        folder for the results (default: a temporary folder); one Markdown table per target
# WARMUP     untimed runs before the timed ones (default 1)
#
# Uses hyperfine when installed (Debian: `apt-get install hyperfine`), otherwise repeated timed runs.
# Both tools exit non-zero when they find problems; that is not a failure here.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
large=${1:-}
runs=${2:-5}
preflight=${PREFLIGHT:-$root/.build/release/preflight}
checkov=${CHECKOV:-$(command -v checkov || true)}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"

[ -x "$preflight" ] || { echo "no preflight binary at $preflight (swift build -c release --product preflight)" >&2; exit 2; }
if [ -n "$large" ] && [ ! -d "$large" ]; then echo "$large: not a folder" >&2; exit 2; fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "preflight: $preflight ($("$preflight" --version 2>/dev/null || echo "?"))"
echo "checkov: ${checkov:-not installed} ($([ -n "$checkov" ] && "$checkov" --version 2>/dev/null || echo "-"))"
# The interpreter itself, not a version-manager shim (a pyenv shim costs ~0.1 s of CPU per start).
python=$(python3 -c 'import sys; print(sys.executable)')
echo "python for the analyzer: $python ($("$python" --version 2>&1))"

# checkov offline and quiet: no guideline download, no platform calls.
checkov_cmd() { echo "$checkov -d '$1' --quiet --compact --skip-download -o json > /dev/null 2>&1"; }
# Warm: the analyzer's facts cache holds the project (a second audit of unchanged code, as on a laptop or
# a CI job that keeps ~/.cache). Cold: PREFLIGHT_CACHE=off, every Python file analysed (a first audit).
# Both use a cache folder of their own, filled by one untimed run, so the user's cache is not touched.
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
preflight_cmd() { echo "XDG_CACHE_HOME='$cache' '$preflight' check '$1' --python '$python' --format json > /dev/null 2>&1"; }
preflight_cold_cmd() { echo "PREFLIGHT_CACHE=off $(preflight_cmd "$1")"; }

# Mean wall seconds of a shell command over $runs runs (the fallback without hyperfine).
mean_seconds() {
  local total=0 start end
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N); bash -c "$1" || true; end=$(date +%s.%N)
    total=$(echo "$total + $end - $start" | bc -l)
  done
  echo "scale=3; $total / $runs" | bc -l
}

bench() {
  local name=$1 dir=$2
  echo
  echo "== $name: $dir ($(find "$dir" -type f -not -path '*/.git/*' | wc -l) files)"
  local commands=("$(preflight_cmd "$dir")" "$(preflight_cold_cmd "$dir")")
  [ -n "$checkov" ] && commands+=("$(checkov_cmd "$dir")")
  bash -c "${commands[0]}" || true  # fills the facts cache for the warm runs
  if command -v hyperfine > /dev/null; then
    hyperfine --ignore-failure --warmup "${WARMUP:-1}" --runs "$runs" --style basic \
      --export-markdown "$out/$name.md" --export-json "$out/$name.json" "${commands[@]}"
    python3 - "$out/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["preflight (warm)", "preflight (cold)", "checkov"]
for name, x in zip(names, r):
    print(f"{name + ':':18} mean {x['mean']:.3f} s, user {x['user']:.3f} s, system {x['system']:.3f} s")
if len(r) > 2:
    c = r[2]
    cpu = lambda x: x["user"] + x["system"]
    for name, p in zip(names, r[:2]):
        print(f"{name} is {c['mean'] / p['mean']:.1f}x faster than checkov (wall), {cpu(c) / max(cpu(p), 1e-9):.1f}x (CPU)")
PY
  else
    local p q c
    p=$(mean_seconds "${commands[0]}")
    q=$(mean_seconds "${commands[1]}")
    echo "preflight (warm): mean $p s over $runs runs"
    echo "preflight (cold): mean $q s over $runs runs"
    if [ -n "$checkov" ]; then
      c=$(mean_seconds "${commands[2]}")
      echo "checkov:          mean $c s over $runs runs"
      echo "preflight is $(echo "scale=1; $c / $p" | bc -l)x (warm) and $(echo "scale=1; $c / $q" | bc -l)x (cold) faster than checkov"
    fi
  fi
}

bench example "$root/Examples/weather-server"
if [ -n "$large" ]; then bench large "$large"; fi
echo
echo "results in $out"
