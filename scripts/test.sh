#!/usr/bin/env bash
# The whole test suite, as CI runs it: Python test environment, format lint, build, tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# libsqlite3-dev for the build, chromium for the HTML report tests, when missing.
bash scripts/system-deps.sh chromium
bash scripts/test-env.sh
swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
.test-env/bin/python -m pytest -q Tests/AnalyzerTests Tests/Fixtures/servers Tests/Fixtures/http
swift test --skip-build --skip HostileServerTests --skip FuzzTests
# CPU-bound fuzzing, then floods and hangs, each on its own: they must not slow timing-sensitive tests.
swift test --skip-build --filter FuzzTests
swift test --skip-build --filter HostileServerTests
