"""Tool errors a model can act on, without the validation library's internals.

The SDK reports arguments that fail the input schema with pydantic's full report: the generated
model's name, the rejected input echoed back and a help link naming the pydantic version. This
middleware keeps what the model needs to correct its call (which argument, what is wrong).
"""

from __future__ import annotations

import re
from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext

_REPORT = re.compile(r"^Error executing tool (?P<tool>[\w.-]+): \d+ validation errors? for \w+\n(?P<body>.*)\Z", re.S)
# One problem: its location on a line of its own, then the message, indented, before `[type=...]`.
_PROBLEM = re.compile(r"^(?P<loc>\S[^\n]*)\n  (?P<msg>[^\n\[]*[^\n\[ ])", re.M)


def concise(text: str) -> str | None:
    """The short form of a validation report, or None when `text` is not one."""
    match = _REPORT.match(text)
    if match is None:
        return None
    problems = [f"{p['loc']}: {p['msg']}" for p in _PROBLEM.finditer(match["body"])]
    detail = "; ".join(problems) if problems else "they do not match the tool's input schema"
    return f"Invalid arguments for {match['tool']}: {detail}."


def _rewrite(item: Any) -> None:
    if isinstance(item, dict):
        if item.get("type") == "text" and isinstance(item.get("text"), str):
            short = concise(item["text"])
            if short is not None:
                item["text"] = short
    elif getattr(item, "type", None) == "text" and isinstance(getattr(item, "text", None), str):
        short = concise(item.text)
        if short is not None:
            item.text = short


class ConciseValidationErrors:
    """Server middleware that shortens argument-validation errors of ``tools/call``."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        result = await call_next(ctx)
        if ctx.method != "tools/call":
            return result
        error = result.get("isError") if isinstance(result, dict) else getattr(result, "is_error", False)
        if error:
            content = result.get("content") if isinstance(result, dict) else getattr(result, "content", None)
            for item in content or []:
                _rewrite(item)
        return result
