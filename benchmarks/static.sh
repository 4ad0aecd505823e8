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
preflight_cmd() { echo "'$preflight' check '$1' --python '$python' --format json > /dev/null 2>&1"; }

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
  local commands=("$(preflight_cmd "$dir")")
  [ -n "$checkov" ] && commands+=("$(checkov_cmd "$dir")")
  if command -v hyperfine > /dev/null; then
    hyperfine --ignore-failure --warmup "${WARMUP:-1}" --runs "$runs" --style basic \
      --export-markdown "$out/$name.md" --export-json "$out/$name.json" "${commands[@]}"
    python3 - "$out/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
p = r[0]
print(f"preflight: mean {p['mean']:.3f} s, user {p['user']:.3f} s, system {p['system']:.3f} s")
if len(r) > 1:
    c = r[1]
    print(f"checkov:   mean {c['mean']:.3f} s, user {c['user']:.3f} s, system {c['system']:.3f} s")
    cpu = lambda x: x["user"] + x["system"]
    print(f"preflight is {c['mean'] / p['mean']:.1f}x faster than checkov (wall), {cpu(c) / max(cpu(p), 1e-9):.1f}x (CPU)")
PY
  else
    local p c
    p=$(mean_seconds "${commands[0]}")
    echo "preflight: mean $p s over $runs runs"
    if [ -n "$checkov" ]; then
      c=$(mean_seconds "${commands[1]}")
      echo "checkov:   mean $c s over $runs runs"
      echo "preflight is $(echo "scale=1; $c / $p" | bc -l)x faster than checkov"
    fi
  fi
}

bench example "$root/Examples/weather-server"
if [ -n "$large" ]; then bench large "$large"; fi
echo
echo "results in $out"
