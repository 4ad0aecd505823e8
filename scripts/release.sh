#!/usr/bin/env bash
# Release artefacts in dist/ (not run by the test suite: a release build takes 20+ minutes here):
#   preflight-linux-amd64         the self-contained binary (static Swift stdlib and Foundation, stripped)
#   preflight-linux-amd64.sha256  its checksum, in `sha256sum --check` format (the GitHub Action verifies it)
#   mcp_preflight_cli-*.whl       the PyPI wheel carrying that binary (scripts/wheel.py)
#   SHA256SUMS                    checksums of everything above
#   RELEASE_NOTES.md              the CHANGELOG section of this version (or Unreleased)
# aarch64 needs a Swift SDK for it (docs/distribution.md); set PREFLIGHT_SWIFT_SDK to build with one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/stamp-commit.sh
case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
sdk_args=()
if [[ -n "${PREFLIGHT_SWIFT_SDK:-}" ]]; then
  sdk_args=(--swift-sdk "$PREFLIGHT_SWIFT_SDK")
  case "$PREFLIGHT_SWIFT_SDK" in aarch64*) arch=arm64 ;; x86_64*) arch=amd64 ;; esac
fi

start=$SECONDS
# Stdlib and Foundation (with its ICU data) linked in; only glibc, libstdc++, libgcc_s, libm and libz
# remain dynamic, as on every mainstream Linux and Python image.
swift build -c release --static-swift-stdlib --product preflight "${sdk_args[@]}"
bin="$(swift build -c release --static-swift-stdlib --product preflight "${sdk_args[@]}" --show-bin-path)/preflight"
echo "release: built in $((SECONDS - start)) s" >&2

mkdir -p dist
out="dist/preflight-linux-$arch"
cp "$bin" "$out"
strip "$out" 2>/dev/null || echo "release: strip unavailable, binary left unstripped" >&2
chmod 755 "$out"
if command -v ldd >/dev/null && ldd "$out" | grep -i swift; then
  echo "release: $out still needs Swift libraries" >&2
  exit 1
fi
(cd dist && sha256sum "$(basename "$out")" >"$(basename "$out").sha256")

python3 scripts/wheel.py --binary "$out" --out dist --readme README.md >&2

version="$("$out" --version | cut -d' ' -f1)"
python3 - "$version" >dist/RELEASE_NOTES.md <<'PY'
import re, sys
text = open("CHANGELOG.md", encoding="utf-8").read()
for title in (sys.argv[1], "Unreleased"):
    match = re.search(rf"^## \[?{re.escape(title)}\]?.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if match:
        print(match.group(1).strip())
        break
PY
(cd dist && sha256sum preflight-linux-* mcp_preflight_cli-*.whl | grep -v '\.sha256$' >SHA256SUMS)
ls -l dist >&2
