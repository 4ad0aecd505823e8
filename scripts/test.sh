#!/usr/bin/env bash
# The whole test suite, as CI runs it: Python test environment, format lint, build, tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/test-env.sh
swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
.test-env/bin/python -m pytest -q Tests/AnalyzerTests Tests/Fixtures/servers
swift test --skip-build --skip HostileServerTests
# Floods and hangs on their own, so they do not compete with timing-sensitive tests.
swift test --skip-build --filter HostileServerTests
