#!/usr/bin/env python3
"""Runs `preflight check --server` against every hostile fixture server and prints the table of
docs/robustness.md: what Preflight reported, how long it took, its own peak memory, and whether
any process was left behind.

Usage: benchmarks/hostile.py [--preflight PATH] [--timeout SECONDS] [--python PATH] [MODE ...]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Tests", "Fixtures", "servers", "hostile.py")
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--preflight", default=os.path.join(ROOT, ".build", "release", "preflight"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("modes", nargs="*", default=MODES)
    args = parser.parse_args()
    print("| case | exit | time (s) | Preflight peak RSS (MiB) | left behind | failing checks |")
    print("| --- | --- | --- | --- | --- | --- |")
    for mode in args.modes:
        r = run(args.preflight, args.python, mode, args.timeout)
        print("| %s | %d | %.1f | %.1f | %d | %s |" % (
            r["mode"], r["exit"], r["seconds"], r["peakRssMiB"], r["leftovers"],
            ", ".join("`%s`" % f for f in r["failing"]) or "none"), flush=True)


if __name__ == "__main__":
    main()
