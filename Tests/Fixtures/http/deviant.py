"""A hand-written Streamable HTTP MCP server: correct by default, one deliberate defect per switch.

Pure ASGI served by uvicorn (no `mcp` package), so it behaves the same whatever SDK is
installed. By default it is dual-era on one endpoint, POST/GET/DELETE /mcp:

* 2026-07-28 (stateless): a POST whose body carries `params._meta` with
  `io.modelcontextprotocol/protocolVersion` (and is not `initialize`) is served on its own:
  envelope check (-32602), header rung (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`,
  `Mcp-Param-*` must match the body: -32020), version rung (-32022 with data.supported),
  then dispatch. Every result has `resultType`, `_meta.io.modelcontextprotocol/serverInfo`;
  cacheable results have `ttlMs`/`cacheScope`. No session ids; GET/DELETE answer 405 when
  they carry a 2026 `MCP-Protocol-Version`. `notifications/message` only with `_meta`
  `io.modelcontextprotocol/logLevel`.
* 2024-11-05 .. 2025-11-25 (handshake): `initialize` opens a session (`Mcp-Session-Id`,
  visible ASCII), later requests need it (missing: 400, unknown/deleted: 404), GET opens a
  standalone SSE stream, DELETE ends the session, a bad `MCP-Protocol-Version` gets 400.

Around both: `Origin` validation (403 unless loopback origin of this port or --allow-origin),
bearer auth on /mcp (401 + `WWW-Authenticate: Bearer resource_metadata=..., scope=...`),
RFC 9728 metadata at /.well-known/oauth-protected-resource[/mcp], GET /health, optional
rate limiting (429 + Retry-After), graceful drain on SIGTERM (in-flight requests finish,
open SSE streams are ended: a `subscriptions/listen` stream gets its completion result).

Tools: get_time (read-only, outputSchema), echo, slow (progress + log notifications),
query_region (`x-mcp-header: Region`), delete_note (destructive). Resources: config://app,
template note://{name}. Prompt: summarize.

Run:  deviant.py --port 0 [--token T] [--defect NAME]... [--rate-limit N] [--era E]
                 [--json-response | --sse-always] [--tls] [--allow-origin O]... [--list-defects]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import secrets
import sys
import tempfile
import time
from collections import deque
from typing import Any, Awaitable, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _fixture_common import bind_loopback, run_uvicorn  # noqa: E402

MODERN = "2026-07-28"
HANDSHAKE = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
LOG_LEVELS = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")
SERVER_INFO = {"name": "preflight-deviant-fixture", "version": "1.0.0"}
META_VERSION = "io.modelcontextprotocol/protocolVersion"
META_CAPS = "io.modelcontextprotocol/clientCapabilities"
META_LOG = "io.modelcontextprotocol/logLevel"
META_SERVER = "io.modelcontextprotocol/serverInfo"
META_SUB = "io.modelcontextprotocol/subscriptionId"

# defect -> (check id it makes fail, what it does)
DEFECTS: dict[str, tuple[str, str]] = {
    "no-origin-check": ("http.origin-validation", "any Origin is accepted (no 403)"),
    "no-auth": ("http.auth", "/mcp needs no token: any or no Authorization is accepted"),
    "no-www-authenticate": ("http.auth", "401 without a WWW-Authenticate header"),
    "bad-resource-metadata": ("http.auth", "/.well-known/oauth-protected-resource lacks authorization_servers and names another resource"),
    "no-health": ("http.health-endpoint", "no /health route (404)"),
    "slow-sse": ("perf.latency", "every response is an SSE stream: comments for 2 s, then the response in 32-byte chunks 50 ms apart"),
    "ignore-sigterm-inflight": ("http.graceful-drain", "SIGTERM with a request in flight exits at once, dropping it"),
    "session-id-invalid-chars": ("http.session-id", "Mcp-Session-Id contains a space (outside 0x21-0x7E)"),
    "unknown-session-200": ("http.session-id", "unknown or deleted Mcp-Session-Id is served (200) instead of 404"),
    "protocol-version-header-ignored": ("http.protocol-version-header", "MCP-Protocol-Version is never checked: absent, unsupported or mismatched values are served"),
    "no-discover": ("modern.discover", "server/discover answers -32601 (404)"),
    "no-result-type": ("modern.result-type", "2026 results lack resultType"),
    "no-cache-fields": ("modern.cacheable-lists", "cacheable results lack ttlMs and cacheScope"),
    "nondeterministic-tools": ("modern.deterministic-tools", "tools/list order rotates on every call"),
    "wrong-unsupported-version": ("modern.unsupported-version", "unsupported version gets -32600 without data.supported"),
    "no-header-mismatch": ("modern.header-mismatch", "Mcp-Method / Mcp-Name / Mcp-Param-* are not compared with the body"),
    "log-without-opt-in": ("modern.log-opt-in", "notifications/message are sent without io.modelcontextprotocol/logLevel"),
    "no-server-info-meta": ("modern.server-info-meta", "results lack _meta io.modelcontextprotocol/serverInfo"),
    "resource-not-found-32002": ("modern.resource-not-found", "unknown resource gets the pre-2026 code -32002"),
    "invalid-x-mcp-header": ("modern.x-mcp-header", "tools/list includes a tool whose x-mcp-header sits on a number property"),
    "meta-version-ignored": ("modern.meta-version", "the body's _meta protocolVersion is not validated (any value is served)"),
}

TOOLS: list[dict[str, Any]] = [
    {
        "name": "get_time",
        "title": "Current time",
        "description": "Current time in an IANA timezone, e.g. Europe/Paris.",
        "inputSchema": {"type": "object", "properties": {"timezone": {"type": "string", "description": "IANA name"}},
                        "required": ["timezone"], "additionalProperties": False},
        "outputSchema": {"type": "object", "properties": {"timezone": {"type": "string"}, "datetime": {"type": "string"},
                                                          "utc_offset": {"type": "string"}},
                         "required": ["timezone", "datetime", "utc_offset"]},
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
    {
        "name": "echo",
        "description": "Return the text it is given.",
        "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
        "annotations": {"readOnlyHint": True, "idempotentHint": True},
    },
    {
        "name": "slow",
        "description": "Work for `ms` milliseconds in 4 steps, each sending progress and an info log notification.",
        "inputSchema": {"type": "object", "properties": {"ms": {"type": "integer", "minimum": 0, "maximum": 60000}},
                        "required": ["ms"]},
        "annotations": {"readOnlyHint": True},
    },
    {
        "name": "query_region",
        "description": "Run a read-only query in a region; the region is mirrored into the Mcp-Param-Region header.",
        "inputSchema": {"type": "object", "properties": {
            "region": {"type": "string", "description": "Region, e.g. us-west1", "x-mcp-header": "Region"},
            "query": {"type": "string"}}, "required": ["region", "query"]},
        "annotations": {"readOnlyHint": True},
    },
    {
        "name": "delete_note",
        "description": "Delete a note by name (does nothing).",
        "inputSchema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        "annotations": {"readOnlyHint": False, "destructiveHint": True, "idempotentHint": True},
    },
]
INVALID_HEADER_TOOL = {
    "name": "scale",
    "description": "Scale a number (its x-mcp-header is on a `number` property: invalid).",
    "inputSchema": {"type": "object", "properties": {"factor": {"type": "number", "x-mcp-header": "Factor"}},
                    "required": ["factor"]},
    "annotations": {"readOnlyHint": True},
}
RESOURCES = [{"uri": "config://app", "name": "app-config", "mimeType": "application/json", "description": "App config."}]
TEMPLATES = [{"uriTemplate": "note://{name}", "name": "note", "mimeType": "text/plain", "description": "A note."}]
PROMPTS = [{"name": "summarize", "description": "Summarize a text.",
            "arguments": [{"name": "text", "description": "The text", "required": True}]}]


class RpcError(Exception):
    def __init__(self, code: int, message: str, data: Any = None, status: int | None = None):
        super().__init__(message)
        self.code, self.message, self.data, self.status = code, message, data, status


def http_status_for(code: int) -> int:
    if code == -32601:
        return 404
    if code in (-32700, -32600, -32602, -32020, -32021, -32022):
        return 400
    return 500


def decode_header_value(value: str | None) -> str | None:
    if value is None:
        return None
    m = re.fullmatch(r"=\?base64\?(.*)\?=", value)
    if not m:
        return value
    try:
        return base64.b64decode(m.group(1), validate=True).decode("utf-8")
    except Exception:
        return None


class Deviant:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.defects: set[str] = set(args.defect or [])
        self.port = 0
        self.scheme = "https" if args.tls else "http"
        self.sessions: dict[str, dict[str, Any]] = {}
        self.deleted: set[str] = set()
        self.inflight = 0
        self.tools_calls = 0
        self.rate_window: deque[float] = deque()
        self.shutdown_event: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    # ----- helpers ---------------------------------------------------------------------------------
    def has(self, defect: str) -> bool:
        return defect in self.defects

    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def supported_versions(self) -> list[str]:
        if self.args.era == MODERN:
            return [MODERN]
        if self.args.era == "2025-11-25":
            return list(HANDSHAKE)
        return [MODERN, *reversed(HANDSHAKE)]

    def on_exit_signal(self, sig: int) -> None:
        if self.has("ignore-sigterm-inflight") and self.inflight > 0:
            print(f"exiting at once with {self.inflight} request(s) in flight", file=sys.stderr, flush=True)
            os._exit(0)
        if self.loop is not None and self.shutdown_event is not None:
            self.loop.call_soon_threadsafe(self.shutdown_event.set)

    @staticmethod
    async def read_body(receive: Callable[[], Awaitable[dict[str, Any]]]) -> bytes:
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        return b"".join(chunks)

    @staticmethod
    async def respond(send: Any, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        raw = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        hdrs = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
        if body is not None and not isinstance(body, bytes):
            hdrs.append((b"content-type", b"application/json"))
        hdrs.append((b"content-length", str(len(raw)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": hdrs})
        await send({"type": "http.response.body", "body": raw})

    @staticmethod
    def error_body(request_id: Any, code: int, message: str, data: Any = None) -> dict[str, Any]:
        err: dict[str, Any] = {"code": code, "message": message}
        if data is not None:
            err["data"] = data
        body: dict[str, Any] = {"jsonrpc": "2.0", "error": err}
        if request_id is not None:
            body["id"] = request_id
        return body

    # ----- ASGI entry ------------------------------------------------------------------------------
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.loop = asyncio.get_running_loop()
                    self.shutdown_event = asyncio.Event()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        headers: dict[str, str] = {}
        for k, v in scope["headers"]:
            headers[k.decode("latin-1").lower()] = v.decode("latin-1")
        path = scope["path"]
        method = scope["method"]
        if path == "/health" and method == "GET" and not self.has("no-health"):
            await self.respond(send, 200, {"status": "ok", "inflight": self.inflight})
            return
        if path in ("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp") and method == "GET":
            await self.respond(send, 200, self.resource_metadata())
            return
        if path.rstrip("/") != "/mcp":
            await self.respond(send, 404, {"error": "not found"})
            return
        # 1. Origin (DNS rebinding protection), before anything else.
        origin = headers.get("origin")
        if origin is not None and not self.has("no-origin-check") and origin not in self.allowed_origins():
            await self.respond(send, 403, self.error_body(None, -32600, f"Forbidden: origin {origin} is not allowed"))
            return
        # 2. Rate limit.
        if self.args.rate_limit and self.rate_limited():
            await self.respond(send, 429, self.error_body(None, -32000, "Too many requests"), {"Retry-After": "1"})
            return
        # 3. Bearer auth.
        if not self.has("no-auth"):
            auth = headers.get("authorization", "")
            if auth != f"Bearer {self.args.token}":
                challenge = {}
                if not self.has("no-www-authenticate"):
                    value = (f'Bearer resource_metadata="{self.base_url()}/.well-known/oauth-protected-resource/mcp", '
                             'scope="mcp:tools"')
                    if auth:
                        value += ', error="invalid_token"'
                    challenge["WWW-Authenticate"] = value
                await self.respond(send, 401, self.error_body(None, -32001, "Unauthorized"), challenge)
                return
        self.inflight += 1
        try:
            await self.handle_mcp(scope, receive, send, headers, method)
        finally:
            self.inflight -= 1

    def allowed_origins(self) -> set[str]:
        hosts = ("127.0.0.1", "localhost", "[::1]")
        return {f"{s}://{h}:{self.port}" for s in ("http", "https") for h in hosts} | set(self.args.allow_origin or [])

    def rate_limited(self) -> bool:
        now = time.monotonic()
        while self.rate_window and now - self.rate_window[0] >= 1.0:
            self.rate_window.popleft()
        if len(self.rate_window) >= self.args.rate_limit:
            return True
        self.rate_window.append(now)
        return False

    def resource_metadata(self) -> dict[str, Any]:
        if self.has("bad-resource-metadata"):
            return {"resource": "https://elsewhere.example.invalid/mcp", "scopes_supported": ["mcp:tools"]}
        return {
            "resource": f"{self.base_url()}/mcp",
            "authorization_servers": ["https://auth.example.invalid"],
            "scopes_supported": ["mcp:tools"],
            "bearer_methods_supported": ["header"],
        }

    # ----- era routing -----------------------------------------------------------------------------
    async def handle_mcp(self, scope: dict[str, Any], receive: Any, send: Any, headers: dict[str, str], method: str) -> None:
        version_header = headers.get("mcp-protocol-version")
        if method in ("GET", "DELETE"):
            if version_header not in HANDSHAKE and version_header is not None or self.args.era == MODERN:
                await self.respond(send, 405, None, {"Allow": "POST"})
                return
            await (self.legacy_get(send, headers) if method == "GET" else self.legacy_delete(send, headers))
            return
        if method != "POST":
            await self.respond(send, 405, None, {"Allow": "GET, POST, DELETE"})
            return
        accept = headers.get("accept", "")
        if "application/json" not in accept or ("text/event-stream" not in accept and not self.args.json_response):
            await self.respond(send, 406, self.error_body(None, -32600, "Not Acceptable: Accept must list application/json and text/event-stream"))
            return
        if not headers.get("content-type", "").lower().startswith("application/json"):
            await self.respond(send, 415, self.error_body(None, -32600, "Unsupported Media Type: Content-Type must be application/json"))
            return
        body = await self.read_body(receive)
        try:
            msg = json.loads(body)
        except ValueError:
            await self.respond(send, 400, {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})
            return
        if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0" or not isinstance(msg.get("method", ""), str):
            await self.respond(send, 400, {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Invalid Request: one JSON-RPC request or notification per POST"}})
            return
        params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
        meta = params.get("_meta") if isinstance(params.get("_meta"), dict) else {}
        # A stray Mcp-Session-Id on a 2026-07-28 request is ignored (streamable-http.mdx, SHOULD): the
        # version header decides; only a request without it that carries a session id is a legacy one.
        is_modern = msg.get("method") != "initialize" and META_VERSION in meta and (
            "mcp-session-id" not in headers or version_header == MODERN)
        if (version_header is not None and version_header not in HANDSHAKE and msg.get("method") != "initialize"
                and "mcp-session-id" not in headers):
            is_modern = True
        if is_modern:
            if self.args.era == "2025-11-25":
                # What a pre-2026 server answers: not a recognized modern error.
                await self.respond(send, 400, {"jsonrpc": "2.0", "id": None, "error": {
                    "code": -32600, "message": f"Bad Request: Unsupported protocol version: {version_header}"}})
                return
            await self.modern_post(scope, receive, send, headers, msg, params, meta)
        else:
            await self.legacy_post(scope, receive, send, headers, msg, params)

    # ----- 2026-07-28 ------------------------------------------------------------------------------
    async def modern_post(self, scope: Any, receive: Any, send: Any, headers: dict[str, str], msg: dict[str, Any],
                          params: dict[str, Any], meta: dict[str, Any]) -> None:
        request_id = msg.get("id")
        if "id" not in msg:
            await self.respond(send, 202)
            return
        try:
            self.validate_modern_envelope(headers, msg, params, meta)
        except RpcError as e:
            await self.respond(send, e.status or http_status_for(e.code), self.error_body(request_id, e.code, e.message, e.data))
            return
        log_level = meta.get(META_LOG)
        min_level = LOG_LEVELS.index(log_level) if log_level in LOG_LEVELS else None
        if self.has("log-without-opt-in") and min_level is None:
            min_level = 0
        progress_token = meta.get("progressToken")
        await self.stream_or_json(send, request_id, msg["method"], params, min_level, progress_token, modern=True)

    def validate_modern_envelope(self, headers: dict[str, str], msg: dict[str, Any], params: dict[str, Any], meta: dict[str, Any]) -> None:
        if META_VERSION not in meta or META_CAPS not in meta:
            raise RpcError(-32602, f"params._meta must carry {META_VERSION} and {META_CAPS}")
        version = meta[META_VERSION]
        log_level = meta.get(META_LOG)
        if log_level is not None and log_level not in LOG_LEVELS:
            raise RpcError(-32602, f"invalid {META_LOG}: {log_level!r}")
        method = msg["method"]
        if not self.has("protocol-version-header-ignored"):
            if headers.get("mcp-protocol-version") != version:
                raise RpcError(-32020, "Header mismatch: MCP-Protocol-Version does not match _meta protocolVersion")
        if not self.has("no-header-mismatch"):
            if headers.get("mcp-method") != method:
                raise RpcError(-32020, f"Header mismatch: Mcp-Method {headers.get('mcp-method')!r} does not match body method {method!r}")
            name_key = {"tools/call": "name", "prompts/get": "name", "resources/read": "uri"}.get(method)
            if name_key is not None and params.get(name_key) is not None:
                if decode_header_value(headers.get("mcp-name")) != params.get(name_key):
                    raise RpcError(-32020, f"Header mismatch: Mcp-Name does not match body {name_key}")
            if method == "tools/call":
                self.check_param_headers(headers, params)
        if not self.has("meta-version-ignored") and version not in (MODERN,):
            if self.has("wrong-unsupported-version"):
                raise RpcError(-32600, "Unsupported protocol version")
            raise RpcError(-32022, "Unsupported protocol version",
                           {"supported": self.supported_versions(), "requested": version})

    def check_param_headers(self, headers: dict[str, str], params: dict[str, Any]) -> None:
        tool = next((t for t in TOOLS if t["name"] == params.get("name")), None)
        if tool is None:
            return
        arguments = params.get("arguments") if isinstance(params.get("arguments"), dict) else {}
        for prop, schema in tool["inputSchema"].get("properties", {}).items():
            token = schema.get("x-mcp-header")
            if not token:
                continue
            raw = headers.get(f"mcp-param-{token.lower()}")
            value = arguments.get(prop)
            if value is None:
                if raw is not None:
                    raise RpcError(-32020, f"Header mismatch: Mcp-Param-{token} present but argument {prop} absent")
                continue
            rendered = ("true" if value else "false") if isinstance(value, bool) else str(value)
            if raw is None:
                raise RpcError(-32020, f"Header mismatch: Mcp-Param-{token} missing")
            if decode_header_value(raw) != rendered:
                raise RpcError(-32020, f"Header mismatch: Mcp-Param-{token} does not match argument {prop}")

    # ----- shared response machinery ----------------------------------------------------------------
    async def stream_or_json(self, send: Any, request_id: Any, method: str, params: dict[str, Any],
                             min_level: int | None, progress_token: Any, *, modern: bool,
                             extra_headers: dict[str, str] | None = None) -> None:
        """Run the method; answer JSON, or SSE once the handler emits a notification (or always, per flags)."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

        async def emit(notification: dict[str, Any]) -> None:
            await queue.put(notification)

        async def run() -> dict[str, Any]:
            try:
                result = await self.dispatch(method, params, request_id, emit, min_level, progress_token, modern)
                return {"jsonrpc": "2.0", "id": request_id, "result": result}
            except RpcError as e:
                return self.error_body(request_id, e.code, e.message, e.data) | {"_status": e.status or http_status_for(e.code)}
            finally:
                await queue.put(None)

        if method == "subscriptions/listen" and modern:
            await self.listen(send, request_id, params)
            return
        task = asyncio.ensure_future(run())
        first = await queue.get()
        always_sse = self.args.sse_always or self.has("slow-sse")
        if (first is None and not always_sse) or self.args.json_response:
            while first is not None:  # JSON mode: notifications cannot be delivered, drop them
                first = await queue.get()
            response = await task
            status = response.pop("_status", 200) if modern else 200
            response.pop("_status", None)
            await self.respond(send, status, response, extra_headers)
            return
        hdrs = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]
        hdrs += [(k.lower().encode(), v.encode("latin-1")) for k, v in (extra_headers or {}).items()]
        await send({"type": "http.response.start", "status": 200, "headers": hdrs})
        if self.has("slow-sse"):
            for _ in range(4):
                await send({"type": "http.response.body", "body": b": waiting\n\n", "more_body": True})
                await asyncio.sleep(0.5)
        item = first
        while item is not None:
            await self.send_event(send, item)
            item = await queue.get()
        response = await task
        response.pop("_status", None)
        await self.send_event(send, response)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def send_event(self, send: Any, message: dict[str, Any]) -> None:
        frame = f"event: message\ndata: {json.dumps(message)}\n\n".encode()
        if self.has("slow-sse"):
            for i in range(0, len(frame), 32):
                await send({"type": "http.response.body", "body": frame[i:i + 32], "more_body": True})
                await asyncio.sleep(0.05)
        else:
            await send({"type": "http.response.body", "body": frame, "more_body": True})

    def finish(self, result: dict[str, Any], *, modern: bool, cacheable: bool = False) -> dict[str, Any]:
        if not modern:
            return result
        if cacheable and not self.has("no-cache-fields"):
            result.setdefault("ttlMs", 60000)
            result.setdefault("cacheScope", "public")
        if not self.has("no-result-type"):
            result["resultType"] = "complete"
        if not self.has("no-server-info-meta"):
            result.setdefault("_meta", {})[META_SERVER] = dict(SERVER_INFO)
        return result

    def capabilities(self, modern: bool) -> dict[str, Any]:
        caps: dict[str, Any] = {"tools": {"listChanged": modern}, "resources": {"listChanged": False},
                                "prompts": {"listChanged": False}, "logging": {}}
        return caps

    def tool_list(self) -> list[dict[str, Any]]:
        tools = [dict(t) for t in TOOLS]
        if self.has("invalid-x-mcp-header"):
            tools.append(dict(INVALID_HEADER_TOOL))
        if self.has("nondeterministic-tools"):
            self.tools_calls += 1
            k = self.tools_calls % len(tools)
            tools = tools[k:] + tools[:k]
        return tools

    async def dispatch(self, method: str, params: dict[str, Any], request_id: Any, emit: Any,
                       min_level: int | None, progress_token: Any, modern: bool) -> dict[str, Any]:
        if method == "server/discover" and modern and not self.has("no-discover"):
            return self.finish({"supportedVersions": self.supported_versions(), "capabilities": self.capabilities(True),
                                "instructions": "Deviant fixture server for MCP Preflight."}, modern=True, cacheable=True)
        if method == "ping" and not modern:
            return {}
        if method == "logging/setLevel" and not modern:
            level = params.get("level")
            if level not in LOG_LEVELS:
                raise RpcError(-32602, f"invalid level {level!r}")
            return {}
        if method == "tools/list":
            return self.finish({"tools": self.tool_list()}, modern=modern, cacheable=True)
        if method == "resources/list":
            return self.finish({"resources": RESOURCES}, modern=modern, cacheable=True)
        if method == "resources/templates/list":
            return self.finish({"resourceTemplates": TEMPLATES}, modern=modern, cacheable=True)
        if method == "prompts/list":
            return self.finish({"prompts": PROMPTS}, modern=modern, cacheable=True)
        if method == "resources/read":
            uri = params.get("uri")
            if not isinstance(uri, str):
                raise RpcError(-32602, "uri must be a string")
            if uri == "config://app":
                contents = [{"uri": uri, "mimeType": "application/json", "text": json.dumps({"feature": True})}]
            elif uri.startswith("note://") and len(uri) > len("note://"):
                contents = [{"uri": uri, "mimeType": "text/plain", "text": f"note {uri[7:]}"}]
            else:
                code = -32002 if (self.has("resource-not-found-32002") or not modern) else -32602
                raise RpcError(code, "Resource not found", {"uri": uri}, status=400 if modern else None)
            return self.finish({"contents": contents}, modern=modern, cacheable=True)
        if method == "prompts/get":
            if params.get("name") != "summarize":
                raise RpcError(-32602, f"unknown prompt {params.get('name')!r}")
            args = params.get("arguments") if isinstance(params.get("arguments"), dict) else {}
            if not isinstance(args.get("text"), str):
                raise RpcError(-32602, "argument text is required")
            return self.finish({"messages": [{"role": "user", "content": {"type": "text", "text": f"Summarize:\n{args['text']}"}}]},
                               modern=modern)
        if method == "tools/call":
            return self.finish(await self.call_tool(params, emit, min_level, progress_token), modern=modern)
        raise RpcError(-32601, "Method not found", method)

    async def call_tool(self, params: dict[str, Any], emit: Any, min_level: int | None, progress_token: Any) -> dict[str, Any]:
        name = params.get("name")
        args = params.get("arguments") if isinstance(params.get("arguments"), dict) else {}
        if name == "get_time":
            tz = args.get("timezone")
            if not isinstance(tz, str):
                raise RpcError(-32602, "timezone must be a string")
            data = {"timezone": tz, "datetime": "2026-07-28T12:00:00+00:00", "utc_offset": "+00:00"}
            return {"content": [{"type": "text", "text": json.dumps(data)}], "structuredContent": data, "isError": False}
        if name == "echo":
            if not isinstance(args.get("text"), str):
                raise RpcError(-32602, "text must be a string")
            return {"content": [{"type": "text", "text": args["text"]}], "isError": False}
        if name == "query_region":
            return {"content": [{"type": "text", "text": f"0 rows in {args.get('region')}"}], "isError": False}
        if name == "delete_note":
            return {"content": [{"type": "text", "text": "nothing deleted"}], "isError": False}
        if name == "slow":
            ms = args.get("ms")
            if not isinstance(ms, int) or isinstance(ms, bool) or not 0 <= ms <= 60000:
                raise RpcError(-32602, "ms must be an integer 0..60000")
            for step in range(1, 5):
                await asyncio.sleep(ms / 4000)
                if min_level is not None and min_level <= LOG_LEVELS.index("info"):
                    await emit({"jsonrpc": "2.0", "method": "notifications/message",
                                "params": {"level": "info", "logger": "slow", "data": f"step {step}/4"}})
                if progress_token is not None:
                    await emit({"jsonrpc": "2.0", "method": "notifications/progress",
                                "params": {"progressToken": progress_token, "progress": step, "total": 4}})
            return {"content": [{"type": "text", "text": "done"}], "isError": False}
        raise RpcError(-32602, f"Unknown tool: {name!r}")

    async def listen(self, send: Any, request_id: Any, params: dict[str, Any]) -> None:
        wanted = params.get("notifications") if isinstance(params.get("notifications"), dict) else {}
        honoured = {k: v for k, v in wanted.items() if k == "toolsListChanged" and v is True}
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]})
        await self.send_event(send, {"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                                     "params": {"_meta": {META_SUB: request_id}, "notifications": honoured}})
        assert self.shutdown_event is not None
        while not self.shutdown_event.is_set():
            try:
                await asyncio.wait_for(self.shutdown_event.wait(), timeout=5.0)
            except asyncio.TimeoutError:
                await send({"type": "http.response.body", "body": b":\n\n", "more_body": True})
        final = self.finish({}, modern=True)
        final.setdefault("_meta", {})[META_SUB] = request_id
        await self.send_event(send, {"jsonrpc": "2.0", "id": request_id, "result": final})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    # ----- 2024-11-05 .. 2025-11-25 Streamable HTTP -----------------------------------------------------
    def new_session_id(self) -> str:
        sid = secrets.token_hex(16)
        return f"s {sid}" if self.has("session-id-invalid-chars") else sid

    def session_for(self, headers: dict[str, str]) -> tuple[str | None, dict[str, Any] | None, tuple[int, str] | None]:
        sid = headers.get("mcp-session-id")
        if sid is None:
            return None, None, (400, "Bad Request: Missing Mcp-Session-Id header")
        session = self.sessions.get(sid)
        if session is None:
            if self.has("unknown-session-200"):
                session = self.sessions.setdefault(sid, {"version": "2025-11-25", "initialized": True})
                return sid, session, None
            return sid, None, (404, "Not Found: unknown or terminated session")
        return sid, session, None

    def version_header_error(self, headers: dict[str, str], session: dict[str, Any]) -> str | None:
        if self.has("protocol-version-header-ignored"):
            return None
        value = headers.get("mcp-protocol-version")
        if value is None:
            return None  # 2025-11-25 "Protocol Version Header": assume 2025-03-26
        if value not in HANDSHAKE or value != session["version"]:
            return f"Bad Request: unsupported or mismatched MCP-Protocol-Version {value!r}"
        return None

    async def legacy_post(self, scope: Any, receive: Any, send: Any, headers: dict[str, str], msg: dict[str, Any],
                          params: dict[str, Any]) -> None:
        method = msg.get("method")
        request_id = msg.get("id")
        if method == "initialize":
            if self.args.era == MODERN:
                requested = params.get("protocolVersion") if isinstance(params.get("protocolVersion"), str) else ""
                await self.respond(send, 400, self.error_body(request_id, -32022, "Unsupported protocol version: this server speaks only 2026-07-28",
                                                              {"supported": [MODERN], "requested": requested}))
                return
            requested = params.get("protocolVersion")
            if not isinstance(requested, str) or not isinstance(params.get("capabilities"), dict) or not isinstance(params.get("clientInfo"), dict):
                await self.respond(send, 200, self.error_body(request_id, -32602, "Invalid initialize params"))
                return
            version = requested if requested in HANDSHAKE else HANDSHAKE[-1]
            sid = self.new_session_id()
            self.sessions[sid] = {"version": version, "initialized": False}
            result = {"protocolVersion": version, "capabilities": self.capabilities(False), "serverInfo": SERVER_INFO,
                      "instructions": "Deviant fixture server for MCP Preflight."}
            await self.stream_or_json_static(send, {"jsonrpc": "2.0", "id": request_id, "result": result}, {"Mcp-Session-Id": sid})
            return
        if self.args.era == MODERN:
            header = headers.get("mcp-protocol-version")
            if header is None:
                await self.respond(send, 400, self.error_body(request_id, -32020, "MCP-Protocol-Version header is required"))
            else:
                await self.respond(send, 400, self.error_body(request_id, -32022, "Unsupported protocol version",
                                                              {"supported": [MODERN], "requested": header}))
            return
        sid, session, problem = self.session_for(headers)
        if problem is not None:
            await self.respond(send, problem[0], self.error_body(None, -32600, problem[1]))
            return
        assert session is not None and sid is not None
        bad_version = self.version_header_error(headers, session)
        if bad_version is not None:
            await self.respond(send, 400, self.error_body(None, -32600, bad_version))
            return
        if "id" not in msg:  # notification (or a response): accepted
            if method == "notifications/initialized":
                session["initialized"] = True
            await self.respond(send, 202, None, {"Mcp-Session-Id": sid})
            return
        meta = params.get("_meta") if isinstance(params.get("_meta"), dict) else {}
        await self.stream_or_json(send, request_id, str(method), params, 0, meta.get("progressToken"), modern=False,
                                  extra_headers={"Mcp-Session-Id": sid})

    async def stream_or_json_static(self, send: Any, message: dict[str, Any], headers: dict[str, str]) -> None:
        if self.args.sse_always or self.has("slow-sse"):
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")] +
                [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()]})
            await self.send_event(send, message)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        else:
            await self.respond(send, 200, message, headers)

    async def legacy_get(self, send: Any, headers: dict[str, str]) -> None:
        sid, session, problem = self.session_for(headers)
        if problem is not None:
            await self.respond(send, problem[0], self.error_body(None, -32600, problem[1]))
            return
        if "text/event-stream" not in headers.get("accept", ""):
            await self.respond(send, 406, self.error_body(None, -32600, "Not Acceptable: GET needs Accept: text/event-stream"))
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache"),
            (b"mcp-session-id", sid.encode("latin-1"))]})
        await send({"type": "http.response.body", "body": b": stream open\n\n", "more_body": True})
        assert self.shutdown_event is not None
        while not self.shutdown_event.is_set() and sid in self.sessions:
            try:
                await asyncio.wait_for(self.shutdown_event.wait(), timeout=5.0)
            except asyncio.TimeoutError:
                await send({"type": "http.response.body", "body": b":\n\n", "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def legacy_delete(self, send: Any, headers: dict[str, str]) -> None:
        sid, session, problem = self.session_for(headers)
        if problem is not None:
            await self.respond(send, problem[0], self.error_body(None, -32600, problem[1]))
            return
        self.sessions.pop(sid, None)
        self.deleted.add(sid)
        await self.respond(send, 200)


def self_signed_cert(directory: str) -> tuple[str, str]:
    """A throwaway self-signed certificate for 127.0.0.1/localhost (needs the `cryptography` package)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "preflight-fixture")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = pick one)")
    parser.add_argument("--token", default="fixture-token", help="bearer token /mcp requires (default fixture-token)")
    parser.add_argument("--defect", action="append", choices=sorted(DEFECTS), metavar="NAME", help="switch on a defect (repeatable)")
    parser.add_argument("--rate-limit", type=int, default=0, metavar="N", help="more than N /mcp requests in 1 s get 429 + Retry-After")
    parser.add_argument("--era", choices=["both", "2025-11-25", MODERN], default="both")
    parser.add_argument("--json-response", action="store_true", help="never answer with SSE (notifications are dropped)")
    parser.add_argument("--sse-always", action="store_true", help="answer every request with an SSE stream")
    parser.add_argument("--allow-origin", action="append", metavar="ORIGIN", help="another Origin to accept")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a fresh self-signed cert; prints 'TLS-CERT <path>' on stderr")
    parser.add_argument("--graceful-timeout", type=float, default=10.0)
    parser.add_argument("--list-defects", action="store_true", help="print defect, check id and effect, tab-separated, and exit")
    args = parser.parse_args()
    env_defects = [d for d in os.environ.get("DEVIANT_DEFECTS", "").split(",") if d]
    unknown = [d for d in env_defects if d not in DEFECTS]
    if unknown:
        parser.error(f"unknown defect(s) in DEVIANT_DEFECTS: {', '.join(unknown)}")
    args.defect = (args.defect or []) + env_defects
    if args.list_defects:
        for name, (check, what) in DEFECTS.items():
            print(f"{name}\t{check}\t{what}")
        return
    app = Deviant(args)
    sock = bind_loopback(args.port)
    app.port = sock.getsockname()[1]
    cert = key = None
    if args.tls:
        directory = tempfile.mkdtemp(prefix="deviant-tls-")
        cert, key = self_signed_cert(directory)
        print(f"TLS-CERT {cert}", file=sys.stderr, flush=True)
    run_uvicorn(app, sock, graceful_timeout=args.graceful_timeout, on_exit_signal=app.on_exit_signal,
                ssl_certfile=cert, ssl_keyfile=key)


if __name__ == "__main__":
    main()
