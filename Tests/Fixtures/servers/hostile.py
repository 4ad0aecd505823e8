#!/usr/bin/env python3
"""Hostile stdio MCP servers: one real process per misbehaviour, for Preflight's robustness suite.

Usage: hostile.py --mode MODE [--tag TAG]

Every mode speaks just enough MCP (initialize, ping, tools/list, tools/call of one read-only `echo`
tool) to get past the handshake, except where the mode is the handshake's undoing. `--tag` only
marks the command line so a test can find processes left behind.

Modes:
  garbage             1 MB of random binary on stdout before the first answer, then correct
  huge-line           a single 100 MB line on stdout, then correct
  invalid-utf8        every answer carries bytes that are not UTF-8 inside a JSON string
  deep-json           answers initialize with JSON nested 100,000 deep
  silent              reads everything, answers nothing
  wrong-ids           answers with ids nobody asked for, and every answer twice
  notification-flood  a thread sends notifications as fast as the pipe takes them
  close-stdout        answers initialize, then closes stdout and keeps reading stdin
  exit-mid-call       exits with code 3 as soon as a tool is called
  grandchildren       forks a grandchild in its own session that holds stdout/stderr open
  ignore-sigterm      ignores SIGTERM, SIGINT and end of stdin
  stderr-flood        a thread writes to stderr without end while the server serves
  huge-tool-list      tools/list returns about 10 MB (2,000 tools)
"""

import json
import os
import random
import signal
import sys
import threading
import time

MODES = {
    "garbage", "huge-line", "invalid-utf8", "deep-json", "silent", "wrong-ids", "notification-flood",
    "close-stdout", "exit-mid-call", "grandchildren", "ignore-sigterm", "stderr-flood", "huge-tool-list",
}

ECHO = {
    "name": "echo",
    "description": "Returns the text it is given, e.g. 'hello'.",
    "inputSchema": {
        "type": "object",
        "properties": {"text": {"type": "string", "description": "What to echo back."}},
        "required": ["text"],
        "additionalProperties": False,
    },
    "annotations": {"readOnlyHint": True},
}

REVISIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]

out = sys.stdout.buffer
out_lock = threading.Lock()


def write(data: bytes) -> None:
    with out_lock:
        out.write(data)
        out.flush()


def send(message: dict, mode: str) -> None:
    data = json.dumps(message, separators=(",", ":")).encode()
    if mode == "invalid-utf8" and "result" in message:
        # A lone continuation byte and an overlong encoding, inside a string value.
        data = data.replace(b'"result":{', b'"result":{"_junk":"\x80\xc0\xaf\xff",', 1)
    if mode == "wrong-ids" and message.get("id") is not None:
        mid = message["id"]
        stray = dict(message, id=mid + 100_000 if isinstance(mid, int) else "stray-%s" % mid)
        write(json.dumps(stray).encode() + b"\n")
        write(data + b"\n")
        write(data + b"\n")
        return
    write(data + b"\n")


def tools(mode: str) -> list:
    if mode != "huge-tool-list":
        return [ECHO]
    filler = "Looks up a record in the archive and returns it. " * 100  # about 5 KB
    return [dict(ECHO, name="lookup_%04d" % i, description=filler) for i in range(2_000)]


def params(message: dict) -> dict:
    p = message.get("params")
    return p if isinstance(p, dict) else {}


def deep_json(depth: int) -> bytes:
    return b'{"jsonrpc":"2.0","id":1,"result":' + b"[" * depth + b"]" * depth + b"}\n"


def answer(message: dict, mode: str) -> None:
    method = message.get("method")
    mid = message.get("id")
    if mid is None:
        return
    if method == "initialize":
        if mode == "deep-json":
            write(deep_json(100_000))
            return
        asked = params(message).get("protocolVersion")
        version = asked if asked in REVISIONS else REVISIONS[-1]
        result = {
            "protocolVersion": version,
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "hostile-" + mode, "version": "1.0.0"},
        }
        send({"jsonrpc": "2.0", "id": mid, "result": result}, mode)
        if mode == "close-stdout":
            os.close(1)
        return
    if method == "ping":
        send({"jsonrpc": "2.0", "id": mid, "result": {}}, mode)
    elif method == "tools/list" and "cursor" in params(message):
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "Invalid cursor"}}, mode)
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": mid, "result": {"tools": tools(mode)}}, mode)
    elif method == "tools/call":
        if mode == "exit-mid-call":
            os._exit(3)
        p = params(message)
        if p.get("name") not in [t["name"] for t in tools(mode)]:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "Unknown tool"}}, mode)
            return
        arguments = p.get("arguments")
        ok = isinstance(arguments, dict) and isinstance(arguments.get("text"), str) and set(arguments) == {"text"}
        content = [{"type": "text", "text": arguments["text"] if ok else "invalid arguments: expected {text: string}"}]
        send({"jsonrpc": "2.0", "id": mid, "result": {"content": content, "isError": not ok}}, mode)
    else:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "Method not found"}}, mode)


def flood_notifications() -> None:
    note = b'{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"debug","data":"tick"}}\n'
    batch = note * 100
    while True:
        write(batch)


def flood_stderr() -> None:
    line = b"hostile: " + b"x" * 1014 + b"\n"
    block = line * 1024  # 1 MiB
    err = sys.stderr.buffer
    while True:
        err.write(block)
        err.flush()


def spawn_grandchild() -> None:
    if os.fork() == 0:
        os.setsid()  # out of the server's session and process group: only the pipes tie it to the run
        if os.fork() == 0:
            time.sleep(600)
        os._exit(0)
    os.wait()


def main() -> None:
    args = sys.argv[1:]
    mode = args[args.index("--mode") + 1] if "--mode" in args else ""
    if mode not in MODES:
        sys.stderr.write("unknown mode %r; one of %s\n" % (mode, ", ".join(sorted(MODES))))
        sys.exit(2)
    if mode == "ignore-sigterm":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if mode == "grandchildren":
        spawn_grandchild()
    if mode == "garbage":
        rng = random.Random(7)
        write(bytes(rng.getrandbits(8) for _ in range(1 << 20)))
        write(b"\n")
    if mode == "huge-line":
        chunk = b"x" * (1 << 20)
        for _ in range(100):
            write(chunk)
        write(b"\n")
    if mode == "notification-flood":
        threading.Thread(target=flood_notifications, daemon=True).start()
    if mode == "stderr-flood":
        threading.Thread(target=flood_stderr, daemon=True).start()
    for raw in sys.stdin.buffer:
        if mode == "silent":
            continue
        try:
            message = json.loads(raw)
        except ValueError:
            send({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}, mode)
            continue
        if isinstance(message, dict):
            try:
                answer(message, mode)
            except OSError:
                pass  # close-stdout: writing is impossible now, and that is the point
    if mode == "ignore-sigterm":
        while True:
            time.sleep(3600)
    os._exit(0)


if __name__ == "__main__":
    main()
