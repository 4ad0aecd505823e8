#!/usr/bin/env python3
"""Calls one tool of a stdio MCP server as fast as the official Python SDK's client can, with
N calls in flight, for D seconds; prints one JSON line (calls, calls/s, p50/p99 ms).

The baseline users compare `preflight load` with: a script around `mcp.ClientSession`.
    sdk_client.py --tool echo --args '{"text":"hi"}' --concurrency 16 --duration 10 -- CMD ARGS...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--args", default="{}")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    a = parser.parse_args()
    command = [c for c in a.command if c != "--"]
    arguments = json.loads(a.args)
    params = StdioServerParameters(command=command[0], args=command[1:])
    latencies: list[float] = []
    errors = 0
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        await session.list_tools()
        end = time.perf_counter() + a.duration
        start = time.perf_counter()

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < end:
                t = time.perf_counter()
                result = await session.call_tool(a.tool, arguments)
                latencies.append(time.perf_counter() - t)
                if getattr(result, "isError", False):
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(a.concurrency)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    n = len(latencies)
    print(json.dumps({
        "client": "python-sdk", "calls": n, "errors": errors, "seconds": round(elapsed, 3),
        "callsPerSecond": round(n / elapsed, 1),
        "p50Ms": round(latencies[n // 2] * 1000, 3) if n else None,
        "p99Ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 3) if n else None,
    }))


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
