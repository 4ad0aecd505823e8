#!/usr/bin/env bash
# Debian packages the build needs (libsqlite3-dev: SQLite's headers, for GRDB and the run history),
# plus any named as arguments (test.sh adds chromium: the HTML report is loaded in it). Installed
# with apt-get only when missing and apt is there; otherwise one line says what is missing.
set -euo pipefail

missing=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
for extra in "$@"; do
  command -v "$extra" >/dev/null 2>&1 || missing+=("$extra")
done
(( ${#missing[@]} )) || exit 0
if command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}" >&2
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1; then
    exit 0
  fi
fi
echo "system-deps: could not install ${missing[*]} (the build needs libsqlite3-dev; the Chromium tests skip without chromium)" >&2
