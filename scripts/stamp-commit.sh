#!/usr/bin/env bash
# Records the git commit for `preflight --version` in Sources/CBuildInfo/commit.h (ignored by git).
# Rewrites the header only when its content changes: an unchanged commit costs no rebuild, a new
# one recompiles one C file and relinks `preflight`. Outside a git checkout the commit is "unknown".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [[ "$commit" != unknown ]] && [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  commit="$commit-dirty"
fi
header=Sources/CBuildInfo/commit.h
want="#define PREFLIGHT_COMMIT \"$commit\""
if [[ ! -f "$header" ]] || [[ "$(cat "$header")" != "$want" ]]; then
  printf '%s\n' "$want" >"$header"
fi
