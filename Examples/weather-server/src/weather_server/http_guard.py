"""Streamable HTTP transport: bearer-token auth and Origin validation around the MCP app."""

from __future__ import annotations

import hmac
import json
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger(__name__)

PUBLIC_PATHS = frozenset({"/health", "/metrics"})


class GuardMiddleware:
    """Reject foreign browser origins (403) and requests without the bearer token (401).

    ``/health`` and ``/metrics`` stay public so orchestrators and Prometheus can reach them.
    """

    def __init__(self, app: ASGIApp, token: str | None, allowed_origins: tuple[str, ...]) -> None:
        self.app = app
        self.token = token.encode() if token else None
        self.allowed_origins = frozenset(allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin is not None and origin.rstrip("/") not in self.allowed_origins:
            logger.warning("Rejected request from origin %r", origin)
            await _reply(send, 403, {"error": "forbidden", "message": "Origin not allowed"})
            return
        if self.token is not None:
            scheme, _, supplied = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(supplied.strip().encode(), self.token):
                await _reply(
                    send,
                    401,
                    {"error": "unauthorized", "message": "Missing or invalid bearer token"},
                    extra_headers=[(b"www-authenticate", b'Bearer realm="weather-server"')],
                )
                return
        await self.app(scope, receive, send)


async def _reply(
    send: Send,
    status: int,
    body: dict[str, str],
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra_headers or [])})
    await send({"type": "http.response.body", "body": payload})
