"""Tests for the mini_mcp.py fixture server.

Run: /work/main/.test-env/bin/python -m pytest Tests/Fixtures/servers -q

The correct server is driven through a real subprocess and checked against the MCP
revisions it claims; then every defect is shown to really deviate. Every wait is bounded
and every child process (and its process group) is reaped at teardown.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

try:
    import jsonschema
except ImportError:  # the suite's env has it; a bare interpreter may not
    jsonschema = None

HERE = Path(__file__).resolve().parent
SERVER = HERE / "mini_mcp.py"
README = HERE / "README.md"
PYTHON = sys.executable

_spec = importlib.util.spec_from_file_location("mini_mcp_under_test", SERVER)
mini = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mini)

VERSIONS = list(mini.SUPPORTED_VERSIONS)
LATEST = VERSIONS[0]
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - [\w.]+ - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - .+$")
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")
READ_ONLY_CALLS = {
    "get_time": {"timezone": "Europe/Paris"},
    "add": {"a": 2, "b": 3.5},
    "echo": {"text": "hello"},
    "lookup": {"id": 42},
}
INVALID_CALLS = [
    ("add", {"a": "one", "b": 2}),
    ("add", {"a": 1}),
    ("add", {"a": 1, "b": 2, "c": 3}),
    ("add", {"a": True, "b": 2}),
    ("echo", {"text": "x" * 201}),
    ("echo", {"text": 5}),
    ("echo", {"text": "x", "uppercase": "yes"}),
    ("lookup", {"id": 0}),
    ("lookup", {"id": 101}),
    ("lookup", {"id": 1.5}),
    ("get_time", {"timezone": "Mars/Olympus"}),
    ("get_time", {}),
]


# --------------------------------------------------------------------------- harness


class Session:
    """One server process; stdout/stderr drained by threads, every wait bounded."""

    def __init__(self, args=(), env=None):
        self.proc = subprocess.Popen(
            [PYTHON, str(SERVER), *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, start_new_session=True,  # own process group: leftovers can be killed by group
        )
        self.pgid = self.proc.pid
        self.messages = queue.Queue()
        self.raw_stdout = []
        self.stderr_lines = []
        self.others = []  # messages read while waiting for something else
        self.next_id = 0
        self.threads = [
            threading.Thread(target=self._pump_stdout, daemon=True),
            threading.Thread(target=self._pump_stderr, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _pump_stdout(self):
        for raw in iter(self.proc.stdout.readline, b""):
            self.raw_stdout.append(raw)
            try:
                self.messages.put(json.loads(raw))
            except ValueError:
                pass  # not JSON: kept in raw_stdout only
        self.messages.put(None)

    def _pump_stderr(self):
        for raw in iter(self.proc.stderr.readline, b""):
            self.stderr_lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    @property
    def stderr(self):
        return "\n".join(self.stderr_lines)

    # -- writing
    def send_raw(self, text):
        self.proc.stdin.write(text.encode("utf-8") + b"\n")
        self.proc.stdin.flush()

    def send(self, message):
        self.send_raw(json.dumps(message))

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def start_request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.next_id

    # -- reading
    def read(self, timeout=5.0):
        try:
            message = self.messages.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no message from the server within %.1f s; stderr:\n%s" % (timeout, self.stderr))
        if message is None:
            self.messages.put(None)
            raise AssertionError("server closed stdout (rc=%s); stderr:\n%s" % (self.proc.poll(), self.stderr))
        return message

    def wait_for(self, request_id, timeout=5.0):
        deadline = time.monotonic() + timeout
        for i, message in enumerate(self.others):
            if message.get("id") == request_id and ("result" in message or "error" in message):
                return self.others.pop(i)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no response to id %r within %.1f s; stderr:\n%s"
                                     % (request_id, timeout, self.stderr))
            message = self.read(left)
            if message.get("id") == request_id and ("result" in message or "error" in message):
                return message
            self.others.append(message)

    def request(self, method, params=None, timeout=5.0):
        return self.wait_for(self.start_request(method, params), timeout)

    def result(self, method, params=None, timeout=5.0):
        response = self.request(method, params, timeout)
        assert "result" in response, response
        return response["result"]

    def silence(self, seconds):
        """Everything the server sends within `seconds` (expected: nothing)."""
        got = []
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return got
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                return got
            if message is None:
                self.messages.put(None)
                return got
            got.append(message)

    def initialize(self, version=LATEST, notify=True, timeout=5.0):
        response = self.request("initialize", {
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": {"name": "pytest", "version": "1.0"},
        }, timeout)
        if notify:
            self.notify("notifications/initialized")
        return response

    def call(self, name, arguments=None, timeout=5.0):
        return self.request("tools/call", {"name": name, "arguments": arguments or {}}, timeout)

    def all_tools(self):
        tools, cursor = [], None
        for _ in range(100):
            result = self.result("tools/list", {"cursor": cursor} if cursor else {})
            tools.extend(result["tools"])
            cursor = result.get("nextCursor")
            if not cursor:
                return tools
        raise AssertionError("more than 100 pages of tools")

    # -- ending
    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def group_alive(self):
        try:
            os.killpg(self.pgid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True

    def close(self):
        self.close_stdin()
        if self.wait_exit(3) is None:
            self.proc.kill()
            self.wait_exit(5)
        try:
            os.killpg(self.pgid, signal.SIGKILL)  # helpers left in the group
        except (ProcessLookupError, PermissionError):
            pass
        for thread in self.threads:
            thread.join(timeout=3)
        for stream in (self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass


def base_env(tmp_path, extra=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MINI_MCP_") and not any(m in k.upper() for m in mini.SECRET_MARKERS)}
    env["MINI_MCP_STATE_DIR"] = str(tmp_path / "state")
    env.update(extra or {})
    return env


@pytest.fixture
def spawn(tmp_path):
    sessions = []

    def _spawn(*args, env=None, init=True, version=LATEST):
        session = Session(args, base_env(tmp_path, env))
        sessions.append(session)
        if init:
            response = session.initialize(version)
            assert "result" in response, response
        return session

    yield _spawn
    for session in sessions:
        session.close()


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def check_schema(schema):
    if jsonschema is not None:
        jsonschema.Draft202012Validator.check_schema(schema)


def schema_errors(schema, instance):
    if jsonschema is None:
        err = mini.validate(schema, instance, "value")
        return [err] if err else []
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(instance)]


# --------------------------------------------------------------------------- correct server: protocol


@pytest.mark.parametrize("version", VERSIONS)
def test_supported_version_is_echoed(spawn, version):
    s = spawn(init=False)
    result = s.initialize(version)["result"]
    assert result["protocolVersion"] == version
    assert result["serverInfo"]["name"] == "mini-mcp" and result["serverInfo"]["version"]
    assert set(result["capabilities"]) == {"tools", "resources", "prompts", "logging"}
    assert s.result("ping") == {}


@pytest.mark.parametrize("requested", ["2099-01-01", "1.0.0", ""])
def test_unsupported_version_gets_latest_supported(spawn, requested):
    s = spawn(init=False)
    assert s.initialize(requested)["result"]["protocolVersion"] == LATEST


def test_initialize_rules(spawn):
    s = spawn(init=False)
    assert s.result("ping") == {}  # ping is allowed before initialization
    assert s.request("tools/list")["error"]["code"] == -32600
    bad = s.request("initialize", {"capabilities": {}, "clientInfo": {"name": "x", "version": "1"}})
    assert bad["error"]["code"] == -32602
    bad = s.request("initialize", {"protocolVersion": LATEST, "capabilities": {}, "clientInfo": {"name": "x"}})
    assert bad["error"]["code"] == -32602
    assert "result" in s.initialize()
    assert s.initialize()["error"]["code"] == -32600  # only once per session


def test_capabilities_match_the_methods_that_answer(spawn):
    s = spawn()
    for method, params in [("tools/list", {}), ("resources/list", {}), ("resources/templates/list", {}),
                           ("resources/read", {"uri": "notes://1"}), ("prompts/list", {}),
                           ("prompts/get", {"name": "greeting"})]:
        assert "result" in s.request(method, params), method
    # `logging` is declared, so logging/setLevel answers (with an empty result) for every level.
    for level in mini.LOG_LEVELS:
        assert s.result("logging/setLevel", {"level": level}) == {}, level
    for params in ({}, {"level": "verbose"}, {"level": 3}):
        assert s.request("logging/setLevel", params)["error"]["code"] == -32602, params
    # Not declared, so not answered.
    for method, params in [("completion/complete", {}),
                           ("resources/subscribe", {"uri": "notes://1"}), ("tasks/list", {})]:
        assert s.request(method, params)["error"]["code"] == -32601, method


def test_notifications_get_no_response(spawn):
    s = spawn()  # sent notifications/initialized already
    s.notify("notifications/initialized")
    s.notify("notifications/made_up", {"x": 1})
    s.notify("notifications/cancelled", {"requestId": 999, "reason": "unknown id"})
    s.notify("notifications/cancelled", {"bogus": True})
    s.notify("notifications/progress", {"progressToken": "t", "progress": 1})
    ping_id = s.start_request("ping")
    assert s.read() == {"jsonrpc": "2.0", "id": ping_id, "result": {}}
    assert s.silence(0.3) == []


def test_jsonrpc_errors(spawn):
    s = spawn()
    assert s.request("no/such/method")["error"]["code"] == -32601
    s.send_raw('{"jsonrpc": "2.0", "id": 7, "method": "ping"')  # truncated
    assert s.read() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}
    s.proc.stdin.write(b"\xff\xfe not UTF-8\n")
    s.proc.stdin.flush()
    assert s.read()["error"]["code"] == -32700
    s.send({"id": 8, "method": "ping"})  # no jsonrpc member
    response = s.read()
    assert response["id"] == 8 and response["error"]["code"] == -32600
    s.send({"jsonrpc": "2.0", "id": None, "method": "ping"})  # MCP: id must not be null
    assert s.read()["error"]["code"] == -32600
    s.send(42)
    assert s.read()["error"]["code"] == -32600
    for method, params in [("tools/call", {}), ("tools/call", {"name": 5}),
                           ("tools/call", {"name": "no_such_tool", "arguments": {}}),
                           ("tools/call", {"name": "echo", "arguments": "text"}),
                           ("tools/list", {"cursor": 5}), ("resources/read", {}),
                           ("resources/read", {"uri": 3}),
                           ("prompts/get", {}), ("prompts/get", {"name": "nope"}),
                           ("prompts/get", {"name": "summarize_note"}),
                           ("prompts/get", {"name": "greeting", "arguments": {"name": 3}}),
                           ("ping", [1, 2])]:
        response = s.request(method, params)
        assert response["error"]["code"] == -32602, (method, params, response)
    # String ids are echoed as strings.
    s.send({"jsonrpc": "2.0", "id": "abc", "method": "ping"})
    assert s.read() == {"jsonrpc": "2.0", "id": "abc", "result": {}}


@pytest.mark.parametrize("page_size", [1, 2, 3, 0])
def test_pagination_ends_and_is_complete(spawn, page_size):
    s = spawn("--page-size", str(page_size))
    for method, key, count in [("tools/list", "tools", 5), ("resources/list", "resources", 5),
                               ("resources/templates/list", "resourceTemplates", 1),
                               ("prompts/list", "prompts", 2)]:
        items, cursor, pages = [], None, 0
        while True:
            result = s.result(method, {"cursor": cursor} if cursor else {})
            pages += 1
            assert pages < 20
            items.extend(result[key])
            assert len(result[key]) <= (page_size or count)
            cursor = result.get("nextCursor")
            if cursor is None:
                break
            assert isinstance(cursor, str) and cursor
        assert len(items) == count, method
        expected_pages = 1 if page_size == 0 else -(-count // page_size)
        assert pages == expected_pages


def test_invalid_cursors_give_invalid_params(spawn):
    s = spawn("--page-size", "2")
    good = s.result("tools/list")["nextCursor"]
    forged = good[:-1] + ("0" if good[-1] != "0" else "1")
    for cursor in ["garbage", "", "a.b", forged, good + "x"]:
        assert s.request("tools/list", {"cursor": cursor})["error"]["code"] == -32602, cursor
    # A tools cursor is not a prompts cursor, and cursors do not survive the session.
    assert s.request("prompts/list", {"cursor": good})["error"]["code"] == -32602
    other = spawn("--page-size", "2")
    assert other.request("tools/list", {"cursor": good})["error"]["code"] == -32602
    assert "result" in s.request("tools/list", {"cursor": good})


def test_batches_only_in_2025_03_26(spawn):
    s = spawn(version="2025-03-26")
    s.send([{"jsonrpc": "2.0", "id": "a", "method": "ping"},
            {"jsonrpc": "2.0", "method": "notifications/made_up"},
            {"jsonrpc": "2.0", "id": "b", "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "x"}}},
            {"jsonrpc": "2.0", "id": "c", "method": "nope"}])
    answer = s.read()
    assert isinstance(answer, list) and {r["id"] for r in answer} == {"a", "b", "c"}
    by_id = {r["id"]: r for r in answer}
    assert by_id["a"]["result"] == {} and by_id["c"]["error"]["code"] == -32601
    assert by_id["b"]["result"]["content"][0]["text"] == "x"
    s.send([{"jsonrpc": "2.0", "method": "notifications/made_up"}])  # notifications only: no answer
    s.send([])
    assert s.read()["error"]["code"] == -32600
    for version in ("2024-11-05", "2025-06-18", "2025-11-25"):
        t = spawn(version=version)
        t.send([{"jsonrpc": "2.0", "id": 1, "method": "ping"}])
        response = t.read()
        assert response["id"] is None and response["error"]["code"] == -32600


# --------------------------------------------------------------------------- correct server: tools


def test_tool_metadata(spawn):
    s = spawn()
    tools = s.all_tools()
    names = [t["name"] for t in tools]
    assert names == ["get_time", "add", "echo", "lookup", "write_note"]
    assert len(set(names)) == len(names) and all(NAME_RE.match(n) for n in names)
    for tool in tools:
        assert 20 <= len(tool["description"]) <= 1000, tool["name"]
        schema = tool["inputSchema"]
        check_schema(schema)
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        for name, prop in schema["properties"].items():
            assert prop.get("description"), (tool["name"], name)
        if "outputSchema" in tool:
            check_schema(tool["outputSchema"])
            assert tool["outputSchema"]["type"] == "object"
        annotations = tool["annotations"]
        assert isinstance(annotations["readOnlyHint"], bool) and isinstance(annotations["destructiveHint"], bool)
        if tool["name"] == "write_note":
            assert annotations["readOnlyHint"] is False and annotations["destructiveHint"] is True
        else:
            assert annotations["readOnlyHint"] is True
    assert "Europe/Paris" in tools[0]["inputSchema"]["properties"]["timezone"]["enum"]
    assert {t["name"] for t in tools if "outputSchema" in t} == {"get_time", "add", "lookup"}


def test_tool_calls_match_their_output_schemas(spawn):
    s = spawn()
    tools = {t["name"]: t for t in s.all_tools()}
    for name, arguments in READ_ONLY_CALLS.items():
        result = s.call(name, arguments)["result"]
        assert result["isError"] is False
        assert result["content"][0]["type"] == "text"
        if "outputSchema" in tools[name]:
            assert schema_errors(tools[name]["outputSchema"], result["structuredContent"]) == []
            assert json.loads(result["content"][0]["text"]) == result["structuredContent"]
        else:
            assert "structuredContent" not in result
    assert s.call("add", {"a": 2, "b": 3})["result"]["structuredContent"] == {"sum": 5}
    assert s.call("add", {"a": 0.1, "b": 0.2})["result"]["structuredContent"]["sum"] == pytest.approx(0.3)
    assert s.call("echo", {"text": "x" * 200})["result"]["content"][0]["text"] == "x" * 200
    assert s.call("echo", {"text": "Hi", "uppercase": True})["result"]["content"][0]["text"] == "HI"
    assert s.call("echo", {"text": "Hi", "uppercase": False})["result"]["content"][0]["text"] == "Hi"
    assert s.call("lookup", {"id": 7})["result"]["structuredContent"]["name"] == "record-007"
    paris = s.call("get_time", {"timezone": "Europe/Paris"})["result"]["structuredContent"]
    assert paris["timezone"] == "Europe/Paris" and paris["utc_offset"] in ("+01:00", "+02:00")
    assert s.call("add", {"a": 1e308, "b": 1e308})["result"]["isError"] is True


def test_invalid_arguments_are_short_tool_errors(spawn):
    s = spawn()
    for name, arguments in INVALID_CALLS:
        result = s.call(name, arguments)["result"]
        assert result["isError"] is True, (name, arguments, result)
        text = result["content"][0]["text"]
        assert 0 < len(text) < 200 and "Traceback" not in text and "File \"" not in text and ".py" not in text
    assert s.call("no_such_tool", {})["error"]["code"] == -32602
    assert s.result("ping") == {}  # still alive


def test_destructive_tool_is_only_run_when_called(spawn, tmp_path):
    write_log = tmp_path / "writes.log"
    s = spawn(env={"MINI_MCP_WRITE_LOG": str(write_log)})
    s.all_tools()
    for name, arguments in READ_ONLY_CALLS.items():
        s.call(name, arguments)
    assert not write_log.exists()
    assert s.call("write_note", {"note": "first\nline"})["result"]["isError"] is False
    assert s.call("write_note", {"note": ""})["result"]["isError"] is True
    lines = write_log.read_text().splitlines()
    assert len(lines) == 1 and lines[0].endswith("\tfirst line")


def test_fields_follow_the_negotiated_revision(spawn):
    old = spawn(version="2024-11-05")
    tools = old.all_tools()
    assert all("annotations" not in t and "outputSchema" not in t and "title" not in t for t in tools)
    assert "structuredContent" not in old.call("add", {"a": 1, "b": 2})["result"]
    mid = spawn(version="2025-03-26")
    tools = mid.all_tools()
    assert all("annotations" in t and "outputSchema" not in t for t in tools)
    new = spawn(version="2025-06-18")
    assert any("outputSchema" in t for t in new.all_tools())
    assert new.call("add", {"a": 1, "b": 2})["result"]["structuredContent"] == {"sum": 3}


@pytest.mark.parametrize("version,not_found", [("2024-11-05", -32002), ("2025-03-26", -32002),
                                               ("2025-06-18", -32602), ("2025-11-25", -32002)])
def test_resources(spawn, version, not_found):
    s = spawn("--page-size", "0", version=version)
    resources = s.result("resources/list")["resources"]
    assert [r["uri"] for r in resources] == ["notes://%d" % n for n in range(1, 6)]
    templates = s.result("resources/templates/list")["resourceTemplates"]
    assert [t["uriTemplate"] for t in templates] == ["notes://{id}"]
    contents = s.result("resources/read", {"uri": "notes://42"})["contents"]
    assert contents == [{"uri": "notes://42", "mimeType": "text/plain", "text": "Note 42: buy milk"}]
    for uri in ("notes://0", "notes://101", "notes://abc", "file:///etc/passwd"):
        error = s.request("resources/read", {"uri": uri})["error"]
        assert error["code"] == not_found and error["data"] == {"uri": uri}


def test_prompts(spawn):
    s = spawn()
    prompts = s.result("prompts/list")["prompts"]
    assert [p["name"] for p in prompts] == ["summarize_note", "greeting"]
    got = s.result("prompts/get", {"name": "summarize_note", "arguments": {"id": "3", "style": "detailed"}})
    assert got["messages"] == [{"role": "user", "content": {"type": "text",
                                                            "text": "Summarize note 3 in a detailed style."}}]
    assert s.result("prompts/get", {"name": "greeting"})["messages"][0]["content"]["text"] == "Say hello to the user."
    assert s.request("prompts/get", {"name": "greeting", "arguments": {"who": "x"}})["error"]["code"] == -32602


# --------------------------------------------------------------------------- correct server: concurrency


def test_slow_tool_does_not_block_ping(spawn):
    s = spawn("--tool-delay-ms", "1500")
    call_id = s.start_request("tools/call", {"name": "echo", "arguments": {"text": "slow"}})
    started = time.monotonic()
    assert s.result("ping", timeout=1.0) == {}
    assert time.monotonic() - started < 0.5
    response = s.wait_for(call_id, timeout=5)
    assert response["result"]["content"][0]["text"] == "slow"
    assert time.monotonic() - started >= 1.4


def test_concurrent_requests_keep_their_ids(spawn):
    s = spawn()
    ids = {}
    for n in range(40):
        ids[s.start_request("tools/call", {"name": "echo", "arguments": {"text": "msg-%d" % n}})] = "msg-%d" % n
    s.send({"jsonrpc": "2.0", "id": "str-id", "method": "ping"})
    for request_id, text in ids.items():
        assert s.wait_for(request_id)["result"]["content"][0]["text"] == text
    assert s.wait_for("str-id")["result"] == {}


def test_cancelled_request_gets_no_response(spawn):
    s = spawn("--tool-delay-ms", "2000")
    call_id = s.start_request("tools/call", {"name": "echo", "arguments": {"text": "never"}})
    time.sleep(0.1)
    s.notify("notifications/cancelled", {"requestId": call_id, "reason": "test"})
    assert s.result("ping", timeout=1.0) == {}
    assert s.silence(2.5) == []
    assert any("cancelled" in line for line in s.stderr_lines)


# --------------------------------------------------------------------------- correct server: stdio, logs, lifecycle


def test_stdout_only_jsonrpc_and_stderr_structured(spawn):
    s = spawn(env={"API_KEY": "canary-api-key-123", "DB_PASSWORD": "canary-db-pw-456"})
    s.all_tools()
    for name, arguments in READ_ONLY_CALLS.items():
        s.call(name, arguments)
    s.request("nope")
    s.send_raw("not json")
    s.read()
    s.close_stdin()
    assert s.wait_exit(2) == 0
    for thread in s.threads:
        thread.join(timeout=2)
    assert s.raw_stdout
    for raw in s.raw_stdout:
        assert raw.endswith(b"\n") and raw.count(b"\n") == 1
        assert json.loads(raw)["jsonrpc"] == "2.0"
    assert s.stderr_lines and all(LOG_LINE.match(line) for line in s.stderr_lines), s.stderr
    assert "API_KEY" in s.stderr  # names may be logged...
    assert "canary" not in s.stderr  # ...values never


def test_exits_when_stdin_closes_after_answering(spawn):
    s = spawn("--tool-delay-ms", "300")
    call_id = s.start_request("tools/call", {"name": "echo", "arguments": {"text": "last"}})
    started = time.monotonic()
    s.close_stdin()
    assert s.wait_exit(2) == 0
    assert time.monotonic() - started < 1.5
    assert s.wait_for(call_id, timeout=1)["result"]["content"][0]["text"] == "last"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_the_server_promptly(spawn, signum):
    s = spawn("--tool-delay-ms", "5000")
    s.start_request("tools/call", {"name": "echo", "arguments": {"text": "x"}})
    time.sleep(0.1)
    started = time.monotonic()
    s.proc.send_signal(signum)
    assert s.wait_exit(1) == 0
    assert time.monotonic() - started < 1
    time.sleep(0.05)
    assert not s.group_alive()


def test_restarts_after_sigkill(spawn):
    s = spawn()
    s.proc.kill()
    assert s.wait_exit(2) is not None
    again = spawn()
    assert again.result("ping") == {}


def test_cold_start_is_fast(spawn):
    started = time.monotonic()
    s = spawn()
    s.all_tools()
    assert time.monotonic() - started < 2


def test_required_env(spawn):
    s = spawn(env={"MINI_MCP_REQUIRE_ENV": "WEATHER_API_URL"}, init=False)
    started = time.monotonic()
    assert s.wait_exit(1) == 1
    assert time.monotonic() - started < 1
    for thread in s.threads:
        thread.join(timeout=2)
    assert "missing required environment variable WEATHER_API_URL" in s.stderr
    assert s.raw_stdout == []
    ok = spawn(env={"MINI_MCP_REQUIRE_ENV": "WEATHER_API_URL", "WEATHER_API_URL": "http://x"})
    assert ok.result("ping") == {}


def test_cli_rejects_unknown_defect(tmp_path):
    proc = subprocess.run([PYTHON, str(SERVER), "--defect", "no.such"], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=10, env=base_env(tmp_path))
    assert proc.returncode == 2 and b"unknown defect no.such" in proc.stderr


def test_cli_lists_every_defect(tmp_path):
    proc = subprocess.run([PYTHON, str(SERVER), "--list-defects"], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=10, env=base_env(tmp_path))
    assert proc.returncode == 0
    listed = [line.split()[:2] for line in proc.stdout.decode().splitlines()]
    assert listed == [[name, check] for name, (check, _) in mini.DEFECTS.items()]
    bad = subprocess.run([PYTHON, str(SERVER), "--rate-limit", "-1"], stdin=subprocess.DEVNULL,
                         capture_output=True, timeout=10, env=base_env(tmp_path))
    assert bad.returncode == 2


# --------------------------------------------------------------------------- options: correct servers with a character


def text_of(response):
    return response["result"]["content"][0]["text"]


def test_lax_validation_coerces_like_pydantic(spawn):
    strict = spawn()
    assert strict.call("add", {"a": "12", "b": 1})["result"]["isError"] is True  # the default is strict
    assert strict.call("echo", {"text": "x", "uppercase": "yes"})["result"]["isError"] is True
    s = spawn("--lax-validation")
    # Numbers from numeric strings (and booleans), used as numbers.
    result = s.call("add", {"a": "12", "b": "3.5"})["result"]
    assert result["isError"] is False and result["structuredContent"] == {"sum": 15.5}
    assert s.call("add", {"a": " -2 ", "b": 1e1})["result"]["structuredContent"] == {"sum": 8}
    assert s.call("add", {"a": True, "b": 2})["result"]["structuredContent"] == {"sum": 3}
    # Integers from integral strings and floats; the range still applies after coercion.
    assert s.call("lookup", {"id": "42"})["result"]["structuredContent"]["name"] == "record-042"
    assert s.call("lookup", {"id": 7.0})["result"]["structuredContent"]["id"] == 7
    assert s.call("lookup", {"id": "7.0"})["result"]["structuredContent"]["id"] == 7
    # Booleans from the usual spellings and 0/1.
    for value in (True, "true", "yes", "on", "1", "TRUE", "Yes", 1):
        assert text_of(s.call("echo", {"text": "Hi", "uppercase": value})) == "HI", value
    for value in (False, "false", "no", "off", "0", "False", 0):
        assert text_of(s.call("echo", {"text": "Hi", "uppercase": value})) == "Hi", value
    # Nothing else: no number, object or array becomes a string; junk stays junk.
    rejected = [
        ("echo", {"text": "x", "uppercase": "not-a-boolean"}), ("echo", {"text": "x", "uppercase": {}}),
        ("echo", {"text": "x", "uppercase": []}), ("echo", {"text": "x", "uppercase": 2}),
        ("echo", {"text": "x", "uppercase": "maybe"}), ("echo", {"text": "x", "uppercase": None}),
        ("echo", {"text": 12345}), ("echo", {"text": 1.5}), ("echo", {"text": {}}), ("echo", {"text": []}),
        ("echo", {"text": True}), ("echo", {"text": {"preflight": "not-a-string"}}),
        ("add", {"a": "not-a-number", "b": 1}), ("add", {"a": {}, "b": 1}), ("add", {"a": [], "b": 1}),
        ("add", {"a": "", "b": 1}), ("add", {"a": "1e999", "b": 1}), ("add", {"a": None, "b": 1}),
        ("lookup", {"id": "3.5"}), ("lookup", {"id": 1.5}), ("lookup", {"id": "not-a-number"}),
        ("lookup", {"id": "0"}), ("lookup", {"id": "101"}), ("lookup", {"id": []}),
        ("get_time", {"timezone": 5}), ("get_time", {"timezone": "Mars/Olympus"}),
        ("add", {"a": 1}), ("add", {"a": 1, "b": 2, "c": "3"}),
    ]
    for name, arguments in rejected:
        result = s.call(name, arguments)["result"]
        assert result["isError"] is True, (name, arguments, result)
        assert 0 < len(text_of({"result": result})) < 200
    assert s.result("ping") == {}


def test_always_error(spawn):
    s = spawn("--always-error")
    for name, arguments in list(READ_ONLY_CALLS.items()) + INVALID_CALLS:
        result = s.call(name, arguments)["result"]
        assert result == {"content": [{"type": "text", "text": "Error: missing configuration"}], "isError": True}
    assert s.call("no_such_tool", {})["error"]["code"] == -32602  # protocol errors stay protocol errors
    assert s.request("tools/call", {})["error"]["code"] == -32602
    assert len(s.all_tools()) == 5 and s.result("ping") == {}


def test_rate_limit_holds_calls_beyond_the_limit(spawn):
    s = spawn("--rate-limit", "3")
    started = time.monotonic()
    burst = [s.start_request("tools/call", {"name": "echo", "arguments": {"text": "m%d" % n}}) for n in range(5)]
    # Other methods are not limited.
    assert s.result("ping", timeout=1.0) == {}
    assert "tools" in s.result("tools/list", timeout=1.0)
    answered = {m["id"]: text_of(m) for m in s.others if m.get("id") in burst}
    while len(answered) < 3:
        message = s.read(timeout=max(0.01, started + 2.0 - time.monotonic()))
        if message.get("id") in burst:
            answered[message["id"]] = text_of(message)
    assert time.monotonic() - started < 2.0
    held = [i for i in burst if i not in answered]
    assert len(held) == 2 and all(answered[i] == "m%d" % burst.index(i) for i in answered)
    # Held, not dropped: nothing comes for them for a while...
    assert [m for m in s.silence(1.5) if m.get("id") in held] == []
    # ...while the window has slid on and lets a new call straight through.
    quick = time.monotonic()
    assert text_of(s.call("echo", {"text": "after"}, timeout=2.0)) == "after"
    assert time.monotonic() - quick < 2.0
    for request_id in held:  # answered 15 s after they came, with their own ids and results
        assert text_of(s.wait_for(request_id, timeout=20)) == "m%d" % burst.index(request_id)
    assert 14.5 <= time.monotonic() - started < 25
    assert "rate limit" in s.stderr


RICH_FIRST = re.compile(r"^(\[\d\d/\d\d/\d\d \d\d:\d\d:\d\d\]| {19}) (DEBUG|INFO|WARNING|ERROR|CRITICAL) +\S")
RICH_MORE = re.compile(r"^ {29}\S")


def test_rich_logs(spawn):
    s = spawn("--rich-logs", env={"API_KEY": "canary-api-key-123"})
    for name, arguments in READ_ONLY_CALLS.items():
        s.call(name, arguments)
    s.close_stdin()
    assert s.wait_exit(2) == 0
    for thread in s.threads:
        thread.join(timeout=2)
    lines = s.stderr_lines
    assert lines and all(len(line) == 80 for line in lines), s.stderr
    assert RICH_FIRST.match(lines[0]) and lines[0].startswith("[")
    records, continued = 0, 0
    for number, line in enumerate(lines):
        if RICH_FIRST.match(line):
            records += 1
            assert re.search(r" mini_mcp\.py:\d+$", line), line
        else:
            assert RICH_MORE.match(line) and number > 0, line  # a continuation: indented, no level
            assert not re.match(r"^ +(DEBUG|INFO|WARNING|ERROR|CRITICAL) ", line), line
            if not RICH_MORE.match(lines[number - 1]):
                continued += 1
    assert records >= 8 and continued >= 5  # one wrapped "Processing request" record per request, at least
    wrapped = [n for n, line in enumerate(lines) if "Processing request of type" in line]
    assert len(wrapped) >= 5 and all(lines[n + 1].strip() for n in wrapped)
    assert "CallToolRequest" in [lines[n + 1].strip() for n in wrapped]
    assert "canary" not in s.stderr


def test_rich_layout_matches_rich():
    rich_console = pytest.importorskip("rich.console")
    rich_logging = pytest.importorskip("rich.logging")
    import io
    out = io.StringIO()
    handler = rich_logging.RichHandler(console=rich_console.Console(file=out, width=80),
                                       log_time_format="[%m/%d/%y %H:%M:%S]")
    formatter = mini.RichFormatter()
    ours = []
    messages = ["Processing request of type CallToolRequest", "short", "", "  indented  start and end  ",
                "x" * 130 + " tail", "word " * 40, "a\nsecond paragraph that is long enough to wrap around once"]
    for n, message in enumerate(messages):
        record = logging.LogRecord("mini_mcp", [logging.INFO, logging.WARNING, logging.DEBUG][n % 3],
                                   "/srv/mini_mcp.py", 7 + 300 * n, message, None, None)
        record.created = 1_800_000_000 + n // 2  # pairs share a second: the time column is blanked
        handler.handle(record)
        ours.append(formatter.format(record))
    assert "\n".join(ours) + "\n" == out.getvalue()


def test_defect_protocol_initialize(spawn):
    result = spawn("--defect", "protocol.initialize", init=False).initialize()["result"]
    assert "serverInfo" not in result and result["protocolVersion"] == LATEST


def test_defect_protocol_initialize_result(spawn):
    result = spawn("--defect", "protocol.initialize-result", init=False).initialize()["result"]
    assert "protocolVersion" not in result and "capabilities" not in result


def test_defect_version_negotiation(spawn):
    s = spawn("--defect", "protocol.version-negotiation", init=False)
    assert s.initialize("2099-01-01")["result"]["protocolVersion"] == "1999-01-01"
    t = spawn("--defect", "protocol.version-negotiation", init=False)
    assert t.initialize("2025-06-18")["result"]["protocolVersion"] == "2025-06-18"  # only the fallback is wrong


def test_defect_version_negotiation_latest(spawn):
    s = spawn("--defect", "protocol.version-negotiation-latest", init=False)
    assert s.initialize("2025-03-26")["result"]["protocolVersion"] == LATEST


def test_defect_jsonrpc_errors(spawn):
    assert spawn("--defect", "protocol.jsonrpc-errors").request("nope")["error"]["code"] == -32603
    assert spawn("--defect", "protocol.jsonrpc-errors-result").request("nope")["result"] == {}
    s = spawn("--defect", "protocol.jsonrpc-errors-parse")
    s.send_raw("{not json")
    ping_id = s.start_request("ping")
    assert s.read()["id"] == ping_id  # nothing came for the malformed line
    p = spawn("--defect", "protocol.jsonrpc-errors-params")
    assert p.request("tools/call", {})["error"]["code"] == -32603
    assert p.request("resources/read", {})["error"]["code"] == -32603
    assert p.request("nope")["error"]["code"] == -32601  # the other rules still hold


def test_defect_ping(spawn):
    assert spawn("--defect", "protocol.ping").request("ping")["error"]["code"] == -32601


def test_defect_pagination_loops(spawn):
    s = spawn("--defect", "protocol.pagination")
    cursor, names = None, []
    for _ in range(10):
        result = s.result("tools/list", {"cursor": cursor} if cursor else {})
        names.extend(t["name"] for t in result["tools"])
        cursor = result.get("nextCursor")
        assert cursor, "the loop defect must never end"
    assert len(names) > 5 and len(set(names)) == 5


def test_defect_pagination_cursor(spawn):
    s = spawn("--defect", "protocol.pagination-cursor")
    assert "tools" in s.result("tools/list", {"cursor": "garbage"})


def test_defect_capabilities(spawn):
    s = spawn("--defect", "protocol.capabilities", init=False)
    assert "resources" in s.initialize()["result"]["capabilities"]
    assert s.request("resources/list")["error"]["code"] == -32601
    u = spawn("--defect", "protocol.capabilities-undeclared", init=False)
    assert "prompts" not in u.initialize()["result"]["capabilities"]
    assert "prompts" in u.result("prompts/list")


def test_defect_notifications(spawn):
    s = spawn("--defect", "protocol.notifications")  # sent notifications/initialized
    answer = s.read(timeout=2)
    assert answer["id"] is None and "error" in answer


def test_defect_stdout_clean(spawn):
    s = spawn("--defect", "stdio.stdout-clean")
    assert s.result("ping") == {}
    bad = []
    for raw in s.raw_stdout:
        try:
            json.loads(raw)
        except ValueError:
            bad.append(raw)
    assert len(bad) == 2 and b"ready" in bad[0]


def test_defect_schema_valid(spawn):
    tools = spawn("--defect", "tools.schema-valid").all_tools()
    assert [t["name"] for t in tools if t["inputSchema"].get("type") != "object"] == ["legacy_search"]


def test_defect_names_valid(spawn):
    names = [t["name"] for t in spawn("--defect", "tools.names-valid").all_tools()]
    assert "get time!" in names and not NAME_RE.match("get time!") and names.count("echo") == 2


def test_defect_count(spawn):
    assert len(spawn("--defect", "tools.count", "--page-size", "0").all_tools()) == 45


def test_defect_annotations(spawn):
    assert all("annotations" not in t for t in spawn("--defect", "tools.annotations").all_tools())


def test_defect_output_schema(spawn):
    s = spawn("--defect", "tools.output-schema")
    add = next(t for t in s.all_tools() if t["name"] == "add")
    result = s.call("add", {"a": 1, "b": 2})["result"]
    assert schema_errors(add["outputSchema"], result["structuredContent"]) != []


def test_defect_invalid_input_success(spawn):
    s = spawn("--defect", "tools.invalid-input")
    for name, arguments in INVALID_CALLS:
        assert s.call(name, arguments)["result"]["isError"] is False, (name, arguments)


def test_defect_invalid_input_crash(spawn):
    s = spawn("--defect", "tools.invalid-input-crash")
    s.start_request("tools/call", {"name": "lookup", "arguments": {"id": 0}})
    assert s.wait_exit(3) == 1


def test_defect_invalid_input_hang(spawn):
    s = spawn("--defect", "tools.invalid-input-hang")
    call_id = s.start_request("tools/call", {"name": "lookup", "arguments": {"id": 0}})
    assert s.result("ping") == {}
    assert [m for m in s.silence(1.5) if m.get("id") == call_id] == []


def test_defect_error_masking(spawn):
    s = spawn("--defect", "tools.error-masking")
    result = s.call("lookup", {"id": 0})["result"]
    text = result["content"][0]["text"]
    assert result["isError"] is True
    assert text.startswith('Traceback (most recent call last):\n  File "/srv/app/server.py", line 42')


def test_defect_latency(spawn):
    s = spawn("--defect", "perf.latency")
    started = time.monotonic()
    s.call("echo", {"text": "x"})
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    s.result("ping")
    assert time.monotonic() - started < 0.2


def test_defect_success_rate(spawn):
    s = spawn("--defect", "perf.success-rate")
    responses = [s.call("echo", {"text": str(n)}) for n in range(40)]
    assert [n for n, r in enumerate(responses) if "error" in r] == [19, 39]
    assert all(r["error"]["code"] == -32603 for r in responses if "error" in r)


def test_defect_concurrency(spawn):
    good = spawn()
    bad = spawn("--defect", "perf.concurrency")
    for s, expect_correct in ((good, True), (bad, False)):
        ids = {s.start_request("tools/call", {"name": "echo", "arguments": {"text": "m%d" % n}}): "m%d" % n
               for n in range(10)}
        answered = {}
        for _ in ids:
            message = s.read()
            answered[message["id"]] = message["result"]["content"][0]["text"]
        assert set(answered) == set(ids)  # every id answered exactly once...
        assert (answered == ids) is expect_correct  # ...but with someone else's result
    sequential = spawn("--defect", "perf.concurrency")
    assert sequential.call("echo", {"text": "alone"})["result"]["content"][0]["text"] == "alone"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_defect_memory_growth(spawn):
    growth = {}
    for label, args in (("good", ()), ("bad", ("--defect", "perf.memory-growth"))):
        s = spawn(*args)
        s.call("echo", {"text": "warm-up"})
        before = rss_kib(s.proc.pid)
        for _ in range(40):
            s.call("echo", {"text": "same"})
        growth[label] = rss_kib(s.proc.pid) - before
    assert growth["bad"] > 30 * 1024 and growth["good"] < 5 * 1024, growth


def test_defect_cold_start(spawn):
    started = time.monotonic()
    s = spawn("--defect", "perf.cold-start", init=False)
    assert "result" in s.initialize(timeout=10)
    assert 5.5 <= time.monotonic() - started < 9


def test_defect_stdin_close(spawn):
    s = spawn("--defect", "lifecycle.stdin-close")
    s.close_stdin()
    assert s.wait_exit(2.5) is None
    s.proc.terminate()
    assert s.wait_exit(2) == 0


def test_defect_sigterm(spawn):
    s = spawn("--defect", "lifecycle.sigterm")
    s.proc.terminate()
    assert s.wait_exit(1.5) is None
    assert s.result("ping") == {}
    s.proc.send_signal(signal.SIGINT)  # the other signal still works
    assert s.wait_exit(2) == 0


def test_defect_sigterm_children(spawn):
    s = spawn("--defect", "lifecycle.sigterm-children")
    s.proc.terminate()
    assert s.wait_exit(2) == 0
    time.sleep(0.1)
    assert s.group_alive()  # the sleep 300 helper was left behind
    t = spawn("--defect", "lifecycle.sigterm-children")
    t.proc.send_signal(signal.SIGINT)
    assert t.wait_exit(2) == 0
    time.sleep(0.1)
    assert not t.group_alive()  # only SIGTERM leaks it


def test_defect_sigint(spawn):
    s = spawn("--defect", "lifecycle.sigint")
    s.proc.send_signal(signal.SIGINT)
    assert s.wait_exit(1.5) is None
    s.proc.terminate()
    assert s.wait_exit(2) == 0


def test_defect_restart(spawn, tmp_path):
    lock = tmp_path / "state" / "server.lock"
    s = spawn("--defect", "lifecycle.restart")
    assert lock.exists()
    s.close_stdin()
    assert s.wait_exit(2) == 0 and not lock.exists()  # clean exit removes it
    k = spawn("--defect", "lifecycle.restart")
    k.proc.kill()
    k.wait_exit(2)
    assert lock.exists()
    again = spawn("--defect", "lifecycle.restart", init=False)
    assert again.wait_exit(2) == 1
    for thread in again.threads:
        thread.join(timeout=2)
    assert "lock file" in again.stderr


def test_defect_no_secret_leak(spawn):
    s = spawn("--defect", "logging.no-secret-leak", env={"GITHUB_TOKEN": "canary-gh-789"})
    s.result("ping")
    deadline = time.monotonic() + 2
    while "canary-gh-789" not in s.stderr and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "canary-gh-789" in s.stderr


def test_defect_structured_logging(spawn):
    s = spawn("--defect", "logging.structured")
    s.close_stdin()
    s.wait_exit(2)
    for thread in s.threads:
        thread.join(timeout=2)
    assert s.stderr_lines and not any(LOG_LINE.match(line) for line in s.stderr_lines)


def test_defect_notification_rate(spawn):
    s = spawn("--defect", "protocol.notification-rate")
    s.result("ping")
    seen = sum(m.get("method") == "notifications/message" for m in s.others)
    deadline = time.monotonic() + 5
    while seen < 500 and time.monotonic() < deadline:
        message = s.read(timeout=2)
        seen += message.get("method") == "notifications/message"
    assert seen >= 500


def test_defect_stderr_volume(spawn):
    s = spawn("--defect", "logging.stderr-volume")
    s.result("ping")
    deadline = time.monotonic() + 5
    while len(s.stderr) < 1 << 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(s.stderr) >= 1 << 20


def test_defect_env_validated_late(spawn):
    s = spawn("--defect", "env.validated-on-startup", env={"MINI_MCP_REQUIRE_ENV": "WEATHER_API_URL"})
    assert s.wait_exit(1.5) is None
    result = s.call("echo", {"text": "x"})["result"]
    assert result["isError"] is True and "WEATHER_API_URL" in result["content"][0]["text"]


def test_defect_tool_descriptions(spawn):
    tools = {t["name"]: t for t in spawn("--defect", "docs.tool-descriptions").all_tools()}
    assert tools["get_time"]["description"] == "" and len(tools["add"]["description"]) == 5
    assert all("description" not in p for t in tools.values() for p in t["inputSchema"]["properties"].values())


def test_defect_resource_uri_patterns(spawn):
    readme = README.read_text(encoding="utf-8")
    good = spawn().result("resources/templates/list")["resourceTemplates"]
    assert all(t["uriTemplate"] in readme for t in good)
    s = spawn("--defect", "docs.resource-uri-patterns", "--page-size", "0")
    patterns = [t["uriTemplate"] for t in s.result("resources/templates/list")["resourceTemplates"]]
    missing = [p for p in patterns if p not in readme]
    assert missing == [mini.UNDOCUMENTED_TEMPLATE]
    assert "secret://" not in readme


def test_defect_capabilities_method(spawn):
    s = spawn("--defect", "protocol.capabilities-method", init=False)
    assert "logging" in s.initialize()["result"]["capabilities"]
    assert s.request("logging/setLevel", {"level": "info"})["error"]["code"] == -32601
    assert "result" in s.request("prompts/list") and "result" in s.request("resources/list")


def test_defect_error_flag(spawn):
    s = spawn("--defect", "tools.error-flag")
    for text in ("hello", "other"):
        result = s.call("echo", {"text": text})["result"]
        assert result["isError"] is False
        assert text_of({"result": result}) == "Error: the upstream service refused the request"
    assert s.call("add", {"a": 1, "b": 2})["result"]["structuredContent"] == {"sum": 3}  # only echo
    invalid = s.call("echo", {"text": 5})["result"]  # invalid arguments are still flagged
    assert invalid["isError"] is True and not text_of({"result": invalid}).startswith("Error: the upstream")


def pydantic_model(name, schema):
    """The FastMCP-style arguments model of a tool, for comparing the dump with pydantic's own."""
    pydantic = pytest.importorskip("pydantic")
    from typing import Literal, Optional
    fields = {}
    for prop, sub in schema["properties"].items():
        kind = {"string": str, "number": float, "integer": int, "boolean": bool}[sub["type"]]
        if "enum" in sub:
            kind = Literal[tuple(sub["enum"])]
        field = pydantic.Field(None if prop not in schema["required"] else ...,
                               ge=sub.get("minimum"), le=sub.get("maximum"),
                               min_length=sub.get("minLength"), max_length=sub.get("maxLength"))
        fields[prop] = (kind if prop in schema["required"] else Optional[kind], field)
    return pydantic.create_model("%s_arguments" % name, __config__=pydantic.ConfigDict(extra="forbid"), **fields)


def test_defect_error_masking_validation(spawn):
    s = spawn("--defect", "tools.error-masking-validation")
    result = s.call("lookup", {"id": "x"})["result"]
    assert result["isError"] is True
    assert text_of({"result": result}) == (
        "1 validation error for lookup_arguments\n"
        "id\n"
        "  Input should be a valid integer, unable to parse string as an integer "
        "[type=int_parsing, input_value='x', input_type=str]\n"
        "    For further information visit https://errors.pydantic.dev/2.11/v/int_parsing")
    text = text_of(s.call("add", {"a": "x", "b": 2}))
    assert text.startswith("1 validation error for add_arguments\na\n  Input should be a valid number")
    assert text_of(s.call("add", {"c": 1})).startswith("3 validation errors for add_arguments\na\n  Field required")
    assert s.call("echo", {"text": "fine"})["result"]["isError"] is False  # valid calls are untouched
    # Word for word what pydantic itself prints, wherever pydantic (lax) rejects the arguments too.
    pydantic = pytest.importorskip("pydantic")
    schemas = {t["name"]: t["inputSchema"] for t in s.all_tools()}
    compared = 0
    for name, arguments in INVALID_CALLS + [("lookup", {"id": "x"}), ("add", {"c": 1}), ("echo", {})]:
        try:
            pydantic_model(name, schemas[name]).model_validate_json(json.dumps(arguments))
            continue  # pydantic's lax mode accepts it (e.g. True for a number); the server is strict
        except pydantic.ValidationError as exc:
            expected = re.sub(r"errors\.pydantic\.dev/[0-9.]+/", "errors.pydantic.dev/2.11/", str(exc))
        assert text_of(s.call(name, arguments)) == expected, (name, arguments)
        compared += 1
    assert compared >= 10


def test_defect_lifecycle_crash(spawn):
    s = spawn("--defect", "lifecycle.crash")
    assert text_of(s.call("echo", {"text": "one"})) == "one"
    assert s.call("no_such_tool", {})["error"]["code"] == -32602  # every tools/call counts, whatever its params
    assert s.result("ping") == {} and "tools" in s.result("tools/list")  # other requests do not count
    third = s.start_request("tools/call", {"name": "echo", "arguments": {"text": "three"}})
    assert s.wait_exit(3) == 1
    for thread in s.threads:
        thread.join(timeout=2)
    assert [m for m in s.others if m.get("id") == third] == []
    assert not any(json.loads(raw).get("id") == third for raw in s.raw_stdout)
    tail = [line for line in s.stderr_lines if line.strip()]
    start = tail.index("Traceback (most recent call last):")
    assert tail[-1] == "RuntimeError: simulated crash"
    assert any(line.startswith('  File "') for line in tail[start:])
    # Requests are logged at INFO, in the structured format, so the traceback is a small part of stderr.
    assert sum("Processing request of type" in line for line in tail) >= 5
    assert all(LOG_LINE.match(line) for line in tail[:start])


def test_defect_stdin_close_status(spawn):
    s = spawn("--defect", "lifecycle.stdin-close-status", "--tool-delay-ms", "300")
    call_id = s.start_request("tools/call", {"name": "echo", "arguments": {"text": "last"}})
    started = time.monotonic()
    s.close_stdin()
    assert s.wait_exit(2) == 1
    assert time.monotonic() - started < 1.5
    assert text_of(s.wait_for(call_id, timeout=1)) == "last"  # in-flight work still finished
    for thread in s.threads:
        thread.join(timeout=2)
    tail = [line for line in s.stderr_lines if line.strip()]
    assert "Traceback (most recent call last):" in tail and tail[-1] == "EOFError: stdin closed"


# --------------------------------------------------------------------------- bookkeeping

# Defects whose basic handshake + tools/list is expected to break or be slow.
HANDSHAKE_EXEMPT = {"protocol.initialize-result", "perf.cold-start"}


@pytest.mark.parametrize("defect", [d for d in mini.DEFECTS if d not in HANDSHAKE_EXEMPT])
def test_every_defect_still_serves_the_basics(spawn, defect):
    s = spawn("--defect", defect)
    assert "result" in s.request("tools/list")
    s.close_stdin()
    if defect == "lifecycle.stdin-close":
        s.proc.terminate()
    assert s.wait_exit(2.5) == (1 if defect == "lifecycle.stdin-close-status" else 0)


def test_every_defect_has_a_test_and_a_readme_row():
    names = set(mini.DEFECTS)
    source = Path(__file__).read_text(encoding="utf-8")
    defect_tests = source[source.index("def test_defect_protocol_initialize("):]
    untested = sorted(d for d in names if '"%s"' % d not in defect_tests)
    assert untested == []
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in names:
            rows[cells[0]] = cells[1]
    assert rows == {name: check for name, (check, _) in mini.DEFECTS.items()}
    checks_md = Path("/work/shared/spec/checks.md")
    # The shared spec's ids, plus those Preflight added (docs/checks.md is generated from the registry,
    # and the registry's live checks declare their ids in Sources/LiveAudit/Checks).
    root = Path(__file__).resolve().parents[3]
    ours = root / "docs" / "checks.md"
    if checks_md.exists():
        known = set(re.findall(r"^\| ([a-z]+\.[a-z0-9-]+) \|", checks_md.read_text(), re.M))
        known |= set(re.findall(r"`([a-z]+\.[a-z0-9-]+)`", ours.read_text(encoding="utf-8")))
        for swift in (root / "Sources" / "LiveAudit" / "Checks").rglob("*.swift"):
            known |= set(re.findall(r'\bid: "([a-z]+\.[a-z0-9-]+)"', swift.read_text(encoding="utf-8")))
        assert {check for check, _ in mini.DEFECTS.values()} <= known
