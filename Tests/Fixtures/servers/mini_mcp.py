#!/usr/bin/env python3
"""mini_mcp: a small, deterministic MCP server over stdio, standard library only.

It is the fixture the live checks of MCP Preflight are tested against. Run without
`--defect` it is a correct server for the MCP revisions 2024-11-05, 2025-03-26,
2025-06-18 and 2025-11-25. Each `--defect NAME` (repeatable, or MINI_MCP_DEFECTS=a,b)
switches on one deliberate deviation so that exactly one check fails; see
`--list-defects` and README.md beside this file.

Transport: newline-delimited JSON-RPC 2.0 on stdin/stdout; logs go to stderr as
`time - name - LEVEL - message`. Nothing but JSON-RPC messages is ever written to stdout.

Environment:
  MINI_MCP_REQUIRE_ENV   comma-separated variable names that must be set; when one is
                         missing the server exits 1 at once, naming it on stderr.
  MINI_MCP_WRITE_LOG     file that the destructive `write_note` tool appends a line to.
  MINI_MCP_STATE_DIR     where the lifecycle.restart defect keeps its lock file.
  MINI_MCP_DEFECTS       comma-separated defects, added to the `--defect` options.

Options that keep the server correct but give it a particular character (for passing
examples): --lax-validation, --always-error, --rate-limit N, --rich-logs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import logging
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import OrderedDict, deque
from datetime import datetime, timedelta, timezone

SERVER_NAME = "mini-mcp"
SERVER_VERSION = "1.0.0"
# Newest first. Version strings are dates, so string order is time order.
SUPPORTED_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")
LATEST_VERSION = SUPPORTED_VERSIONS[0]
BOGUS_VERSION = "1999-01-01"

# JSON-RPC 2.0 / MCP error codes.
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
RESOURCE_NOT_FOUND = -32002

UNDOCUMENTED_TEMPLATE = "secret://{tenant}/{key}"

# logging/setLevel levels (RFC 5424 names, as MCP uses them).
LOG_LEVELS = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")
# --rate-limit: how long a request over the limit is held before it is served.
RATE_LIMIT_HOLD = 15
# The request type names the Python SDK logs ("Processing request of type CallToolRequest").
REQUEST_TYPES = {
    "initialize": "InitializeRequest", "ping": "PingRequest", "tools/list": "ListToolsRequest",
    "tools/call": "CallToolRequest", "resources/list": "ListResourcesRequest",
    "resources/templates/list": "ListResourceTemplatesRequest", "resources/read": "ReadResourceRequest",
    "prompts/list": "ListPromptsRequest", "prompts/get": "GetPromptRequest",
    "logging/setLevel": "SetLevelRequest", "completion/complete": "CompleteRequest",
}

# name -> (check id it fails, what it does). Order is the order of README.md.
DEFECTS = OrderedDict(
    [
        ("protocol.initialize", ("protocol.initialize", "initialize result has no serverInfo")),
        ("protocol.initialize-result", ("protocol.initialize",
         "initialize result is {name, version} only: no protocolVersion, capabilities or serverInfo")),
        ("protocol.version-negotiation", ("protocol.version-negotiation",
         "an unsupported requested version is answered with '1999-01-01' (a version it does not support either); supported ones are echoed")),
        ("protocol.version-negotiation-latest", ("protocol.version-negotiation",
         "always answers its own latest version (2025-11-25), even when the requested one is supported")),
        ("protocol.jsonrpc-errors", ("protocol.jsonrpc-errors", "unknown methods get -32603 instead of -32601")),
        ("protocol.jsonrpc-errors-result", ("protocol.jsonrpc-errors", "unknown methods get an empty result instead of -32601")),
        ("protocol.jsonrpc-errors-parse", ("protocol.jsonrpc-errors", "malformed JSON lines are silently ignored (no -32700)")),
        ("protocol.jsonrpc-errors-params", ("protocol.jsonrpc-errors",
         "bad params (tools/call without name, resources/read without uri, bad cursor type, ...) get -32603 instead of -32602")),
        ("protocol.ping", ("protocol.ping", "ping gets -32601 Method not found")),
        ("protocol.pagination", ("protocol.pagination",
         "nextCursor never ends: the last page points back to the first one, for ever")),
        ("protocol.pagination-cursor", ("protocol.pagination", "an invalid cursor is accepted and answered with the first page")),
        ("protocol.capabilities", ("protocol.capabilities",
         "declares the resources capability but every resources/* method gets -32601")),
        ("protocol.capabilities-undeclared", ("protocol.capabilities",
         "answers prompts/list and prompts/get without declaring the prompts capability")),
        ("protocol.capabilities-method", ("protocol.capabilities",
         "declares the logging capability but answers logging/setLevel with -32601")),
        ("protocol.notifications", ("protocol.notifications",
         "every notification is answered with an error response (id null, -32601)")),
        ("stdio.stdout-clean", ("stdio.stdout-clean",
         "after the initialize response prints a banner line and a Python-repr (non-JSON) line to stdout")),
        ("tools.schema-valid", ("tools.schema-valid", "adds a tool `legacy_search` whose inputSchema is {\"type\": \"string\"}")),
        ("tools.names-valid", ("tools.names-valid", "adds a tool named `get time!` and a second tool named `echo`")),
        ("tools.count", ("tools.count", "lists 45 tools (40 near-identical catalog_item_NN tools added)")),
        ("tools.annotations", ("tools.annotations", "no tool carries annotations")),
        ("tools.output-schema", ("tools.output-schema", "add returns structuredContent {\"sum\": \"<string>\"}, violating its outputSchema")),
        ("tools.invalid-input", ("tools.invalid-input",
         "no argument validation: schema-violating arguments get a success result")),
        ("tools.invalid-input-crash", ("tools.invalid-input",
         "schema-violating arguments crash the process (traceback on stderr, exit 1)")),
        ("tools.invalid-input-hang", ("tools.invalid-input", "schema-violating arguments are never answered")),
        ("tools.error-masking", ("tools.error-masking",
         "tool error texts carry a Python traceback with a server file path and the exception class")),
        ("tools.error-masking-validation", ("tools.error-masking",
         "schema-violating arguments get a raw pydantic validation dump as error text "
         "('1 validation error for add_arguments', '[type=...', an errors.pydantic.dev link)")),
        ("tools.error-flag", ("tools.error-flag",
         "valid calls of the read-only echo tool return the text 'Error: the upstream service refused the request' "
         "with isError false")),
        ("perf.latency", ("perf.latency", "every tools/call sleeps 300 ms before answering")),
        ("perf.success-rate", ("perf.success-rate", "every 20th tools/call (5%) gets JSON-RPC -32603")),
        ("perf.concurrency", ("perf.concurrency",
         "responses take the ids of requests in arrival order while finishing out of order, so concurrent responses carry swapped ids")),
        ("perf.memory-growth", ("perf.memory-growth", "each tools/call appends 1 MB to a global list that is never freed")),
        ("perf.cold-start", ("perf.cold-start", "sleeps 6 s before reading stdin")),
        ("lifecycle.stdin-close", ("lifecycle.stdin-close", "ignores EOF on stdin and keeps running until signalled")),
        ("lifecycle.stdin-close-status", ("lifecycle.stdin-close",
         "on stdin EOF writes a Python traceback (ending 'EOFError: stdin closed') to stderr and exits 1, promptly")),
        ("lifecycle.sigterm", ("lifecycle.sigterm", "ignores SIGTERM")),
        ("lifecycle.sigterm-children", ("lifecycle.sigterm",
         "starts a `sleep 300` child at startup and, on SIGTERM, exits without stopping it (it stays in the process group)")),
        ("lifecycle.sigint", ("lifecycle.sigint", "ignores SIGINT")),
        ("lifecycle.restart", ("lifecycle.restart",
         "creates $MINI_MCP_STATE_DIR/server.lock at start, removes it only on clean exit and refuses to start (exit 1) while it exists")),
        ("lifecycle.crash", ("lifecycle.crash",
         "the 3rd tools/call request of the session (any params, counted on arrival) writes a traceback ending "
         "'RuntimeError: simulated crash' to stderr and exits 1 without answering; logs each request at INFO")),
        ("logging.no-secret-leak", ("logging.no-secret-leak",
         "logs the value of every env var whose name contains KEY, TOKEN, SECRET or PASSWORD at startup")),
        ("logging.structured", ("logging.structured", "stderr lines are plain print-style text without time or level")),
        ("protocol.notification-rate", ("protocol.notification-rate",
         "once the client is ready, a thread sends 2,000 notifications/message at once, then about 5,000 a second")),
        ("logging.stderr-volume", ("logging.stderr-volume",
         "a thread writes 2 MiB of DEBUG lines to stderr at startup, then about 4 MiB/s for as long as the server runs")),
        ("env.validated-on-startup", ("env.validated-on-startup",
         "a missing MINI_MCP_REQUIRE_ENV variable is ignored at startup and only reported by the first tools/call")),
        ("docs.tool-descriptions", ("docs.tool-descriptions",
         "get_time has an empty description, add a 5-character one, and no parameter has a description")),
        ("docs.resource-uri-patterns", ("docs.resource-uri-patterns",
         "lists a second resource template (UNDOCUMENTED_TEMPLATE in this file) that no README mentions")),
    ]
)

log = logging.getLogger("mini_mcp")


class RpcError(Exception):
    def __init__(self, code: int, message: str, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


class ToolError(Exception):
    """A tool execution error, reported as a result with isError: true."""


def is_valid_id(value) -> bool:
    # MCP: a request id is a string or an integer, never null (and never a bool).
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def id_key(value):
    return (type(value).__name__, value)


def dumps(message) -> str:
    # json.dumps escapes control characters, so a message never contains a raw newline.
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --------------------------------------------------------------------------- schema


def validate(schema: dict, value, path: str = "arguments"):
    """Validates the small JSON Schema subset the tools here use; returns an error text or None."""
    return conform(schema, value, path)[1]


def conform(schema: dict, value, path: str = "arguments", lax: bool = False):
    """Returns (value, error text or None). With `lax`, values are first coerced the way pydantic's
    lax mode does (see lax_coerce) and the coerced value is returned for the tool to use."""
    expected = schema.get("type")
    if lax and expected in ("boolean", "number", "integer"):
        value, err = lax_coerce(expected, value, path)
        if err:
            return value, err
    if "enum" in schema and value not in schema["enum"]:
        return value, "%s must be one of %s" % (path, ", ".join(json.dumps(v) for v in schema["enum"]))
    if expected == "object":
        if not isinstance(value, dict):
            return value, "%s must be an object" % path
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                return value, "%s.%s is required" % (path, name)
        if schema.get("additionalProperties") is False:
            extra = sorted(k for k in value if k not in props)
            if extra:
                return value, "%s has an unexpected property '%s'" % (path, extra[0])
        out = dict(value)
        for name, sub in props.items():
            if name in value:
                out[name], err = conform(sub, value[name], "%s.%s" % (path, name), lax)
                if err:
                    return value, err
        return out, None
    if expected == "string":
        if not isinstance(value, str):
            return value, "%s must be a string" % path
        if len(value) < schema.get("minLength", 0):
            return value, "%s must be at least %d characters" % (path, schema["minLength"])
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return value, "%s must be at most %d characters" % (path, schema["maxLength"])
        return value, None
    if expected in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value, "%s must be %s" % (path, "an integer" if expected == "integer" else "a number")
        if isinstance(value, float) and not math.isfinite(value):
            return value, "%s must be finite" % path
        if expected == "integer" and isinstance(value, float) and not value.is_integer():
            return value, "%s must be an integer" % path
        if "minimum" in schema and value < schema["minimum"]:
            return value, "%s must be >= %s" % (path, schema["minimum"])
        if "maximum" in schema and value > schema["maximum"]:
            return value, "%s must be <= %s" % (path, schema["maximum"])
        return value, None
    if expected == "boolean":
        return value, (None if isinstance(value, bool) else "%s must be a boolean" % path)
    return value, None


# pydantic's lax mode (JSON input), as pydantic 2.x does it: booleans from these strings
# (case-insensitive) and from the numbers 0/1; numbers and integers from numeric strings (an
# integer also from a float or string with no fraction) and from booleans. Strings take strings only.
LAX_TRUE = {"1", "on", "t", "true", "y", "yes"}
LAX_FALSE = {"0", "off", "f", "false", "n", "no"}
NUMBER_TEXT = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
INTEGER_TEXT = re.compile(r"^\s*[+-]?\d+(\.0*)?\s*$")


def lax_coerce(expected: str, value, path: str):
    """Returns (coerced value, error text or None)."""
    if expected == "boolean":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, (int, float)) and value in (0, 1):
            return value == 1, None
        if isinstance(value, str) and value.strip().lower() in LAX_TRUE | LAX_FALSE:
            return value.strip().lower() in LAX_TRUE, None
        return value, "%s must be a boolean (or true/false, yes/no, on/off, 1/0)" % path
    what = "an integer" if expected == "integer" else "a number"
    if isinstance(value, bool):
        return int(value), None
    if isinstance(value, str):
        pattern = INTEGER_TEXT if expected == "integer" else NUMBER_TEXT
        if not pattern.match(value):
            return value, "%s must be %s or a numeric string" % (path, what)
        return (int(float(value)) if expected == "integer" else float(value)), None
    if expected == "integer" and isinstance(value, float) and value.is_integer():
        return int(value), None
    return value, None  # numbers go on to the ordinary checks; anything else fails there


# ------------------------------------------------------------- pydantic-style dump (a defect)

PYDANTIC_URL = "https://errors.pydantic.dev/2.11/v/"


def pydantic_repr(value) -> str:
    text = repr(value)
    return text if len(text) <= 50 else text[:25] + "..." + text[-24:]


def pydantic_errors(schema: dict, arguments: dict):
    """(loc, message, type, input) for each violation, in pydantic 2's words and order."""
    errors = []
    props = schema.get("properties", {})
    for name, sub in props.items():
        if name not in arguments:
            if name in schema.get("required", []):
                errors.append((name, "Field required", "missing", arguments))
            continue
        problem = pydantic_field_error(sub, arguments[name])
        if problem:
            errors.append((name,) + problem + (arguments[name],))
    if schema.get("additionalProperties") is False:
        for name in arguments:
            if name not in props:
                errors.append((name, "Extra inputs are not permitted", "extra_forbidden", arguments[name]))
    return errors


def pydantic_field_error(schema: dict, value):
    expected = schema.get("type")
    if "enum" in schema:
        if value in schema["enum"]:
            return None
        quoted = ["'%s'" % v for v in schema["enum"]]
        listed = quoted[0] if len(quoted) == 1 else "%s or %s" % (", ".join(quoted[:-1]), quoted[-1])
        return "Input should be %s" % listed, "literal_error"
    if expected == "string":
        if not isinstance(value, str):
            return "Input should be a valid string", "string_type"
        if len(value) < schema.get("minLength", 0):
            n = schema["minLength"]
            return "String should have at least %d character%s" % (n, "" if n == 1 else "s"), "string_too_short"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            n = schema["maxLength"]
            return "String should have at most %d character%s" % (n, "" if n == 1 else "s"), "string_too_long"
        return None
    if expected in ("number", "integer"):
        integer = expected == "integer"
        if isinstance(value, str):
            if integer:
                return "Input should be a valid integer, unable to parse string as an integer", "int_parsing"
            return "Input should be a valid number, unable to parse string as a number", "float_parsing"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ("Input should be a valid integer", "int_type") if integer else \
                ("Input should be a valid number", "float_type")
        if isinstance(value, float) and not math.isfinite(value):
            return "Input should be a finite number", "finite_number"
        if integer and isinstance(value, float) and not value.is_integer():
            return "Input should be a valid integer, got a number with a fractional part", "int_from_float"
        if "minimum" in schema and value < schema["minimum"]:
            return "Input should be greater than or equal to %s" % schema["minimum"], "greater_than_equal"
        if "maximum" in schema and value > schema["maximum"]:
            return "Input should be less than or equal to %s" % schema["maximum"], "less_than_equal"
        return None
    if expected == "boolean" and not isinstance(value, bool):
        if isinstance(value, str):
            return "Input should be a valid boolean, unable to interpret input", "bool_parsing"
        return "Input should be a valid boolean", "bool_type"
    return None


def pydantic_dump(tool_name: str, schema: dict, arguments: dict) -> str:
    """What str(ValidationError) looks like for the tool's (FastMCP-style) arguments model."""
    model = "%s_arguments" % tool_name
    errors = pydantic_errors(schema, arguments) or [("__root__", "Value error, invalid arguments", "value_error",
                                                     arguments)]
    lines = ["%d validation error%s for %s" % (len(errors), "" if len(errors) == 1 else "s", model)]
    for loc, message, kind, value in errors:
        lines.append(loc)
        lines.append("  %s [type=%s, input_value=%s, input_type=%s]"
                     % (message, kind, pydantic_repr(value), type(value).__name__))
        lines.append("    For further information visit %s%s" % (PYDANTIC_URL, kind))
    return "\n".join(lines)


# --------------------------------------------------------------------------- tools

TIMEZONES = ["UTC", "Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
# Standard-time offsets, used only when the system has no tz database.
FALLBACK_OFFSETS = {"UTC": 0, "Europe/Paris": 1, "Europe/London": 0, "America/New_York": -5,
                    "Asia/Tokyo": 9, "Australia/Sydney": 10}

READ_ONLY = {"readOnlyHint": True, "destructiveHint": False, "idempotentHint": True, "openWorldHint": False}


def base_tools():
    return [
        {
            "name": "get_time",
            "title": "Current time",
            "description": "Returns the current date and time in one IANA time zone as an ISO 8601 timestamp "
                           "with its UTC offset. Use it when the user asks what time it is somewhere.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "timezone": {
                        "type": "string",
                        "description": "IANA time zone name, one of the listed values, for example 'Europe/Paris'.",
                        "enum": TIMEZONES,
                        "examples": ["Europe/Paris", "UTC"],
                    }
                },
                "required": ["timezone"],
                "additionalProperties": False,
            },
            "outputSchema": {
                "type": "object",
                "properties": {
                    "timezone": {"type": "string", "description": "The time zone asked for."},
                    "datetime": {"type": "string", "description": "ISO 8601 local date and time with offset."},
                    "utc_offset": {"type": "string", "description": "Offset from UTC, like +02:00."},
                },
                "required": ["timezone", "datetime", "utc_offset"],
                "additionalProperties": False,
            },
            "annotations": dict(READ_ONLY, title="Current time", idempotentHint=False),
        },
        {
            "name": "add",
            "title": "Add two numbers",
            "description": "Adds two numbers and returns their sum, both as text and as structured content "
                           "{\"sum\": number}. Accepts integers and decimals.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "a": {"type": "number", "description": "First addend, any finite number."},
                    "b": {"type": "number", "description": "Second addend, any finite number."},
                },
                "required": ["a", "b"],
                "additionalProperties": False,
            },
            "outputSchema": {
                "type": "object",
                "properties": {"sum": {"type": "number", "description": "a + b"}},
                "required": ["sum"],
                "additionalProperties": False,
            },
            "annotations": dict(READ_ONLY, title="Add two numbers"),
        },
        {
            "name": "echo",
            "title": "Echo text",
            "description": "Returns the given text unchanged (or in upper case). Useful to test round trips and "
                           "concurrency; the text may be empty and is at most 200 characters long.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "maxLength": 200,
                             "description": "Text to send back, at most 200 characters."},
                    "uppercase": {"type": "boolean",
                                  "description": "Send the text back in upper case (default false)."},
                },
                "required": ["text"],
                "additionalProperties": False,
            },
            "annotations": dict(READ_ONLY, title="Echo text"),
        },
        {
            "name": "lookup",
            "title": "Look up a record",
            "description": "Looks up one record of the built-in catalogue by its numeric id (1 to 100) and "
                           "returns its id, name and category.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "minimum": 1, "maximum": 100,
                           "description": "Record id, an integer from 1 to 100."},
                },
                "required": ["id"],
                "additionalProperties": False,
            },
            "outputSchema": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "description": "The record id."},
                    "name": {"type": "string", "description": "The record name."},
                    "category": {"type": "string", "description": "One of alpha, beta, gamma."},
                },
                "required": ["id", "name", "category"],
                "additionalProperties": False,
            },
            "annotations": dict(READ_ONLY, title="Look up a record"),
        },
        {
            "name": "write_note",
            "title": "Write a note",
            "description": "Appends a note to the server's note log (the file named by MINI_MCP_WRITE_LOG). "
                           "This changes state outside the conversation and cannot be undone.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "note": {"type": "string", "minLength": 1, "maxLength": 500,
                             "description": "The note text, 1 to 500 characters, written as one line."},
                },
                "required": ["note"],
                "additionalProperties": False,
            },
            "annotations": {"title": "Write a note", "readOnlyHint": False, "destructiveHint": True,
                            "idempotentHint": False, "openWorldHint": False},
        },
    ]


def extra_catalog_tools():
    tools = []
    for n in range(1, 41):
        tools.append({
            "name": "catalog_item_%02d" % n,
            "description": "Returns the fixed catalogue entry number %d as a short line of text. One of forty "
                           "near-identical tools." % n,
            "inputSchema": {
                "type": "object",
                "properties": {"verbose": {"type": "boolean", "description": "Add the entry's long description."}},
                "additionalProperties": False,
            },
            "annotations": dict(READ_ONLY),
        })
    return tools


def fmt_offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return "%s%02d:%02d" % (sign, minutes // 60, minutes % 60)


def now_in(tz_name: str) -> datetime:
    try:
        from zoneinfo import ZoneInfo  # Python 3.9+

        return datetime.now(ZoneInfo(tz_name))
    except Exception:  # no tz database, or Python 3.8
        return datetime.now(timezone(timedelta(hours=FALLBACK_OFFSETS.get(tz_name, 0))))


def to_number(value) -> float:
    try:
        number = float(value)
        return number if math.isfinite(number) else 0.0
    except (TypeError, ValueError):
        return 0.0


def to_int(value) -> int:
    try:
        return int(to_number(value))
    except (OverflowError, ValueError):
        return 0


CATEGORIES = ("alpha", "beta", "gamma")


# --------------------------------------------------------------------------- server


class Server:
    def __init__(self, opts, defects: set):
        self.opts = opts
        self.defects = defects
        self.page_size = opts.page_size
        self.tool_delay = opts.tool_delay_ms / 1000.0
        self.out = sys.stdout.buffer
        self.out_lock = threading.Lock()
        self.out_broken = False
        self.state_lock = threading.Lock()
        self.version = None  # negotiated protocol version, None until initialize succeeded
        self.client_ready = False  # notifications/initialized seen
        self.inflight = {}  # id_key -> threading.Event (set = cancelled)
        self.inflight_cond = threading.Condition(self.state_lock)
        self.cursor_key = os.urandom(16)
        self.call_count = 0
        self.arrival_count = 0
        self.id_queue = deque()  # perf.concurrency defect
        self.leak = []  # perf.memory-growth defect
        self.missing_env = []  # env.validated-on-startup defect
        self.lax = opts.lax_validation
        self.always_error = opts.always_error
        self.rate_limit = opts.rate_limit  # 0: none
        self.rate_window = deque()  # monotonic times of the tools/call requests let through in the last second
        self.call_arrivals = 0  # lifecycle.crash defect
        self.client_log_level = "info"  # set by logging/setLevel
        # The SDK's per-request line; at INFO where the logs should show every request.
        self.request_log_level = logging.INFO if (opts.rich_logs or "lifecycle.crash" in defects) else logging.DEBUG
        self.write_log = os.environ.get("MINI_MCP_WRITE_LOG")
        tools = base_tools()
        if "tools.schema-valid" in defects:
            tools.append({
                "name": "legacy_search",
                "description": "Searches the built-in catalogue for a free-text query and returns matching record "
                               "names. Legacy interface: the whole argument is the query string.",
                "inputSchema": {"type": "string", "description": "The free-text query."},
                "annotations": dict(READ_ONLY, title="Legacy search"),
            })
        if "tools.names-valid" in defects:
            alias = dict(tools[0], name="get time!")
            alias.pop("title", None)
            tools.append(alias)
            tools.append(dict(tools[2]))  # a second `echo`
        if "tools.count" in defects:
            tools.extend(extra_catalog_tools())
        if "tools.annotations" in defects:
            for tool in tools:
                tool.pop("annotations", None)
        if "docs.tool-descriptions" in defects:
            for tool in tools:
                if tool["name"] == "get_time":
                    tool["description"] = ""
                elif tool["name"] == "add":
                    tool["description"] = "Adds."
                for prop in tool["inputSchema"].get("properties", {}).values():
                    prop.pop("description", None)
        self.tools = tools
        self.tools_by_name = {}
        for tool in tools:
            self.tools_by_name.setdefault(tool["name"], tool)
        self.templates = [{
            "uriTemplate": "notes://{id}",
            "name": "note",
            "title": "Note by id",
            "description": "One note of the built-in notebook, by numeric id from 1 to 100.",
            "mimeType": "text/plain",
        }]
        if "docs.resource-uri-patterns" in defects:
            self.templates.append({
                "uriTemplate": UNDOCUMENTED_TEMPLATE,
                "name": "tenant-secret",
                "title": "Tenant secret",
                "description": "A per-tenant configuration value (always redacted).",
                "mimeType": "text/plain",
            })
        self.resources = [{
            "uri": "notes://%d" % n,
            "name": "note-%d" % n,
            "title": "Note %d" % n,
            "description": "Note number %d of the built-in notebook." % n,
            "mimeType": "text/plain",
        } for n in range(1, 6)]
        self.prompts = [
            {
                "name": "summarize_note",
                "title": "Summarize a note",
                "description": "Asks the model to summarize one note of the built-in notebook.",
                "arguments": [
                    {"name": "id", "description": "Note id, 1 to 100.", "required": True},
                    {"name": "style", "description": "Summary style: 'short' (default) or 'detailed'.",
                     "required": False},
                ],
            },
            {
                "name": "greeting",
                "title": "Greeting",
                "description": "A friendly greeting, optionally addressed to someone.",
                "arguments": [{"name": "name", "description": "Who to greet.", "required": False}],
            },
        ]

    # ------------------------------------------------------------------ output

    def write_line(self, text: str) -> None:
        data = (text + "\n").encode("utf-8")
        with self.out_lock:
            if self.out_broken:
                return
            try:
                self.out.write(data)
                self.out.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.out_broken = True

    def send(self, message) -> None:
        self.write_line(dumps(message))

    def chatter_notifications(self) -> None:
        """About 5,000 log notifications a second once the client has said it is ready."""
        note = dumps({"jsonrpc": "2.0", "method": "notifications/message",
                      "params": {"level": "debug", "logger": "mini_mcp", "data": "tick"}})
        burst = 2_000  # at once when the client is ready, so even a short session sees a flood
        while True:
            if self.client_ready:
                for _ in range(burst or 50):
                    self.write_line(note)
                burst = 0
            time.sleep(0.01)

    def send_response(self, response, from_worker: bool) -> None:
        if from_worker and "perf.concurrency" in self.defects:
            # Bug: the id comes from a FIFO of arrivals, not from the request being answered.
            with self.state_lock:
                if self.id_queue:
                    response = dict(response, id=self.id_queue.popleft())
        self.send(response)

    @staticmethod
    def error(id_value, code, message, data=None):
        err = {"code": code, "message": message}
        if data is not None:
            err["data"] = data
        return {"jsonrpc": "2.0", "id": id_value, "error": err}

    # ------------------------------------------------------------------ reading

    def serve(self) -> None:
        stdin = sys.stdin.buffer
        while True:
            line = stdin.readline()
            if not line:
                return
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                log.debug("unparsable line of %d bytes", len(line))
                if "protocol.jsonrpc-errors-parse" not in self.defects:
                    self.send(self.error(None, PARSE_ERROR, "Parse error"))
                continue
            if isinstance(message, list):
                self.on_batch(message)
            else:
                self.on_message(message)

    def on_message(self, msg) -> None:
        if not isinstance(msg, dict):
            self.send(self.error(None, INVALID_REQUEST, "Invalid Request: a message is a JSON object"))
            return
        has_id = "id" in msg
        id_ok = has_id and is_valid_id(msg["id"])
        if "method" not in msg:
            if has_id and ("result" in msg or "error" in msg):
                log.debug("ignoring a response from the client (id %r)", msg.get("id"))  # we send no requests
                return
            self.send(self.error(msg["id"] if id_ok else None, INVALID_REQUEST, "Invalid Request"))
            return
        if msg.get("jsonrpc") != "2.0" or not isinstance(msg.get("method"), str):
            self.send(self.error(msg["id"] if id_ok else None, INVALID_REQUEST,
                                 "Invalid Request: jsonrpc must be \"2.0\" and method a string"))
            return
        if has_id and not id_ok:
            self.send(self.error(None, INVALID_REQUEST, "Invalid Request: id must be a string or an integer"))
            return
        if not has_id:
            self.on_notification(msg)
            return
        self.on_request_arrival(msg["method"])
        if msg["method"] == "initialize":
            # Answered on the reading thread, so nothing read after it can overtake it.
            response = self.handle(msg)
            self.send(response)
            if "stdio.stdout-clean" in self.defects and "result" in response:
                self.write_line("=== %s %s ready on stdio ===" % (SERVER_NAME, SERVER_VERSION))
                self.write_line(repr({"debug": True, "tools": len(self.tools)}))
            return
        cancel = threading.Event()
        with self.state_lock:
            self.inflight[id_key(msg["id"])] = cancel
            self.arrival_count += 1
            arrival = self.arrival_count
            if "perf.concurrency" in self.defects:
                self.id_queue.append(msg["id"])
        worker = threading.Thread(target=self.run_request, args=(msg, cancel, arrival),
                                  name="req-%s" % (msg["id"],), daemon=True)
        worker.start()

    def on_request_arrival(self, method: str) -> None:
        log.log(self.request_log_level, "Processing request of type %s", REQUEST_TYPES.get(method, method))
        if method != "tools/call" or "lifecycle.crash" not in self.defects:
            return
        with self.state_lock:
            self.call_arrivals += 1
            arrivals = self.call_arrivals
        if arrivals == 3:
            self.crash()

    def crash(self) -> None:
        """lifecycle.crash: dies the way an unhandled exception in a handler kills a Python server."""
        try:
            self.handle_call_without_a_guard()
        except RuntimeError:
            last_words = traceback.format_exc()
        with self.out_lock:  # never cut a response that is being written
            flush_logs()
            sys.stderr.write(last_words)
            sys.stderr.flush()
            os._exit(1)

    @staticmethod
    def handle_call_without_a_guard() -> None:
        raise RuntimeError("simulated crash")

    def run_request(self, msg, cancel: threading.Event, arrival: int) -> None:
        try:
            if "perf.concurrency" in self.defects:
                time.sleep(((arrival * 7) % 5) * 0.005)  # finish out of arrival order
            response = self.handle(msg, cancel)
            if response is not None and not cancel.is_set():
                self.send_response(response, from_worker=True)
            elif cancel.is_set():
                log.debug("request %r cancelled, no response sent", msg["id"])
        finally:
            with self.state_lock:
                self.inflight.pop(id_key(msg["id"]), None)
                self.inflight_cond.notify_all()

    def on_notification(self, msg) -> None:
        method = msg["method"]
        params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
        if method == "notifications/initialized":
            self.client_ready = True
            log.debug("client sent notifications/initialized")
        elif method == "notifications/cancelled":
            request_id = params.get("requestId")
            if is_valid_id(request_id):
                with self.state_lock:
                    event = self.inflight.get(id_key(request_id))
                if event is not None:
                    event.set()
                    log.info("request %r cancelled by the client: %s", request_id, params.get("reason", "no reason"))
        else:
            log.debug("ignoring notification %s", method)
        if "protocol.notifications" in self.defects:
            self.send(self.error(None, METHOD_NOT_FOUND, "Method not found: %s" % method))

    def on_batch(self, batch) -> None:
        # JSON-RPC batches are part of MCP 2025-03-26 only (added there, removed in 2025-06-18).
        if self.version != "2025-03-26":
            self.send(self.error(None, INVALID_REQUEST,
                                 "Invalid Request: JSON-RPC batches are not supported in protocol version %s"
                                 % (self.version or "(not initialized)")))
            return
        if not batch:
            self.send(self.error(None, INVALID_REQUEST, "Invalid Request: empty batch"))
            return
        threading.Thread(target=self.run_batch, args=(batch,), name="batch", daemon=True).start()

    def run_batch(self, batch) -> None:
        results = [None] * len(batch)
        workers = []

        def one(index, msg):
            if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0":
                results[index] = self.error(None, INVALID_REQUEST, "Invalid Request")
            elif "method" not in msg:
                results[index] = None  # a response from the client: ignored
            elif "id" not in msg:
                self.on_notification(msg)
            elif not is_valid_id(msg["id"]) or not isinstance(msg["method"], str):
                results[index] = self.error(None, INVALID_REQUEST, "Invalid Request")
            elif msg["method"] == "initialize":
                results[index] = self.error(msg["id"], INVALID_REQUEST,
                                            "Invalid Request: initialize must not be part of a batch")
            else:
                results[index] = self.handle(msg)

        for msg in batch:
            if isinstance(msg, dict) and "id" in msg and isinstance(msg.get("method"), str) \
                    and msg["method"] != "initialize":
                self.on_request_arrival(msg["method"])
        for index, msg in enumerate(batch):
            thread = threading.Thread(target=one, args=(index, msg), daemon=True)
            thread.start()
            workers.append(thread)
        for thread in workers:
            thread.join()
        answers = [r for r in results if r is not None]
        if answers:
            self.send(answers)

    # ------------------------------------------------------------------ dispatch

    def handle(self, msg, cancel: threading.Event = None):
        rid = msg["id"]
        method = msg["method"]
        params = msg.get("params", {})
        if params is None:
            params = {}
        try:
            if not isinstance(params, dict):
                raise RpcError(INVALID_PARAMS, "Invalid params: params must be an object")
            if method == "initialize":
                return {"jsonrpc": "2.0", "id": rid, "result": self.initialize(params)}
            if method == "ping":
                if "protocol.ping" in self.defects:
                    raise RpcError(METHOD_NOT_FOUND, "Method not found: ping")
                return {"jsonrpc": "2.0", "id": rid, "result": {}}
            if self.version is None:
                raise RpcError(INVALID_REQUEST, "Invalid Request: send initialize first")
            handler = self.method_table().get(method)
            if handler is None:
                if "protocol.jsonrpc-errors-result" in self.defects:
                    return {"jsonrpc": "2.0", "id": rid, "result": {}}
                if "protocol.jsonrpc-errors" in self.defects:
                    raise RpcError(INTERNAL_ERROR, "Internal error")
                raise RpcError(METHOD_NOT_FOUND, "Method not found: %s" % method)
            result = handler(params, cancel or threading.Event())
            if result is None:
                return None
            return {"jsonrpc": "2.0", "id": rid, "result": result}
        except RpcError as exc:
            if exc.code == INVALID_PARAMS and "protocol.jsonrpc-errors-params" in self.defects:
                return self.error(rid, INTERNAL_ERROR, "Internal error")
            return self.error(rid, exc.code, exc.message, exc.data)
        except Exception as exc:  # never leak a traceback to the client
            log.error("internal error in %s: %s: %s", method, type(exc).__name__, exc)
            return self.error(rid, INTERNAL_ERROR, "Internal error")

    def method_table(self):
        table = {
            "tools/list": self.tools_list,
            "tools/call": self.tools_call,
            "resources/list": self.resources_list,
            "resources/templates/list": self.templates_list,
            "resources/read": self.resources_read,
            "prompts/list": self.prompts_list,
            "prompts/get": self.prompts_get,
            "logging/setLevel": self.set_level,
        }
        if "protocol.capabilities-method" in self.defects:
            del table["logging/setLevel"]  # while initialize still declares `logging`
        if "protocol.capabilities" in self.defects:
            for name in ("resources/list", "resources/templates/list", "resources/read"):
                del table[name]
        return table

    # ------------------------------------------------------------------ lifecycle

    def initialize(self, params):
        if self.version is not None:
            raise RpcError(INVALID_REQUEST, "Invalid Request: already initialized")
        requested = params.get("protocolVersion")
        if not isinstance(requested, str):
            raise RpcError(INVALID_PARAMS, "Invalid params: protocolVersion must be a string")
        if not isinstance(params.get("capabilities"), dict):
            raise RpcError(INVALID_PARAMS, "Invalid params: capabilities must be an object")
        client = params.get("clientInfo")
        if not isinstance(client, dict) or not isinstance(client.get("name"), str) \
                or not isinstance(client.get("version"), str):
            raise RpcError(INVALID_PARAMS, "Invalid params: clientInfo needs string name and version")
        version = requested if requested in SUPPORTED_VERSIONS else LATEST_VERSION
        answered = version
        if "protocol.version-negotiation" in self.defects and requested not in SUPPORTED_VERSIONS:
            answered = BOGUS_VERSION
        if "protocol.version-negotiation-latest" in self.defects:
            answered = version = LATEST_VERSION
        self.version = version
        log.info("initialized by %s %s, protocol %s (requested %s)", client["name"], client["version"],
                 answered, requested)
        capabilities = {
            "tools": {"listChanged": False},
            "resources": {"subscribe": False, "listChanged": False},
            "prompts": {"listChanged": False},
            "logging": {},
        }
        if "protocol.capabilities-undeclared" in self.defects:
            del capabilities["prompts"]
        server_info = {"name": SERVER_NAME, "version": SERVER_VERSION}
        if version >= "2025-06-18":
            server_info["title"] = "Mini MCP fixture server"
        if "protocol.initialize-result" in self.defects:
            return {"name": SERVER_NAME, "version": SERVER_VERSION}
        result = {
            "protocolVersion": answered,
            "capabilities": capabilities,
            "serverInfo": server_info,
            "instructions": "Small test server: time, arithmetic, echo, a read-only catalogue and a notebook.",
        }
        if "protocol.initialize" in self.defects:
            del result["serverInfo"]
        return result

    def set_level(self, params, cancel):
        level = params.get("level")
        if level not in LOG_LEVELS:
            raise RpcError(INVALID_PARAMS, "Invalid params: level must be one of %s" % ", ".join(LOG_LEVELS))
        self.client_log_level = level
        log.info("client log level set to %s", level)
        return {}

    # ------------------------------------------------------------------ pagination

    def make_cursor(self, kind: str, offset: int) -> str:
        body = base64.urlsafe_b64encode(json.dumps([kind, offset]).encode()).decode().rstrip("=")
        mac = hmac.new(self.cursor_key, body.encode(), hashlib.sha256).hexdigest()[:16]
        return "%s.%s" % (body, mac)

    def read_cursor(self, kind: str, cursor, total: int) -> int:
        try:
            body, mac = cursor.split(".")
            good = hmac.new(self.cursor_key, body.encode(), hashlib.sha256).hexdigest()[:16]
            if not hmac.compare_digest(mac, good):
                raise ValueError("bad mac")
            got_kind, offset = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            if got_kind != kind or not isinstance(offset, int) or not 0 <= offset < total:
                raise ValueError("wrong list")
            return offset
        except (ValueError, TypeError, AttributeError):
            if "protocol.pagination-cursor" in self.defects:
                return 0
            raise RpcError(INVALID_PARAMS, "Invalid params: invalid cursor")

    def paginate(self, kind: str, key: str, items, params):
        cursor = params.get("cursor")
        offset = 0
        if cursor is not None:
            if not isinstance(cursor, str):
                raise RpcError(INVALID_PARAMS, "Invalid params: cursor must be a string")
            offset = self.read_cursor(kind, cursor, len(items))
        size = self.page_size
        if "protocol.pagination" in self.defects and size <= 0:
            size = 2
        if size <= 0:
            return {key: list(items)}
        result = {key: list(items[offset:offset + size])}
        following = offset + size
        if "protocol.pagination" in self.defects:
            result["nextCursor"] = self.make_cursor(kind, following if following < len(items) else 0)
        elif following < len(items):
            result["nextCursor"] = self.make_cursor(kind, following)
        return result

    # ------------------------------------------------------------------ tools

    def render_tool(self, tool):
        out = dict(tool)
        if self.version < "2025-06-18":  # title, outputSchema: added in 2025-06-18
            out.pop("title", None)
            out.pop("outputSchema", None)
        if self.version < "2025-03-26":  # tool annotations: added in 2025-03-26
            out.pop("annotations", None)
        return out

    def tools_list(self, params, cancel):
        return self.paginate("tools", "tools", [self.render_tool(t) for t in self.tools], params)

    def rate_limited(self) -> bool:
        """Sliding one-second window: True when N tools/call requests were already let through in it."""
        now = time.monotonic()
        with self.state_lock:
            while self.rate_window and now - self.rate_window[0] >= 1.0:
                self.rate_window.popleft()
            if len(self.rate_window) >= self.rate_limit:
                return True
            self.rate_window.append(now)
            return False

    def tools_call(self, params, cancel):
        if self.rate_limit and self.rate_limited():
            log.warning("rate limit of %d tools/call a second reached: holding the request for %d s",
                        self.rate_limit, RATE_LIMIT_HOLD)
            if cancel.wait(RATE_LIMIT_HOLD):
                return None
        name = params.get("name")
        if not isinstance(name, str):
            raise RpcError(INVALID_PARAMS, "Invalid params: name must be a string")
        arguments = params.get("arguments", {})
        if arguments is None:
            arguments = {}
        tool = self.tools_by_name.get(name)
        if tool is None:
            raise RpcError(INVALID_PARAMS, "Unknown tool: %s" % name)
        if tool["inputSchema"].get("type") == "object" and not isinstance(arguments, dict):
            raise RpcError(INVALID_PARAMS, "Invalid params: arguments must be an object")
        with self.state_lock:
            self.call_count += 1
            count = self.call_count
        if "perf.memory-growth" in self.defects:
            self.leak.append(b"\x01" * (1 << 20))  # written bytes, so RSS really grows
        if "perf.success-rate" in self.defects and count % 20 == 0:
            raise RpcError(INTERNAL_ERROR, "Internal error")
        delay = self.tool_delay + (0.3 if "perf.latency" in self.defects else 0.0)
        if delay > 0 and cancel.wait(delay):
            return None  # cancelled while working: no response
        if self.missing_env:
            log.error("missing required environment variable %s", self.missing_env[0])
            return self.tool_error("missing required environment variable %s" % self.missing_env[0])
        if self.always_error:
            return self.tool_error("Error: missing configuration")
        problem = None
        if tool["inputSchema"].get("type") == "object":
            coerced, problem = conform(tool["inputSchema"], arguments, "arguments", self.lax)
            if not problem:
                arguments = coerced
        if problem and "tools.invalid-input" not in self.defects:
            log.info("tool %s: invalid arguments: %s", name, problem)
            if "tools.invalid-input-crash" in self.defects:
                sys.stderr.write("Traceback (most recent call last):\n  File \"%s\", line 1, in tools_call\n"
                                 "ValueError: %s\n" % (os.path.abspath(__file__), problem))
                sys.stderr.flush()
                os._exit(1)
            if "tools.invalid-input-hang" in self.defects:
                cancel.wait(3600)
                return None
            if "tools.error-masking-validation" in self.defects:
                return self.tool_error(pydantic_dump(name, tool["inputSchema"], arguments))
            if "tools.error-masking" in self.defects:
                return self.tool_error(
                    "Traceback (most recent call last):\n"
                    "  File \"/srv/app/server.py\", line 42, in call_tool\n"
                    "    result = handler(**arguments)\n"
                    "  File \"/srv/app/tools.py\", line 17, in %s\n"
                    "    raise ValueError(message)\n"
                    "ValueError: %s" % (name, problem))
            return self.tool_error("Invalid arguments for %s: %s" % (name, problem))
        try:
            text, structured = self.run_tool(name, arguments)
        except ToolError as exc:
            return self.tool_error(str(exc))
        if "tools.output-schema" in self.defects and name == "add" and structured is not None:
            structured = {"sum": str(structured["sum"])}
        result = {"content": [{"type": "text", "text": text}], "isError": False}
        if structured is not None and self.version >= "2025-06-18":
            result["structuredContent"] = structured
        return result

    @staticmethod
    def tool_error(text: str):
        return {"content": [{"type": "text", "text": text}], "isError": True}

    def run_tool(self, name: str, args: dict):
        """Returns (text, structured or None). Tolerant of bad input (used by the tools.invalid-input defect)."""
        if name in ("get_time", "get time!"):
            tz_name = args.get("timezone") if args.get("timezone") in TIMEZONES else "UTC"
            now = now_in(tz_name).replace(microsecond=0)
            data = {"timezone": tz_name, "datetime": now.isoformat(), "utc_offset": fmt_offset(now.utcoffset())}
            return dumps(data), data
        if name == "add":
            a, b = args.get("a"), args.get("b")
            if all(isinstance(v, int) and not isinstance(v, bool) for v in (a, b)):
                total = a + b
            else:
                total = to_number(a) + to_number(b)
                if not math.isfinite(total):
                    raise ToolError("the sum is too large to represent")
            data = {"sum": total}
            return dumps(data), data
        if name == "echo":
            if "tools.error-flag" in self.defects:
                return "Error: the upstream service refused the request", None  # bug: no isError
            text = str(args.get("text", ""))
            return (text.upper() if args.get("uppercase") is True else text), None
        if name == "lookup":
            record_id = to_int(args.get("id"))
            data = {"id": record_id, "name": "record-%03d" % record_id, "category": CATEGORIES[record_id % 3]}
            return dumps(data), data
        if name == "write_note":
            note = " ".join(str(args.get("note", "")).split())
            if self.write_log:
                try:
                    with open(self.write_log, "a", encoding="utf-8") as handle:
                        handle.write("%s\t%s\n" % (datetime.now(timezone.utc).isoformat(), note))
                except OSError as exc:
                    raise ToolError("could not write the note log: %s" % exc.strerror)
            log.info("write_note called (%d characters)", len(note))
            return "note saved", None
        if name == "legacy_search":
            return "no match", None
        if name.startswith("catalog_item_"):
            entry = "catalogue entry %s" % name[-2:]
            if args.get("verbose") is True:
                entry += ": one of forty near-identical entries, kept for the tool-count defect"
            return entry, None
        raise ToolError("tool %s is not implemented" % name)

    # ------------------------------------------------------------------ resources

    def render_resource(self, item):
        out = dict(item)
        if self.version < "2025-06-18":
            out.pop("title", None)
        return out

    def resources_list(self, params, cancel):
        return self.paginate("resources", "resources", [self.render_resource(r) for r in self.resources], params)

    def templates_list(self, params, cancel):
        return self.paginate("templates", "resourceTemplates", [self.render_resource(t) for t in self.templates],
                             params)

    def resources_read(self, params, cancel):
        uri = params.get("uri")
        if not isinstance(uri, str):
            raise RpcError(INVALID_PARAMS, "Invalid params: uri must be a string")
        if uri.startswith("notes://"):
            tail = uri[len("notes://"):]
            if tail.isdigit() and 1 <= int(tail) <= 100:
                number = int(tail)
                text = "Note %d: %s" % (number, ["buy milk", "call Ada", "water the plants"][number % 3])
                return {"contents": [{"uri": uri, "mimeType": "text/plain", "text": text}]}
        if "docs.resource-uri-patterns" in self.defects and uri.startswith("secret://"):
            return {"contents": [{"uri": uri, "mimeType": "text/plain", "text": "(redacted)"}]}
        # Resource not found: -32002 in 2024-11-05, 2025-03-26 and 2025-11-25; 2025-06-18 says -32602.
        code = INVALID_PARAMS if self.version == "2025-06-18" else RESOURCE_NOT_FOUND
        raise RpcError(code, "Resource not found", {"uri": uri})

    # ------------------------------------------------------------------ prompts

    def prompts_list(self, params, cancel):
        return self.paginate("prompts", "prompts", [self.render_resource(p) for p in self.prompts], params)

    def prompts_get(self, params, cancel):
        name = params.get("name")
        if not isinstance(name, str):
            raise RpcError(INVALID_PARAMS, "Invalid params: name must be a string")
        prompt = next((p for p in self.prompts if p["name"] == name), None)
        if prompt is None:
            raise RpcError(INVALID_PARAMS, "Invalid params: unknown prompt %s" % name)
        arguments = params.get("arguments", {}) or {}
        if not isinstance(arguments, dict) or not all(isinstance(v, str) for v in arguments.values()):
            raise RpcError(INVALID_PARAMS, "Invalid params: arguments must map names to strings")
        known = {a["name"] for a in prompt["arguments"]}
        for arg in prompt["arguments"]:
            if arg.get("required") and arg["name"] not in arguments:
                raise RpcError(INVALID_PARAMS, "Invalid params: missing required argument %s" % arg["name"])
        unknown = sorted(set(arguments) - known)
        if unknown:
            raise RpcError(INVALID_PARAMS, "Invalid params: unknown argument %s" % unknown[0])
        if name == "summarize_note":
            if not (arguments["id"].isdigit() and 1 <= int(arguments["id"]) <= 100):
                raise RpcError(INVALID_PARAMS, "Invalid params: id must be a number from 1 to 100")
            style = arguments.get("style", "short")
            text = "Summarize note %s in a %s style." % (arguments["id"], "detailed" if style == "detailed" else "short")
        else:
            text = "Say hello to %s." % arguments.get("name", "the user")
        return {"description": prompt["description"],
                "messages": [{"role": "user", "content": {"type": "text", "text": text}}]}

    # ------------------------------------------------------------------ shutdown

    def wait_idle(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self.state_lock:
            while self.inflight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self.inflight_cond.wait(left)


# --------------------------------------------------------------------------- process


class Process:
    """Process-level concerns: signals, lock file, helper child, exit."""

    def __init__(self, defects: set):
        self.defects = defects
        self.lock_path = None
        self.child = None
        self.exiting = threading.Lock()

    def exit(self, code: int, reason: str, last_words: str = "") -> None:
        if not self.exiting.acquire(blocking=False):
            return
        log.info("shutting down (%s)", reason)
        if self.child is not None and not (reason == "SIGTERM" and "lifecycle.sigterm-children" in self.defects):
            try:
                self.child.terminate()
                self.child.wait(timeout=0.5)
            except Exception:
                pass
        if self.lock_path:
            # Only our own lock: an instance still shutting down must not free a newer instance's lock.
            try:
                with open(self.lock_path) as f:
                    mine = f.read().strip() == str(os.getpid())
                if mine:
                    os.unlink(self.lock_path)
            except OSError:
                pass
        flush_logs()
        if last_words:
            try:
                sys.stderr.write(last_words)
                sys.stderr.flush()
            except Exception:
                pass
        try:
            sys.stdout.flush()
        except Exception:
            pass
        os._exit(code)

    def install_signals(self) -> None:
        def on_signal(signum, frame):
            self.exit(0, signal.Signals(signum).name)

        # Explicit handlers also undo an inherited SIG_IGN (e.g. SIGINT in background jobs).
        for signum, defect in ((signal.SIGTERM, "lifecycle.sigterm"), (signal.SIGINT, "lifecycle.sigint")):
            signal.signal(signum, signal.SIG_IGN if defect in self.defects else on_signal)

    def take_lock(self) -> None:
        state_dir = os.environ.get("MINI_MCP_STATE_DIR") or os.path.join(
            tempfile.gettempdir(), "mini-mcp-state-%s" % os.getuid())
        os.makedirs(state_dir, exist_ok=True)
        path = os.path.join(state_dir, "server.lock")
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            log.error("lock file %s exists: another instance is running, refusing to start", path)
            self.exit_early(1)
        os.write(fd, ("%d\n" % os.getpid()).encode())
        os.close(fd)
        self.lock_path = path

    def spawn_child(self) -> None:
        self.child = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, close_fds=True)
        log.info("started helper process pid %d", self.child.pid)

    @staticmethod
    def exit_early(code: int) -> None:
        logging.shutdown()
        os._exit(code)


def flush_logs() -> None:
    for handler in logging.getLogger().handlers + log.handlers:
        try:
            handler.flush()
        except Exception:
            pass


def stdin_closed_unexpectedly() -> None:
    """lifecycle.stdin-close-status: the read loop treats end of file as an error."""
    raise EOFError("stdin closed")


def chatter() -> None:
    """2 MiB of debug noise at once, then about 4 MiB/s (a 312 KiB block every 1/16 s)."""
    block = ("%s - mini_mcp - DEBUG - tick %s\n" % ("2026-01-01 00:00:00,000", "." * 200)) * 1200
    sys.stderr.write(block * 7)
    while True:
        sys.stderr.write(block)
        sys.stderr.flush()
        time.sleep(1 / 16)


def setup_logging(level: str, defects: set, rich: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if "logging.structured" in defects:
        handler.setFormatter(logging.Formatter("%(message)s"))
    elif rich:
        handler.setFormatter(RichFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    log.addHandler(handler)
    log.setLevel(getattr(logging, level))
    log.propagate = False


SECRET_MARKERS = ("KEY", "TOKEN", "SECRET", "PASSWORD")

RICH_WIDTH = 80


class RichFormatter(logging.Formatter):
    """The layout of rich.logging.RichHandler on an 80-column console that is not a terminal:

    [11/30/26 05:14:37] INFO     Processing request of type          mini_mcp.py:712
                                 CallToolRequest

    a time column (blank when it repeats the previous record's), an 8-wide level, the message
    word-wrapped (over-long words folded) in what is left, the caller right-aligned on the first
    line; every line padded with spaces to the full width, as Rich does.
    """

    def __init__(self):
        super().__init__()
        self.last_time = None

    def format(self, record) -> str:  # called under the handler's lock
        stamp = datetime.fromtimestamp(record.created).strftime("[%m/%d/%y %H:%M:%S]")
        shown = stamp if stamp != self.last_time else " " * len(stamp)
        self.last_time = stamp
        where = "%s:%d" % (record.filename, record.lineno)
        width = max(10, RICH_WIDTH - len(stamp) - 1 - 9 - 1 - len(where))
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        lines = [part for paragraph in message.split("\n") for part in rich_wrap(paragraph, width)] or [""]
        out = ["%s %-8s %s %s" % (shown, record.levelname, lines[0].ljust(width), where)]
        blank_head = " " * (len(stamp) + 1 + 9)
        out += [blank_head + line.ljust(width) + " " * (1 + len(where)) for line in lines[1:]]
        return "\n".join(out)


def rich_wrap(text: str, width: int):
    """Rich's Text.wrap for left-justified text with overflow "fold": greedy over words (a word
    keeps its trailing spaces, which may not overflow), a word longer than the width folded."""
    lines, line = [], ""
    for word in re.findall(r"\S+\s*|\s+", text):
        bare = word.rstrip()
        if len(line) + len(bare) > width and line:
            lines.append(line)
            line = ""
        if len(bare) > width:
            while len(bare) > width:
                lines.append(bare[:width])
                bare = bare[width:]
            word = bare + word[len(word.rstrip()):]
        line += word
    lines.append(line)
    return [l[:width].rstrip() if len(l) > width else l.rstrip() for l in lines]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="mini_mcp.py",
        description="Small deterministic MCP stdio server (fixture for MCP Preflight).")
    parser.add_argument("--defect", action="append", default=[], metavar="NAME",
                        help="switch on one deliberate deviation (repeatable); see --list-defects")
    parser.add_argument("--list-defects", action="store_true", help="print the defects and exit")
    parser.add_argument("--page-size", type=int, default=3, metavar="N",
                        help="items per page of every list method; 0 disables pagination (default 3)")
    parser.add_argument("--tool-delay-ms", type=int, default=0, metavar="MS",
                        help="every tools/call works this long before answering; cancellable (default 0)")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument("--lax-validation", action="store_true",
                        help="coerce arguments like pydantic's lax mode (\"12\" for a number, \"yes\" for a boolean)")
    parser.add_argument("--always-error", action="store_true",
                        help="every tools/call returns isError: true with 'Error: missing configuration'")
    parser.add_argument("--rate-limit", type=int, default=0, metavar="N",
                        help="tools/call requests beyond N in a sliding second are held %d s (default 0: no limit)"
                             % RATE_LIMIT_HOLD)
    parser.add_argument("--rich-logs", action="store_true",
                        help="stderr records laid out like Rich's console handler, wrapped at %d columns" % RICH_WIDTH)
    opts = parser.parse_args(argv)
    extra = [d.strip() for d in os.environ.get("MINI_MCP_DEFECTS", "").split(",") if d.strip()]
    opts.defect = list(opts.defect) + extra
    unknown = [d for d in opts.defect if d not in DEFECTS]
    if unknown:
        parser.error("unknown defect %s (see --list-defects)" % ", ".join(unknown))
    if opts.page_size < 0 or opts.tool_delay_ms < 0 or opts.rate_limit < 0:
        parser.error("--page-size, --tool-delay-ms and --rate-limit must not be negative")
    return opts


def main(argv=None) -> None:
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    if opts.list_defects:
        for name, (check, what) in DEFECTS.items():
            sys.stdout.write("%-36s %-28s %s\n" % (name, check, what))
        return
    defects = set(opts.defect)
    setup_logging(opts.log_level, defects, opts.rich_logs)
    proc = Process(defects)
    proc.install_signals()
    if "logging.structured" in defects:
        log.info("mini-mcp %s starting" % SERVER_VERSION)
    else:
        log.info("starting %s %s (protocol %s)", SERVER_NAME, SERVER_VERSION, ", ".join(SUPPORTED_VERSIONS))
    if defects:
        log.warning("defects switched on: %s", ", ".join(sorted(defects)))

    required = [n.strip() for n in os.environ.get("MINI_MCP_REQUIRE_ENV", "").split(",") if n.strip()]
    missing = [n for n in required if not os.environ.get(n)]
    if missing and "env.validated-on-startup" not in defects:
        log.error("missing required environment variable %s", missing[0])
        proc.exit_early(1)

    secret_names = sorted(n for n in os.environ if any(m in n.upper() for m in SECRET_MARKERS))
    if "logging.no-secret-leak" in defects:
        for name in secret_names:
            log.info("config %s=%s", name, os.environ[name])
    elif secret_names:
        log.info("secret-named variables present (values not logged): %s", ", ".join(secret_names))

    if "lifecycle.restart" in defects:
        proc.take_lock()
    if "lifecycle.sigterm-children" in defects:
        proc.spawn_child()
    if "logging.stderr-volume" in defects:
        threading.Thread(target=chatter, daemon=True).start()

    server = Server(opts, defects)
    if "protocol.notification-rate" in defects:
        threading.Thread(target=server.chatter_notifications, daemon=True).start()
    server.missing_env = missing
    if "perf.cold-start" in defects:
        time.sleep(6)
    server.serve()

    log.info("stdin closed")
    if "lifecycle.stdin-close" in defects:
        while True:  # bug: keeps running without a client
            time.sleep(3600)
    server.wait_idle(1.0)
    if "lifecycle.stdin-close-status" in defects:
        try:
            stdin_closed_unexpectedly()
        except EOFError:
            proc.exit(1, "stdin closed", last_words=traceback.format_exc())
    proc.exit(0, "stdin closed")


if __name__ == "__main__":
    main()
