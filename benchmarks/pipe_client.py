#!/usr/bin/env python3
"""A minimal hand-written MCP stdio client, standard library only: the handshake, then N calls
in flight for D seconds, one line read and parsed per answer and the next call written at once.
Prints one JSON line (calls, calls/s, p50/p99 ms).

    pipe_client.py --tool echo --args '{"text":"hi"}' --concurrency 16 --duration 10 -- CMD ARGS...
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--args", default="{}")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--protocol-version", default="2025-11-25")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    a = parser.parse_args()
    command = [c for c in a.command if c != "--"]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out, inp = server.stdin, server.stdout

    def send(message: dict) -> None:
        out.write(json.dumps(message).encode() + b"\n")
        out.flush()

    def answer(wanted: int) -> dict:
        while True:
            message = json.loads(inp.readline())
            if message.get("id") == wanted:
                return message

    send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": a.protocol_version, "capabilities": {},
        "clientInfo": {"name": "pipe-client", "version": "1"}}})
    answer(0)
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    answer(1)

    params = {"name": a.tool, "arguments": json.loads(a.args)}
    sent: dict[int, float] = {}
    latencies: list[float] = []
    errors = 0
    next_id = 2
    server_cpu = cpu_seconds(server.pid)
    start = time.perf_counter()
    end = start + a.duration
    for _ in range(a.concurrency):
        sent[next_id] = time.perf_counter()
        send({"jsonrpc": "2.0", "id": next_id, "method": "tools/call", "params": params})
        next_id += 1
    while sent:
        message = json.loads(inp.readline())
        now = time.perf_counter()
        began = sent.pop(message.get("id"), None)
        if began is None:
            continue
        latencies.append(now - began)
        if "error" in message or message.get("result", {}).get("isError"):
            errors += 1
        if now < end:
            sent[next_id] = time.perf_counter()
            send({"jsonrpc": "2.0", "id": next_id, "method": "tools/call", "params": params})
            next_id += 1
    elapsed = time.perf_counter() - start
    server_cpu = cpu_seconds(server.pid) - server_cpu
    out.close()
    server.wait(timeout=10)
    latencies.sort()
    n = len(latencies)
    print(json.dumps({
        "client": "python-pipe", "calls": n, "errors": errors, "seconds": round(elapsed, 3),
        "callsPerSecond": round(n / elapsed, 1),
        "serverCpuMsPerCall": round(server_cpu * 1000 / n, 4) if n else None,
        "p50Ms": round(latencies[n // 2] * 1000, 3) if n else None,
        "p99Ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 3) if n else None,
    }))


if __name__ == "__main__":
    main()
