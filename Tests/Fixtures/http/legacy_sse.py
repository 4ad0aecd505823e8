"""A 2024-11-05 "HTTP with SSE" MCP server (the transport deprecated since 2025-03-26).

  GET  /sse                        opens the SSE stream; the first event is
                                   `event: endpoint` / `data: /messages?session_id=<32 hex>`
  POST /messages?session_id=<id>   one JSON-RPC message; answered `202 Accepted` (body
                                   "Accepted"), the JSON-RPC response arrives on the stream
                                   as `event: message` / `data: <json>`.
                                   Missing session_id: 400; unknown: 404.
  POST /sse (or /mcp, /)           405 (no JSON-RPC body), so a dual-transport client that
                                   POSTs first falls back to GET (2025-11-25 transports
                                   "Backwards Compatibility").
  GET  /health                     200 {"status":"ok"} (unless --no-health)

MCP: initialize (echoes 2024-11-05 or 2025-03-26, else answers 2024-11-05), ping, tools/list,
tools/call (echo), resources/list, prompts/list; notifications are accepted and never
answered. Origin validation (403 for a non-loopback Origin). SIGTERM ends every stream and
exits 0. Pure ASGI on uvicorn, no `mcp` package.

Run:  legacy_sse.py --port 0 [--no-health] [--keepalive S]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
from typing import Any
from urllib.parse import parse_qs

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _fixture_common import bind_loopback, run_uvicorn  # noqa: E402

VERSIONS = ("2024-11-05", "2025-03-26")
ECHO = {
    "name": "echo",
    "description": "Return the text it is given.",
    "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
}


class LegacySSE:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.port = 0
        self.streams: dict[str, asyncio.Queue[dict[str, Any] | None]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None

    def on_exit_signal(self, _sig: int) -> None:
        if self.loop is not None:
            for queue in list(self.streams.values()):
                self.loop.call_soon_threadsafe(queue.put_nowait, None)

    @staticmethod
    async def respond(send: Any, status: int, body: bytes = b"", content_type: str | None = None,
                      headers: list[tuple[bytes, bytes]] | None = None) -> None:
        hdrs = list(headers or []) + [(b"content-length", str(len(body)).encode())]
        if content_type:
            hdrs.append((b"content-type", content_type.encode()))
        await send({"type": "http.response.start", "status": status, "headers": hdrs})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.loop = asyncio.get_running_loop()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        allowed = {f"http://{h}:{self.port}" for h in ("127.0.0.1", "localhost", "[::1]")}
        if origin is not None and origin not in allowed:
            await self.respond(send, 403, b"Forbidden origin", "text/plain")
            return
        path, method = scope["path"], scope["method"]
        if path == "/health" and method == "GET" and not self.args.no_health:
            await self.respond(send, 200, b'{"status":"ok"}', "application/json")
        elif path == "/sse" and method == "GET":
            await self.sse(send)
        elif path == "/messages" and method == "POST":
            await self.post_message(scope, receive, send)
        elif path in ("/sse", "/mcp", "/", "/messages"):
            await self.respond(send, 405, b"Method Not Allowed", "text/plain", [(b"allow", b"GET" if path == "/sse" else b"POST")])
        else:
            await self.respond(send, 404, b"Not Found", "text/plain")

    async def sse(self, send: Any) -> None:
        session_id = secrets.token_hex(16)
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.streams[session_id] = queue
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]})
        await send({"type": "http.response.body", "more_body": True,
                    "body": f"event: endpoint\ndata: /messages?session_id={session_id}\n\n".encode()})
        try:
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), timeout=self.args.keepalive)
                except asyncio.TimeoutError:
                    await send({"type": "http.response.body", "body": b": keepalive\n\n", "more_body": True})
                    continue
                if item is None:
                    break
                frame = f"event: message\ndata: {json.dumps(item)}\n\n".encode()
                await send({"type": "http.response.body", "body": frame, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.streams.pop(session_id, None)

    async def post_message(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        query = parse_qs(scope.get("query_string", b"").decode())
        session_ids = query.get("session_id")
        if not session_ids:
            await self.respond(send, 400, b"session_id is required", "text/plain")
            return
        queue = self.streams.get(session_ids[0])
        if queue is None:
            await self.respond(send, 404, b"Could not find session", "text/plain")
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            msg = json.loads(body)
        except ValueError:
            await self.respond(send, 400, b"Could not parse message", "text/plain")
            return
        await self.respond(send, 202, b"Accepted", "text/plain")
        if isinstance(msg, dict) and "id" in msg and "method" in msg:
            await queue.put(self.answer(msg))

    def answer(self, msg: dict[str, Any]) -> dict[str, Any]:
        method, request_id = msg.get("method"), msg.get("id")
        params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
        result: dict[str, Any]
        if method == "initialize":
            requested = params.get("protocolVersion")
            result = {"protocolVersion": requested if requested in VERSIONS else VERSIONS[0],
                      "capabilities": {"tools": {}, "resources": {}, "prompts": {}},
                      "serverInfo": {"name": "preflight-legacy-sse-fixture", "version": "1.0.0"}}
        elif method == "ping":
            result = {}
        elif method == "tools/list":
            result = {"tools": [ECHO]}
        elif method == "tools/call" and params.get("name") == "echo":
            text = (params.get("arguments") or {}).get("text", "")
            result = {"content": [{"type": "text", "text": str(text)}], "isError": False}
        elif method == "resources/list":
            result = {"resources": []}
        elif method == "prompts/list":
            result = {"prompts": []}
        else:
            return {"jsonrpc": "2.0", "id": request_id, "error": {"code": -32601, "message": f"Method not found: {method}"}}
        return {"jsonrpc": "2.0", "id": request_id, "result": result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-health", action="store_true")
    parser.add_argument("--keepalive", type=float, default=15.0, help="seconds between SSE keep-alive comments")
    args = parser.parse_args()
    app = LegacySSE(args)
    sock = bind_loopback(args.port)
    app.port = sock.getsockname()[1]
    run_uvicorn(app, sock, graceful_timeout=5.0, on_exit_signal=app.on_exit_signal)


if __name__ == "__main__":
    main()
