#!/usr/bin/env bash
# The whole test suite, as CI runs it: Python test environment, format lint, build, tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# libsqlite3-dev for the build, chromium for the HTML report tests, when missing.
bash scripts/system-deps.sh chromium
bash scripts/test-env.sh
# The example server installed as its README says: the installed-wheel test audits it live.
bash scripts/example-env.sh
bash scripts/stamp-commit.sh
swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
# The binary users install: static Swift stdlib and Foundation, in its own build folder (the flag changes
# how every module is compiled, and the test bundle cannot link that way). DistributionTests run it.
swift build --product preflight --static-swift-stdlib --scratch-path .build-static
.test-env/bin/python -m pytest -q Tests/AnalyzerTests Tests/Fixtures/servers Tests/Fixtures/http
swift test --skip-build --skip HostileServerTests --skip FuzzTests --skip DistributionTests
# CPU-bound fuzzing, then floods and hangs, each on its own: they must not slow timing-sensitive tests.
swift test --skip-build --filter FuzzTests
swift test --skip-build --filter HostileServerTests
# Wheel build, fresh venv and a live audit of the example: on its own too (it measures latency).
swift test --skip-build --filter DistributionTests
