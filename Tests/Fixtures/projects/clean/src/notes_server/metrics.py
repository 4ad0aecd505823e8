"""Prometheus metrics for tool calls, served on /metrics by the HTTP transport."""

from __future__ import annotations

from typing import Any

from fastmcp.server.middleware import Middleware, MiddlewareContext
from prometheus_client import Counter, Histogram

TOOL_CALLS = Counter("notes_tool_calls_total", "Tool calls by tool and outcome.", ["tool", "outcome"])
TOOL_LATENCY = Histogram("notes_tool_call_seconds", "Tool call latency in seconds.", ["tool"])


class ToolMetrics(Middleware):
    """Counts and times every tools/call."""

    def __init__(self, tool_names: set[str]) -> None:
        self.tool_names = tool_names

    async def on_call_tool(self, context: MiddlewareContext[Any], call_next: Any) -> Any:
        name = context.message.name if context.message.name in self.tool_names else "unknown"
        with TOOL_LATENCY.labels(tool=name).time():
            try:
                result = await call_next(context)
            except Exception:
                TOOL_CALLS.labels(tool=name, outcome="error").inc()
                raise
        TOOL_CALLS.labels(tool=name, outcome="success").inc()
        return result
