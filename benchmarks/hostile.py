#!/usr/bin/env python3
"""Runs `preflight check --server` against every hostile fixture server and prints the table of
docs/robustness.md: what Preflight reported, how long it took, its own peak memory, and whether
any process was left behind. With `--http`, the hostile HTTP servers of Tests/Fixtures/http through
`preflight check --url` instead.

Usage: benchmarks/hostile.py [--preflight PATH] [--timeout SECONDS] [--python PATH] [--http] [MODE ...]
"""

import argparse
import json
import select
import os
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Tests", "Fixtures", "servers", "hostile.py")
HTTP_SERVER = os.path.join(ROOT, "Tests", "Fixtures", "http", "hostile.py")
HTTP_CASES = [
    "trickle", "endless-sse", "redirect-other-host", "huge-headers", "wrong-content-type", "endless-body",
    "accept-no-answer", "slow-headers",
]
MODES = [
    "garbage", "huge-line", "invalid-utf8", "deep-json", "silent", "wrong-ids", "notification-flood",
    "close-stdout", "exit-mid-call", "grandchildren", "ignore-sigterm", "stderr-flood", "huge-tool-list",
]


def leftovers(tag: str) -> list:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % name, "rb") as f:
                if tag.encode() in f.read():
                    with open("/proc/%s/stat" % name) as s:
                        if s.read().rsplit(")", 1)[1].split()[0] != "Z":
                            found.append(int(name))
        except OSError:
            pass
    return found


def run(preflight: str, python: str, mode: str, timeout: float) -> dict:
    tag = "hostile-" + uuid.uuid4().hex[:12]
    with tempfile.TemporaryDirectory() as project:
        report_path = os.path.join(project, "report.json")
        argv = [preflight, "check", project, "--format", "json", "--output", report_path, "--timeout", str(timeout),
                "--", python, SERVER, "--mode", mode, "--tag", tag]
        start = time.monotonic()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout + 120)
        elapsed = time.monotonic() - start
        report = {}
        try:
            with open(report_path) as f:
                report = json.load(f)
        except (OSError, ValueError):
            pass
    left = leftovers(tag)
    for pid in left:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    checks = report.get("checks", [])
    # The project folder is empty: only what the live audit found is of interest here.
    failing = sorted(c["id"] for c in checks if c["status"] in ("fail", "error") and c.get("kind") == "live")
    return {
        "mode": mode,
        "exit": proc.returncode,
        "seconds": round(elapsed, 1),
        "peakRssMiB": round(report.get("metrics", {}).get("preflightPeakRssBytes", 0) / (1 << 20), 1),
        "failing": failing,
        "leftovers": len(left),
    }


def run_http(preflight: str, python: str, case: str, timeout: float) -> dict:
    server = subprocess.Popen([python, "-u", HTTP_SERVER, "--case", case, "--port", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        port = None
        deadline = time.monotonic() + 30
        while port is None and time.monotonic() < deadline:
            ready, _, _ = select.select([server.stderr], [], [], 1)
            if ready:
                line = server.stderr.readline().decode(errors="replace")
                if line.startswith("LISTENING "):
                    port = int(line.split()[1])
        if port is None:
            raise SystemExit("hostile.py --case %s did not start" % case)
        with tempfile.TemporaryDirectory() as scratch:
            report_path = os.path.join(scratch, "report.json")
            argv = [preflight, "check", "--format", "json", "--output", report_path, "--timeout", str(timeout),
                    "--url", "http://127.0.0.1:%d/mcp" % port]
            start = time.monotonic()
            proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout + 120)
            elapsed = time.monotonic() - start
            try:
                with open(report_path) as f:
                    report = json.load(f)
            except (OSError, ValueError):
                report = {}
    finally:
        server.terminate()
        server.wait(timeout=10)
    checks = report.get("checks", [])
    failing = sorted(c["id"] for c in checks if c["status"] in ("fail", "error"))
    return {
        "mode": case,
        "exit": proc.returncode,
        "seconds": round(elapsed, 1),
        "peakRssMiB": round(report.get("metrics", {}).get("preflightPeakRssBytes", 0) / (1 << 20), 1),
        "failing": failing,
        "leftovers": 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--preflight", default=os.path.join(ROOT, ".build", "release", "preflight"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--http", action="store_true", help="the hostile HTTP servers, through --url")
    parser.add_argument("modes", nargs="*")
    args = parser.parse_args()
    modes = args.modes or (HTTP_CASES if args.http else MODES)
    print("| case | exit | time (s) | Preflight peak RSS (MiB) | left behind | failing checks |")
    print("| --- | --- | --- | --- | --- | --- |")
    for mode in modes:
        r = (run_http if args.http else run)(args.preflight, args.python, mode, args.timeout)
        print("| %s | %d | %.1f | %.1f | %d | %s |" % (
            r["mode"], r["exit"], r["seconds"], r["peakRssMiB"], r["leftovers"],
            ", ".join("`%s`" % f for f in r["failing"]) or "none"), flush=True)


if __name__ == "__main__":
    main()
