#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and saves a PNG screenshot of it.
#   scripts/screenshot.sh REPORT.html OUT.png [WIDTH] [HEIGHT]
# WIDTH defaults to 1280, HEIGHT to 2400 (the top of a long report; raise it for more).
# Needs Debian's chromium (`apt-get install -y chromium`; scripts/test.sh installs it).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH] [HEIGHT]" >&2
  exit 2
fi
report="$1"
out="$2"
width="${3:-1280}"
height="${4:-2400}"
[[ -f "$report" ]] || { echo "$0: no such file: $report" >&2; exit 2; }

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
[[ -n "$browser" ]] || { echo "$0: chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }

profile="$(mktemp -d "${TMPDIR:-/tmp}/preflight-shot.XXXXXX")"
trap 'rm -rf "$profile"' EXIT
abs="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
case "$out" in /*) target="$out" ;; *) target="$PWD/$out" ;; esac

# Bounded: a browser that hangs is killed, and its children with it.
timeout --kill-after=10 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run \
  --disable-extensions --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$target" "file://$abs" >/dev/null 2>&1
[[ -s "$target" ]] || { echo "$0: no screenshot was written" >&2; exit 1; }
echo "$target"
