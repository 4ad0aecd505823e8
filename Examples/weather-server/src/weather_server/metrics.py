"""Prometheus metrics for tool calls, exposed on ``/metrics`` by the HTTP transport."""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

TOOL_CALLS = Counter(
    "weather_tool_calls_total",
    "Tool calls by tool and outcome (success or error).",
    ["tool", "outcome"],
)
TOOL_LATENCY = Histogram(
    "weather_tool_call_duration_seconds",
    "Tool call latency.",
    ["tool"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST


def render_metrics() -> bytes:
    """The current metrics in Prometheus text format."""
    return generate_latest()


def _is_error(result: HandlerResult) -> bool:
    if isinstance(result, dict):
        return bool(result.get("isError"))
    return bool(getattr(result, "is_error", False))


class ToolMetricsMiddleware:
    """Server middleware that counts and times ``tools/call`` requests.

    Tool names outside ``known_tools`` are recorded as ``unknown`` so a client cannot
    inflate label cardinality.
    """

    def __init__(self, known_tools: Collection[str]) -> None:
        self._known = frozenset(known_tools)

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method != "tools/call":
            return await call_next(ctx)
        name = str((ctx.params or {}).get("name", ""))
        tool = name if name in self._known else "unknown"
        outcome = "error"
        started = time.perf_counter()
        try:
            result = await call_next(ctx)
            if not _is_error(result):
                outcome = "success"
            return result
        finally:
            TOOL_CALLS.labels(tool=tool, outcome=outcome).inc()
            TOOL_LATENCY.labels(tool=tool).observe(time.perf_counter() - started)
