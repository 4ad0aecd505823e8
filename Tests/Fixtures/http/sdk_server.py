"""A Streamable HTTP MCP server built with the official Python SDK (mcp 2.3), served by uvicorn.

The SDK itself has no era switch: one `StreamableHTTPSessionManager` endpoint is always
dual-era. It routes each POST on its `MCP-Protocol-Version` header - absent or one of
2024-11-05 .. 2025-11-25 goes to the legacy (initialize + Mcp-Session-Id) transport,
anything else (2026-07-28, or an unknown value) to the stateless 2026-07-28 entry, which
validates the per-request `_meta` envelope and answers -32022 for versions it does not
serve. `--era` therefore gates one era out in front of the SDK:

  --era both        (default) the SDK as it is: dual-era on one endpoint
  --era 2025-11-25  legacy only: a modern request gets what a pre-2026 SDK answered,
                    400 + JSON-RPC -32600 "Bad Request: Unsupported protocol version"
                    (not a recognized modern error, so a dual-era client falls back)
  --era 2026-07-28  modern only: `initialize` gets 400 + -32022 naming the supported
                    versions (versioning.mdx: SHOULD name them); any other request whose
                    MCP-Protocol-Version is absent gets 400 + -32020 (streamable-http.mdx
                    "Protocol Version Header": a server not supporting pre-2025-06-18
                    clients MUST reject it), a handshake-era header 400 + -32022;
                    GET/DELETE on the endpoint 405.

Run:  sdk_server.py --port 0 [--era ...] [--json-response] [--stateless] [--no-health]
      sdk_server.py --stdio    the same server over stdio (the SDK's dual-era stdio loop: the
                               first request decides the era, so one process serves one era)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any, TypedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _fixture_common import bind_loopback, run_uvicorn  # noqa: E402
from mcp.server.caching import CacheHint  # noqa: E402
from mcp.server.mcpserver import Context, MCPServer  # noqa: E402
from mcp.types import ToolAnnotations  # noqa: E402

HANDSHAKE_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
MODERN_VERSIONS = ("2026-07-28",)


class TimeResult(TypedDict):
    timezone: str
    datetime: str
    utc_offset: str


def build_server(*, instructions: str | None = None) -> Any:
    server = MCPServer(
        "preflight-sdk-fixture",
        version="1.0.0",
        instructions=instructions or "Fixture server for MCP Preflight's HTTP tests.",
        log_level="WARNING",
        cache_hints={
            "tools/list": CacheHint(ttl_ms=60_000, scope="public"),
            "prompts/list": CacheHint(ttl_ms=60_000, scope="public"),
            "resources/list": CacheHint(ttl_ms=60_000, scope="public"),
            "resources/templates/list": CacheHint(ttl_ms=60_000, scope="public"),
            "resources/read": CacheHint(ttl_ms=0, scope="private"),
        },
    )

    @server.tool(
        title="Current time",
        description="Current time in an IANA timezone.",
        annotations=ToolAnnotations(readOnlyHint=True, openWorldHint=False),
    )
    def get_time(timezone: str) -> TimeResult:
        """Return the current time in `timezone` (fixed clock, so results are deterministic)."""
        return TimeResult(timezone=timezone, datetime="2026-07-28T12:00:00+00:00", utc_offset="+00:00")

    @server.tool(
        description="Echo the text back.",
        annotations=ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False),
    )
    def echo(text: str) -> str:
        return text

    @server.tool(
        description="Work for `ms` milliseconds, sending progress and log notifications; returns 'done'.",
        annotations=ToolAnnotations(readOnlyHint=True, openWorldHint=False),
    )
    async def slow(ms: int, ctx: Context) -> str:
        steps = 4
        for i in range(steps):
            await ctx.info(f"slow step {i + 1}/{steps}")
            await ctx.report_progress(i + 1, steps)
            await asyncio.sleep(ms / 1000 / steps)
        return "done"

    @server.tool(
        description="Delete a note (does nothing; annotated destructive for annotation checks).",
        annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True),
    )
    def delete_note(name: str) -> str:
        return f"not deleted: {name}"

    @server.prompt(description="Summarize a text.")
    def summarize(text: str) -> str:
        return f"Summarize this text:\n{text}"

    @server.resource("config://app", name="app-config", mime_type="application/json", description="App config.")
    def app_config() -> str:
        return json.dumps({"feature": True})

    @server.resource("note://{name}", name="note", mime_type="text/plain", description="A note by name.")
    def note(name: str) -> str:
        return f"note {name}"

    return server


def _json(status: int, body: dict[str, Any] | None) -> tuple[int, bytes]:
    return status, (json.dumps(body).encode() if body is not None else b"")


def era_gate(inner: Any, era: str) -> Any:
    """ASGI wrapper that makes the dual-era SDK endpoint answer as a single-era server."""
    if era == "both":
        return inner

    async def reply(send: Any, status: int, body: dict[str, Any] | None, extra: list[tuple[bytes, bytes]] = []) -> None:
        payload = json.dumps(body).encode() if body is not None else b""
        headers = [(b"content-type", b"application/json")] if body is not None else []
        await send({"type": "http.response.start", "status": status, "headers": headers + extra})
        await send({"type": "http.response.body", "body": payload})

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != "/mcp":
            await inner(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        version = headers.get("mcp-protocol-version")
        method = scope["method"]
        if era == "2025-11-25":
            if version is not None and version not in HANDSHAKE_VERSIONS:
                await reply(send, 400, {"jsonrpc": "2.0", "id": None, "error": {
                    "code": -32600,
                    "message": f"Bad Request: Unsupported protocol version: {version}. "
                    f"Supported versions: {', '.join(HANDSHAKE_VERSIONS)}"}})
                return
            await inner(scope, receive, send)
            return
        # era == "2026-07-28"
        if version in MODERN_VERSIONS or (version is not None and version not in HANDSHAKE_VERSIONS):
            await inner(scope, receive, send)
            return
        if method in ("GET", "DELETE"):
            await reply(send, 405, None, [(b"allow", b"POST")])
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = None
        request_id = decoded.get("id") if isinstance(decoded, dict) else None
        requested = version
        if isinstance(decoded, dict) and decoded.get("method") == "initialize":
            params = decoded.get("params") if isinstance(decoded.get("params"), dict) else {}
            requested = params.get("protocolVersion") if isinstance(params.get("protocolVersion"), str) else ""
        if requested is None:
            await reply(send, 400, {"jsonrpc": "2.0", "id": request_id, "error": {
                "code": -32020, "message": "MCP-Protocol-Version header is required"}})
            return
        await reply(send, 400, {"jsonrpc": "2.0", "id": request_id, "error": {
            "code": -32022,
            "message": "Unsupported protocol version; this server speaks only 2026-07-28 (no initialize)",
            "data": {"supported": list(MODERN_VERSIONS), "requested": requested}}})

    return app


def trace(inner: Any) -> Any:
    """ASGI wrapper printing each request (method, path, MCP headers, body) and response status to stderr."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        shown = [f"{k.decode()}: {v.decode('latin-1')}" for k, v in scope["headers"]
                 if k.startswith(b"mcp-") or k in (b"accept", b"origin", b"authorization", b"last-event-id")]
        chunks: list[bytes] = []

        async def logged_receive() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    print(f"TRACE > {scope['method']} {scope['path']} {shown} {b''.join(chunks).decode(errors='replace')}",
                          file=sys.stderr, flush=True)
            return message

        async def logged_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                print(f"TRACE < {message['status']} {scope['method']} {scope['path']}", file=sys.stderr, flush=True)
            await send(message)

        await inner(scope, logged_receive, logged_send)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = pick one)")
    parser.add_argument("--era", choices=["both", "2025-11-25", "2026-07-28"], default="both")
    parser.add_argument("--json-response", action="store_true",
                        help="answer requests with application/json instead of SSE streams")
    parser.add_argument("--stateless", action="store_true",
                        help="legacy era without Mcp-Session-Id (SDK stateless_http=True)")
    parser.add_argument("--no-health", action="store_true", help="do not serve GET /health")
    parser.add_argument("--trace", action="store_true", help="log every request and response status on stderr")
    parser.add_argument("--graceful-timeout", type=float, default=10.0,
                        help="seconds uvicorn lets in-flight requests finish after SIGTERM (default 10)")
    parser.add_argument("--stdio", action="store_true", help="serve over stdio instead of HTTP (no port, no LISTENING line)")
    args = parser.parse_args()

    if args.stdio:
        build_server().run("stdio")
        return

    from starlette.requests import Request
    from starlette.responses import JSONResponse

    server = build_server()
    if not args.no_health:
        @server.custom_route("/health", methods=["GET"])
        async def health(_request: Request) -> JSONResponse:
            return JSONResponse({"status": "ok"})

    sock = bind_loopback(args.port)
    starlette_app = server.streamable_http_app(json_response=args.json_response, stateless_http=args.stateless)
    app = era_gate(starlette_app, args.era)
    run_uvicorn(trace(app) if args.trace else app, sock, graceful_timeout=args.graceful_timeout)


if __name__ == "__main__":
    main()
