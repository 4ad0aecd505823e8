"""An MCP server built with the standalone `fastmcp` package (pinned 4.2.3, which needs mcp>=2.3,<3).

fastmcp builds on the official SDK's session manager, so it is dual-era like the SDK:
2026-07-28 requests (MCP-Protocol-Version: 2026-07-28 + per-request `_meta`) are served
statelessly, and `initialize` opens a legacy 2025-11-25 session with Mcp-Session-Id.

Not installed in .test-env by default: run it with an interpreter that has fastmcp
(scripts/test-env.sh pin `fastmcp==4.2.3`). Without fastmcp it exits 3 with a message.

Run:  fastmcp_server.py --port 0 [--json-response] [--stateless] [--transport http|sse]
                        [--origin-protection] [--no-health]
  --transport sse    fastmcp's deprecated 2024-11-05 HTTP+SSE transport (GET /sse, POST /messages/)
  --origin-protection  turn on fastmcp's Host/Origin guard (off by default in fastmcp 4.2:
                     settings.http_host_origin_protection=False, so by default it fails
                     http.origin-validation - a real-world finding, kept as the default here)
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _fixture_common import bind_loopback, run_uvicorn  # noqa: E402

try:
    from fastmcp import FastMCP
    from mcp.types import ToolAnnotations
    from pydantic import BaseModel
except ImportError as exc:  # pragma: no cover - depends on the interpreter
    print(f"fastmcp_server.py needs the fastmcp package: {exc}", file=sys.stderr)
    sys.exit(3)


class Forecast(BaseModel):
    city: str
    temperature_c: float
    conditions: str


def build_server() -> Any:
    mcp = FastMCP("preflight-fastmcp-fixture", version="1.0.0", instructions="fastmcp fixture for MCP Preflight.")

    @mcp.tool(annotations=ToolAnnotations(readOnlyHint=True, openWorldHint=False))
    def forecast(city: str) -> Forecast:
        """Weather forecast for a city (fixed data)."""
        return Forecast(city=city, temperature_c=21.5, conditions="sunny")

    @mcp.tool(annotations=ToolAnnotations(readOnlyHint=True, idempotentHint=True))
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @mcp.prompt()
    def review(code: str) -> str:
        """Review a piece of code."""
        return f"Review this code:\n{code}"

    @mcp.resource("data://readme", mime_type="text/plain")
    def readme() -> str:
        """The readme."""
        return "fixture readme"

    @mcp.resource("user://{user_id}/profile", mime_type="application/json")
    def profile(user_id: str) -> dict[str, str]:
        """A user profile."""
        return {"id": user_id}

    return mcp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json-response", action="store_true")
    parser.add_argument("--stateless", action="store_true")
    parser.add_argument("--transport", choices=["http", "sse"], default="http")
    parser.add_argument("--origin-protection", action="store_true")
    parser.add_argument("--no-health", action="store_true")
    parser.add_argument("--graceful-timeout", type=float, default=10.0)
    args = parser.parse_args()

    from starlette.requests import Request
    from starlette.responses import JSONResponse

    mcp = build_server()
    if not args.no_health:
        @mcp.custom_route("/health", methods=["GET"])
        async def health(_request: Request) -> JSONResponse:
            return JSONResponse({"status": "ok"})

    sock = bind_loopback(args.port)
    if args.transport == "sse":
        app = mcp.http_app(transport="sse", host_origin_protection=args.origin_protection)
    else:
        app = mcp.http_app(
            path="/mcp",
            json_response=args.json_response,
            stateless_http=args.stateless,
            host_origin_protection=args.origin_protection,
        )
    run_uvicorn(app, sock, graceful_timeout=args.graceful_timeout)


if __name__ == "__main__":
    main()
