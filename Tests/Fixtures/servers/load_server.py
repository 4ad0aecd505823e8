#!/usr/bin/env python3
"""load_server: a stdio MCP server with a known behaviour under load, standard library only.

The fixture of `preflight load`'s tests. Requests are handled one at a time, in order, so a
delay or a stall holds up every call behind it, as in a single-threaded server.

Options:
  --delays MS:WEIGHT,...   tools/call delays, cycled deterministically: "2:9,50:1" answers nine
                           calls after 2 ms, then one after 50 ms, and again (default: no delay)
  --stall-at N             the Nth tools/call (1-based) blocks the server for --stall-ms first
  --stall-ms MS            (default 1000)
  --error-every N          every Nth tools/call gets JSON-RPC error -32603 "boom N"
  --is-error-every N       every Nth tools/call gets a result with isError: true
  --exit-after N           exits (code 3) on reading the Nth tools/call, without answering it
  --pid-dir DIR            writes an empty file named after its pid into DIR at start

Tools: `work` (annotated readOnlyHint: true; argument `n`, an integer) and `mutate`
(readOnlyHint: false, destructiveHint: true).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

TOOLS = [
    {
        "name": "work",
        "description": "Does a known amount of work.",
        "inputSchema": {
            "type": "object",
            "properties": {"n": {"type": "integer", "description": "Any number.", "examples": [7]}},
            "required": ["n"],
        },
        "annotations": {"readOnlyHint": True},
    },
    {
        "name": "mutate",
        "description": "Changes the world.",
        "inputSchema": {"type": "object", "properties": {}},
        "annotations": {"readOnlyHint": False, "destructiveHint": True},
    },
]


def parse_delays(spec: str) -> list[float]:
    cycle: list[float] = []
    for part in filter(None, spec.split(",")):
        ms, _, weight = part.partition(":")
        cycle += [float(ms) / 1000] * int(weight or "1")
    return cycle


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delays", default="")
    parser.add_argument("--stall-at", type=int, default=0)
    parser.add_argument("--stall-ms", type=float, default=1000)
    parser.add_argument("--error-every", type=int, default=0)
    parser.add_argument("--is-error-every", type=int, default=0)
    parser.add_argument("--exit-after", type=int, default=0)
    parser.add_argument("--pid-dir", default="")
    args = parser.parse_args()
    if args.pid_dir:
        open(os.path.join(args.pid_dir, str(os.getpid())), "w").close()
    delays = parse_delays(args.delays)
    calls = 0
    out = sys.stdout

    def send(message: dict) -> None:
        out.write(json.dumps(message, separators=(",", ":")) + "\n")
        out.flush()

    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            send({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})
            continue
        method = message.get("method")
        mid = message.get("id")
        if mid is None or method is None:
            continue
        if method == "initialize":
            version = message.get("params", {}).get("protocolVersion", "2025-06-18")
            send({"jsonrpc": "2.0", "id": mid, "result": {
                "protocolVersion": version, "capabilities": {"tools": {}},
                "serverInfo": {"name": "load-server", "version": "1.0.0"}}})
        elif method == "tools/list":
            send({"jsonrpc": "2.0", "id": mid, "result": {"tools": TOOLS}})
        elif method == "ping":
            send({"jsonrpc": "2.0", "id": mid, "result": {}})
        elif method == "tools/call":
            calls += 1
            if args.exit_after and calls >= args.exit_after:
                print(f"exiting on call {calls}", file=sys.stderr, flush=True)
                return 3
            if args.stall_at and calls == args.stall_at:
                time.sleep(args.stall_ms / 1000)
            if delays:
                time.sleep(delays[(calls - 1) % len(delays)])
            if args.error_every and calls % args.error_every == 0:
                send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32603, "message": f"boom {calls}"}})
            elif args.is_error_every and calls % args.is_error_every == 0:
                send({"jsonrpc": "2.0", "id": mid, "result": {
                    "content": [{"type": "text", "text": "failed"}], "isError": True}})
            else:
                send({"jsonrpc": "2.0", "id": mid, "result": {
                    "content": [{"type": "text", "text": f"ok {calls}"}], "isError": False}})
        else:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "Method not found"}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
