"""Tests of the HTTP fixture servers: each is started as a real process and probed with httpx.

Run:  .test-env/bin/python -m pytest -q Tests/Fixtures/http
      FASTMCP_PYTHON=/path/to/python-with-fastmcp  enables the fastmcp_server.py tests
Every wait is bounded; every process started is killed (by its own pid) at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any, Iterator

import httpx
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable
TOKEN = "fixture-token"
MODERN = "2026-07-28"
META = {
    "io.modelcontextprotocol/protocolVersion": MODERN,
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": {"name": "fixture-tests", "version": "1"},
}
ACCEPT = "application/json, text/event-stream"


class Server:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, lines: list[str]):
        self.proc, self.port, self.lines = proc, port, lines

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def start(script: str, *args: str, python: str = PY, timeout: float = 20.0) -> Iterator[Server]:
    """Start a fixture, wait (bounded) for its `LISTENING <port>` line on stderr, and always kill it."""
    proc = subprocess.Popen([python, os.path.join(HERE, script), *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines: list[str] = []
    found: queue.Queue[int | None] = queue.Queue()

    def pump() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            lines.append(line)
            if line.startswith("LISTENING "):
                found.put(int(line.split()[1]))
        found.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        try:
            port = found.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"{script} did not print LISTENING within {timeout} s: {lines[-20:]}")
        if port is None:
            raise AssertionError(f"{script} exited before LISTENING (rc={proc.poll()}): {lines[-20:]}")
        yield Server(proc, port, lines)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def modern_headers(method: str, name: str | None = None, **extra: str) -> dict[str, str]:
    h = {"content-type": "application/json", "accept": ACCEPT, "mcp-protocol-version": MODERN, "mcp-method": method}
    if name is not None:
        h["mcp-name"] = name
    h.update(extra)
    return h


def modern(client: httpx.Client, url: str, method: str, params: dict[str, Any] | None = None, *, meta: dict[str, Any] | None = None,
           headers: dict[str, str] | None = None, request_id: int = 1, token: str | None = None) -> httpx.Response:
    p = dict(params or {})
    p["_meta"] = META if meta is None else meta
    name = p.get("name") if method in ("tools/call", "prompts/get") else p.get("uri") if method == "resources/read" else None
    h = modern_headers(method, name)
    if token:
        h["authorization"] = f"Bearer {token}"
    h.update(headers or {})
    h = {k: v for k, v in h.items() if v is not None}
    return client.post(url, json={"jsonrpc": "2.0", "id": request_id, "method": method, "params": p}, headers=h)


def sse_messages(text: str) -> list[dict[str, Any]]:
    """Parse an SSE body into its JSON-RPC messages (data lines joined per event; comments skipped)."""
    out, data = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line == "":
            if data:
                out.append(json.loads("\n".join(data)))
                data = []
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
    if data:
        out.append(json.loads("\n".join(data)))
    return out


def messages_of(r: httpx.Response) -> list[dict[str, Any]]:
    if r.headers.get("content-type", "").startswith("text/event-stream"):
        return sse_messages(r.text)
    return [r.json()]


def final(r: httpx.Response) -> dict[str, Any]:
    return [m for m in messages_of(r) if "id" in m and ("result" in m or "error" in m)][-1]


def legacy_init(client: httpx.Client, url: str, version: str = "2025-11-25", token: str | None = None) -> dict[str, str]:
    h = {"content-type": "application/json", "accept": ACCEPT}
    if token:
        h["authorization"] = f"Bearer {token}"
    r = client.post(url, headers=h, json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "fixture-tests", "version": "1"}}})
    assert r.status_code == 200, r.text
    assert final(r)["result"]["protocolVersion"] == version
    sid = r.headers["mcp-session-id"]
    h.update({"mcp-session-id": sid, "mcp-protocol-version": version})
    assert client.post(url, headers=h, json={"jsonrpc": "2.0", "method": "notifications/initialized"}).status_code == 202
    return h


def client(**kw: Any) -> httpx.Client:
    return httpx.Client(timeout=httpx.Timeout(10.0), **kw)


def wait_exit(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> int:
    return proc.wait(timeout=timeout)


# --------------------------------------------------------------------------------------------------
# sdk_server.py
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sdk() -> Iterator[Server]:
    with start("sdk_server.py", "--port", "0") as s:
        yield s


def test_sdk_modern_discover_and_cacheable_lists(sdk: Server) -> None:
    with client() as c:
        r = modern(c, sdk.url, "server/discover")
        assert r.status_code == 200
        result = final(r)["result"]
        assert MODERN in result["supportedVersions"]
        assert result["resultType"] == "complete"
        assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "preflight-sdk-fixture"
        assert "mcp-session-id" not in r.headers
        tools = final(modern(c, sdk.url, "tools/list"))["result"]
        assert tools["ttlMs"] == 60000 and tools["cacheScope"] == "public"
        names = [t["name"] for t in tools["tools"]]
        assert names == [t["name"] for t in final(modern(c, sdk.url, "tools/list"))["result"]["tools"]]
        get_time = next(t for t in tools["tools"] if t["name"] == "get_time")
        assert get_time["annotations"]["readOnlyHint"] is True and "outputSchema" in get_time
        assert final(modern(c, sdk.url, "prompts/list"))["result"]["prompts"][0]["name"] == "summarize"
        assert final(modern(c, sdk.url, "resources/templates/list"))["result"]["resourceTemplates"][0]["uriTemplate"] == "note://{name}"


def test_sdk_modern_errors(sdk: Server) -> None:
    with client() as c:
        bad = {**META, "io.modelcontextprotocol/protocolVersion": "1900-01-01"}
        r = modern(c, sdk.url, "tools/list", meta=bad, headers={"mcp-protocol-version": "1900-01-01"})
        assert r.status_code == 400 and r.json()["error"]["code"] == -32022
        assert r.json()["error"]["data"] == {"supported": [MODERN], "requested": "1900-01-01"}
        r = modern(c, sdk.url, "tools/list", headers={"mcp-method": "prompts/list"})
        assert r.status_code == 400 and r.json()["error"]["code"] == -32020
        r = modern(c, sdk.url, "ping")
        assert r.status_code == 404 and r.json()["error"]["code"] == -32601
        r = modern(c, sdk.url, "resources/read", {"uri": "nothing://here"})
        assert r.status_code == 400 and r.json()["error"]["code"] == -32602
        assert c.get(sdk.url, headers={"accept": "text/event-stream", "mcp-protocol-version": MODERN}).status_code == 405
        assert modern(c, sdk.url, "tools/list", headers={"origin": "http://evil.example"}).status_code == 403


def test_sdk_log_opt_in_and_sse(sdk: Server) -> None:
    with client() as c:
        call = {"name": "slow", "arguments": {"ms": 40}}
        r = modern(c, sdk.url, "tools/call", call)
        assert not any(m.get("method") == "notifications/message" for m in messages_of(r))
        r = modern(c, sdk.url, "tools/call", call, meta={**META, "io.modelcontextprotocol/logLevel": "info"})
        assert r.headers["content-type"].startswith("text/event-stream")
        msgs = sse_messages(r.text)
        assert [m["method"] for m in msgs if "method" in m] == ["notifications/message"] * 4
        assert msgs[-1]["result"]["structuredContent"] == {"result": "done"}


def test_sdk_legacy_session(sdk: Server) -> None:
    with client() as c:
        h = legacy_init(c, sdk.url)
        r = c.post(sdk.url, headers=h, json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        assert r.status_code == 200 and len(final(r)["result"]["tools"]) == 4
        assert final(c.post(sdk.url, headers=h, json={"jsonrpc": "2.0", "id": 3, "method": "ping"}))["result"] == {}
        unknown = {**h, "mcp-session-id": "0" * 32}
        assert c.post(sdk.url, headers=unknown, json={"jsonrpc": "2.0", "id": 4, "method": "tools/list"}).status_code == 404
        assert c.delete(sdk.url, headers=h).status_code == 200
        assert c.post(sdk.url, headers=h, json={"jsonrpc": "2.0", "id": 5, "method": "tools/list"}).status_code == 404
        assert c.get(f"{sdk.base}/health").json() == {"status": "ok"}


def test_sdk_json_response_mode() -> None:
    with start("sdk_server.py", "--port", "0", "--json-response", "--no-health") as s, client() as c:
        r = modern(c, s.url, "tools/call", {"name": "slow", "arguments": {"ms": 40}},
                   meta={**META, "io.modelcontextprotocol/logLevel": "info"})
        assert r.headers["content-type"].startswith("application/json")
        h = legacy_init(c, s.url)
        r = c.post(s.url, headers=h, json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        assert r.headers["content-type"].startswith("application/json")
        assert c.get(f"{s.base}/health").status_code == 404


def test_sdk_era_legacy_only() -> None:
    with start("sdk_server.py", "--port", "0", "--era", "2025-11-25") as s, client() as c:
        r = modern(c, s.url, "server/discover")
        assert r.status_code == 400 and r.json()["error"]["code"] == -32600  # not a recognized modern error
        legacy_init(c, s.url)


def test_sdk_era_modern_only() -> None:
    with start("sdk_server.py", "--port", "0", "--era", MODERN) as s, client() as c:
        r = c.post(s.url, headers={"content-type": "application/json", "accept": ACCEPT}, json={
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
        assert r.status_code == 400
        assert r.json()["error"]["code"] == -32022 and r.json()["error"]["data"]["supported"] == [MODERN]
        assert modern(c, s.url, "server/discover").status_code == 200
        assert c.get(s.url, headers={"accept": "text/event-stream"}).status_code == 405


def test_sdk_sigterm_drains_inflight_request() -> None:
    with start("sdk_server.py", "--port", "0", "--trace") as s:
        result: dict[str, Any] = {}

        def call() -> None:
            with client() as c:
                try:
                    result["response"] = modern(c, s.url, "tools/call", {"name": "slow", "arguments": {"ms": 1500}})
                except httpx.HTTPError as e:
                    result["error"] = e

        t = threading.Thread(target=call)
        t.start()
        deadline = time.monotonic() + 10
        while not any(line.startswith("TRACE > POST /mcp") and "tools/call" in line for line in s.lines):
            assert time.monotonic() < deadline, s.lines
            time.sleep(0.02)
        s.proc.send_signal(signal.SIGTERM)
        t.join(timeout=15)
        assert "response" in result, result
        assert final(result["response"])["result"]["structuredContent"] == {"result": "done"}
        assert wait_exit(s.proc) == 0


# --------------------------------------------------------------------------------------------------
# deviant.py, correct by default
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dev() -> Iterator[Server]:
    with start("deviant.py", "--port", "0") as s:
        yield s


def test_deviant_modern_correct(dev: Server) -> None:
    with client() as c:
        disc = final(modern(c, dev.url, "server/discover", token=TOKEN))["result"]
        assert disc["supportedVersions"][0] == MODERN and disc["resultType"] == "complete"
        assert disc["ttlMs"] >= 0 and disc["cacheScope"] in ("public", "private")
        for method in ("tools/list", "prompts/list", "resources/list", "resources/templates/list"):
            res = final(modern(c, dev.url, method, token=TOKEN))["result"]
            assert res["resultType"] == "complete" and res["ttlMs"] >= 0 and res["cacheScope"] in ("public", "private"), method
            assert res["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "preflight-deviant-fixture"
        first = [t["name"] for t in final(modern(c, dev.url, "tools/list", token=TOKEN))["result"]["tools"]]
        assert first == [t["name"] for t in final(modern(c, dev.url, "tools/list", token=TOKEN))["result"]["tools"]]
        read = final(modern(c, dev.url, "resources/read", {"uri": "config://app"}, token=TOKEN))["result"]
        assert read["ttlMs"] >= 0 and read["contents"][0]["uri"] == "config://app"
        r = modern(c, dev.url, "resources/read", {"uri": "missing://nothing"}, token=TOKEN)
        assert r.status_code == 400 and r.json()["error"]["code"] == -32602


def test_deviant_modern_negative_paths(dev: Server) -> None:
    with client() as c:
        bad = {**META, "io.modelcontextprotocol/protocolVersion": "1900-01-01"}
        r = modern(c, dev.url, "tools/list", meta=bad, headers={"mcp-protocol-version": "1900-01-01"}, token=TOKEN)
        assert r.status_code == 400 and r.json()["error"]["code"] == -32022
        assert MODERN in r.json()["error"]["data"]["supported"] and r.json()["error"]["data"]["requested"] == "1900-01-01"
        r = modern(c, dev.url, "tools/list", meta=bad, token=TOKEN)  # header 2026, body 1900
        assert r.status_code == 400 and r.json()["error"]["code"] == -32020
        for hdrs in ({"mcp-method": "prompts/list"}, {"mcp-method": None}):
            r = modern(c, dev.url, "tools/list", headers=hdrs, token=TOKEN)
            assert r.status_code == 400 and r.json()["error"]["code"] == -32020
        r = modern(c, dev.url, "tools/call", {"name": "echo", "arguments": {"text": "x"}}, headers={"mcp-name": "get_time"}, token=TOKEN)
        assert r.status_code == 400 and r.json()["error"]["code"] == -32020
        call = {"name": "query_region", "arguments": {"region": "us-west1", "query": "select 1"}}
        assert modern(c, dev.url, "tools/call", call, token=TOKEN).json()["error"]["code"] == -32020  # Mcp-Param-Region missing
        ok = modern(c, dev.url, "tools/call", call, headers={"mcp-param-region": "us-west1"}, token=TOKEN)
        assert ok.status_code == 200 and final(ok)["result"]["isError"] is False
        enc = modern(c, dev.url, "tools/call", call, headers={"mcp-param-region": "=?base64?dXMtd2VzdDE=?="}, token=TOKEN)
        assert enc.status_code == 200
        r = modern(c, dev.url, "tools/list", meta={"io.modelcontextprotocol/protocolVersion": MODERN}, token=TOKEN)
        assert r.status_code == 400 and r.json()["error"]["code"] == -32602
        r = modern(c, dev.url, "ping", token=TOKEN)
        assert r.status_code == 404 and r.json()["error"]["code"] == -32601
        r = modern(c, dev.url, "tools/list", meta={**META, "io.modelcontextprotocol/logLevel": "loud"}, token=TOKEN)
        assert r.status_code == 400 and r.json()["error"]["code"] == -32602
        auth = {"authorization": f"Bearer {TOKEN}", "mcp-protocol-version": MODERN}
        assert c.get(dev.url, headers={**auth, "accept": "text/event-stream"}).status_code == 405
        assert c.delete(dev.url, headers=auth).status_code == 405


def test_deviant_log_opt_in(dev: Server) -> None:
    with client() as c:
        call = {"name": "slow", "arguments": {"ms": 40}}
        r = modern(c, dev.url, "tools/call", call, token=TOKEN)
        assert r.headers["content-type"].startswith("application/json")
        r = modern(c, dev.url, "tools/call", call, meta={**META, "io.modelcontextprotocol/logLevel": "debug", "progressToken": 7}, token=TOKEN)
        assert r.headers["content-type"].startswith("text/event-stream")
        methods = [m.get("method") for m in sse_messages(r.text) if "method" in m]
        assert methods.count("notifications/message") == 4 and methods.count("notifications/progress") == 4
        r = modern(c, dev.url, "tools/call", call, meta={**META, "io.modelcontextprotocol/logLevel": "error"}, token=TOKEN)
        assert not any(m.get("method") == "notifications/message" for m in messages_of(r))


def test_deviant_auth_and_metadata(dev: Server) -> None:
    with client() as c:
        r = modern(c, dev.url, "tools/list")
        assert r.status_code == 401
        challenge = r.headers["www-authenticate"]
        assert challenge.startswith("Bearer ") and "resource_metadata=" in challenge
        metadata_url = challenge.split('resource_metadata="', 1)[1].split('"', 1)[0]
        md = c.get(metadata_url).json()
        assert md["resource"] == dev.url and md["authorization_servers"]
        assert c.get(f"{dev.base}/.well-known/oauth-protected-resource").json() == md
        r = modern(c, dev.url, "tools/list", token="wrong")
        assert r.status_code == 401 and 'error="invalid_token"' in r.headers["www-authenticate"]
        assert modern(c, dev.url, "tools/list", token=TOKEN).status_code == 200


def test_deviant_origin_health(dev: Server) -> None:
    with client() as c:
        assert modern(c, dev.url, "tools/list", token=TOKEN, headers={"origin": "http://evil.example"}).status_code == 403
        assert modern(c, dev.url, "tools/list", token=TOKEN, headers={"origin": f"http://localhost:{dev.port}"}).status_code == 200
        assert c.get(f"{dev.base}/health").status_code == 200


def test_deviant_legacy_session(dev: Server) -> None:
    with client() as c:
        h = legacy_init(c, dev.url, token=TOKEN)
        sid = h["mcp-session-id"]
        assert all(0x21 <= ord(ch) <= 0x7E for ch in sid)
        assert final(c.post(dev.url, headers=h, json={"jsonrpc": "2.0", "id": 2, "method": "ping"}))["result"] == {}
        bad = {**h, "mcp-protocol-version": "1999-01-01"}
        assert c.post(dev.url, headers=bad, json={"jsonrpc": "2.0", "id": 3, "method": "ping"}).status_code == 400
        no_sid = {k: v for k, v in h.items() if k != "mcp-session-id"}
        assert c.post(dev.url, headers=no_sid, json={"jsonrpc": "2.0", "id": 4, "method": "ping"}).status_code == 400
        assert c.post(dev.url, headers={**h, "mcp-session-id": "f" * 32}, json={"jsonrpc": "2.0", "id": 5, "method": "ping"}).status_code == 404
        with c.stream("GET", dev.url, headers={**h, "accept": "text/event-stream"}) as g:
            assert g.status_code == 200 and g.headers["content-type"].startswith("text/event-stream")
        assert c.delete(dev.url, headers=h).status_code == 200
        assert c.post(dev.url, headers=h, json={"jsonrpc": "2.0", "id": 6, "method": "ping"}).status_code == 404


def test_deviant_rate_limit() -> None:
    with start("deviant.py", "--port", "0", "--rate-limit", "3") as s, client() as c:
        statuses = [modern(c, s.url, "tools/list", token=TOKEN).status_code for _ in range(8)]
        assert statuses.count(200) >= 3 and 429 in statuses
        limited = next(r for r in (modern(c, s.url, "tools/list", token=TOKEN) for _ in range(8)) if r.status_code == 429)
        assert limited.headers["retry-after"] == "1"


def test_deviant_graceful_drain_and_listen_stream() -> None:
    with start("deviant.py", "--port", "0") as s:
        got: dict[str, Any] = {}
        started = threading.Event()

        def slow() -> None:
            with client() as c:
                got["slow"] = modern(c, s.url, "tools/call", {"name": "slow", "arguments": {"ms": 1200}}, token=TOKEN)

        def listen() -> None:
            with client() as c, c.stream("POST", s.url, headers={**modern_headers("subscriptions/listen"), "authorization": f"Bearer {TOKEN}"},
                                         json={"jsonrpc": "2.0", "id": 9, "method": "subscriptions/listen",
                                               "params": {"_meta": META, "notifications": {"toolsListChanged": True}}}) as r:
                started.set()
                got["listen"] = sse_messages(r.read().decode())

        threads = [threading.Thread(target=slow), threading.Thread(target=listen)]
        for t in threads:
            t.start()
        assert started.wait(10)
        deadline = time.monotonic() + 5
        with client() as c:
            while c.get(f"{s.base}/health").json()["inflight"] < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
        s.proc.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(timeout=15)
        assert final(got["slow"])["result"]["content"][0]["text"] == "done"
        ack, done = got["listen"][0], got["listen"][-1]
        assert ack["method"] == "notifications/subscriptions/acknowledged" and ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"] == 9
        assert done["id"] == 9 and done["result"]["resultType"] == "complete"
        assert wait_exit(s.proc) == 0


def test_deviant_tls() -> None:
    with start("deviant.py", "--port", "0", "--tls") as s:
        cert = next(line.split(" ", 1)[1] for line in s.lines if line.startswith("TLS-CERT "))
        url = f"https://127.0.0.1:{s.port}/mcp"
        with httpx.Client(timeout=10) as c, pytest.raises(httpx.ConnectError):
            modern(c, url, "server/discover", token=TOKEN)  # self-signed: default verification fails
        import ssl
        with httpx.Client(timeout=10, verify=ssl.create_default_context(cafile=cert)) as c:
            assert modern(c, url, "server/discover", token=TOKEN).status_code == 200


def test_deviant_list_defects() -> None:
    out = subprocess.run([PY, os.path.join(HERE, "deviant.py"), "--list-defects"], capture_output=True, text=True, timeout=20)
    assert out.returncode == 0 and "no-discover\tmodern.discover" in out.stdout
    bad = subprocess.run([PY, os.path.join(HERE, "deviant.py"), "--defect", "nope"], capture_output=True, text=True, timeout=20)
    assert bad.returncode == 2


# --------------------------------------------------------------------------------------------------
# deviant.py defects: each makes exactly the behaviour its check looks at go wrong
# --------------------------------------------------------------------------------------------------

def _legacy(c: httpx.Client, s: Server) -> dict[str, str]:
    return legacy_init(c, s.url, token=TOKEN)


DEFECT_PROBES: dict[str, Any] = {
    "no-origin-check": lambda c, s: modern(c, s.url, "tools/list", token=TOKEN, headers={"origin": "http://evil.example"}).status_code == 200,
    "no-auth": lambda c, s: modern(c, s.url, "tools/list").status_code == 200,
    "no-www-authenticate": lambda c, s: (lambda r: r.status_code == 401 and "www-authenticate" not in r.headers)(modern(c, s.url, "tools/list")),
    "bad-resource-metadata": lambda c, s: "authorization_servers" not in c.get(f"{s.base}/.well-known/oauth-protected-resource/mcp").json(),
    "no-health": lambda c, s: c.get(f"{s.base}/health").status_code == 404,
    "slow-sse": lambda c, s: (lambda t0, r: r.headers["content-type"].startswith("text/event-stream") and time.monotonic() - t0 > 2.0)(
        time.monotonic(), modern(c, s.url, "prompts/list", token=TOKEN)),
    "session-id-invalid-chars": lambda c, s: " " in _legacy(c, s)["mcp-session-id"],
    "unknown-session-200": lambda c, s: c.post(s.url, headers={**_legacy(c, s), "mcp-session-id": "f" * 32},
                                               json={"jsonrpc": "2.0", "id": 5, "method": "ping"}).status_code == 200,
    "protocol-version-header-ignored": lambda c, s: c.post(s.url, headers={**_legacy(c, s), "mcp-protocol-version": "1999-01-01"},
                                                           json={"jsonrpc": "2.0", "id": 5, "method": "ping"}).status_code == 200,
    "no-discover": lambda c, s: (lambda r: r.status_code == 404 and r.json()["error"]["code"] == -32601)(modern(c, s.url, "server/discover", token=TOKEN)),
    "no-result-type": lambda c, s: "resultType" not in final(modern(c, s.url, "tools/list", token=TOKEN))["result"],
    "no-cache-fields": lambda c, s: not {"ttlMs", "cacheScope"} & set(final(modern(c, s.url, "tools/list", token=TOKEN))["result"]),
    "nondeterministic-tools": lambda c, s: len({tuple(t["name"] for t in final(modern(c, s.url, "tools/list", token=TOKEN))["result"]["tools"])
                                                for _ in range(3)}) > 1,
    "wrong-unsupported-version": lambda c, s: (lambda r: r.json()["error"]["code"] == -32600 and "data" not in r.json()["error"])(
        modern(c, s.url, "tools/list", meta={**META, "io.modelcontextprotocol/protocolVersion": "1900-01-01"},
               headers={"mcp-protocol-version": "1900-01-01"}, token=TOKEN)),
    "no-header-mismatch": lambda c, s: modern(c, s.url, "tools/list", headers={"mcp-method": "prompts/list"}, token=TOKEN).status_code == 200,
    "log-without-opt-in": lambda c, s: any(m.get("method") == "notifications/message" for m in messages_of(
        modern(c, s.url, "tools/call", {"name": "slow", "arguments": {"ms": 20}}, token=TOKEN))),
    "no-server-info-meta": lambda c, s: "io.modelcontextprotocol/serverInfo" not in final(modern(c, s.url, "tools/list", token=TOKEN))["result"].get("_meta", {}),
    "resource-not-found-32002": lambda c, s: modern(c, s.url, "resources/read", {"uri": "missing://x"}, token=TOKEN).json()["error"]["code"] == -32002,
    "invalid-x-mcp-header": lambda c, s: any(t["name"] == "scale" for t in final(modern(c, s.url, "tools/list", token=TOKEN))["result"]["tools"]),
    "meta-version-ignored": lambda c, s: modern(c, s.url, "tools/list", meta={**META, "io.modelcontextprotocol/protocolVersion": "1900-01-01"},
                                                headers={"mcp-protocol-version": "1900-01-01"}, token=TOKEN).status_code == 200,
}


@pytest.mark.parametrize("defect", sorted(DEFECT_PROBES))
def test_deviant_defect(defect: str) -> None:
    with start("deviant.py", "--port", "0", "--defect", defect) as s, client() as c:
        assert DEFECT_PROBES[defect](c, s), defect


def test_deviant_defect_ignore_sigterm_inflight() -> None:
    with start("deviant.py", "--port", "0", "--defect", "ignore-sigterm-inflight") as s:
        got: dict[str, Any] = {}

        def slow() -> None:
            with client() as c:
                try:
                    got["r"] = modern(c, s.url, "tools/call", {"name": "slow", "arguments": {"ms": 3000}}, token=TOKEN)
                except httpx.HTTPError as e:
                    got["e"] = e

        t = threading.Thread(target=slow)
        t.start()
        deadline = time.monotonic() + 5
        with client() as c:
            while c.get(f"{s.base}/health").json()["inflight"] < 1 and time.monotonic() < deadline:
                time.sleep(0.01)
        s.proc.send_signal(signal.SIGTERM)
        t.join(timeout=10)
        assert "e" in got, got  # the in-flight request was dropped, not answered
        assert wait_exit(s.proc) == 0


def test_every_defect_is_probed() -> None:
    out = subprocess.run([PY, os.path.join(HERE, "deviant.py"), "--list-defects"], capture_output=True, text=True, timeout=20)
    names = {line.split("\t")[0] for line in out.stdout.splitlines()}
    assert names == set(DEFECT_PROBES) | {"ignore-sigterm-inflight"}


# --------------------------------------------------------------------------------------------------
# legacy_sse.py
# --------------------------------------------------------------------------------------------------

def test_legacy_sse_flow() -> None:
    with start("legacy_sse.py", "--port", "0") as s, client() as c:
        assert c.post(f"{s.base}/sse", json={}).status_code == 405
        with c.stream("GET", f"{s.base}/sse", headers={"accept": "text/event-stream"}) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert next(lines) == "event: endpoint"
            endpoint = next(lines).split(": ", 1)[1]
            assert endpoint.startswith("/messages?session_id=")
            r = c.post(f"{s.base}{endpoint}", json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
            assert r.status_code == 202
            event: list[str] = []
            for line in lines:
                if line == "" and event:
                    break
                if line:
                    event.append(line)
            assert event[0] == "event: message"
            assert json.loads(event[1].split(": ", 1)[1])["result"]["protocolVersion"] == "2024-11-05"
        assert c.post(f"{s.base}/messages?session_id=nope", json={}).status_code == 404
        assert c.post(f"{s.base}/messages", json={}).status_code == 400
        assert c.get(f"{s.base}/sse", headers={"origin": "http://evil.example"}).status_code == 403


# --------------------------------------------------------------------------------------------------
# hostile.py
# --------------------------------------------------------------------------------------------------

REQUEST = (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")


def raw_exchange(port: int, seconds: float, limit: int = 8 << 20) -> bytes:
    """Send REQUEST and collect what arrives within `seconds` (at most `limit` bytes)."""
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(REQUEST)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and len(data) < limit:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
    return data


@pytest.mark.parametrize("case", ["trickle", "endless-sse", "redirect-other-host", "huge-headers", "wrong-content-type",
                                  "endless-body", "accept-no-answer", "slow-headers"])
def test_hostile(case: str) -> None:
    with start("hostile.py", "--case", case, "--port", "0", "--interval", "0.2") as s:
        if case == "trickle":
            data = raw_exchange(s.port, 1.0)
            assert 2 <= len(data) <= 10 and b"HTTP/1.1 200".startswith(data)
        elif case == "endless-sse":
            data = raw_exchange(s.port, 0.6)
            assert b"text/event-stream" in data and data.count(b"notifications/message") >= 10 and b'"result"' not in data
        elif case == "redirect-other-host":
            with client() as c:
                r = c.post(s.url, json={})
                assert r.status_code == 302 and r.headers["location"] == "http://example.invalid/mcp"
        elif case == "huge-headers":
            data = raw_exchange(s.port, 3.0, limit=2 << 20)
            assert data.index(b"\r\n\r\n") > 1_000_000
        elif case == "wrong-content-type":
            with client() as c:
                r = c.post(s.url, json={})
                assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        elif case == "endless-body":
            data = raw_exchange(s.port, 3.0, limit=4 << 20)
            assert len(data) >= 4 << 20 and b"Transfer-Encoding: chunked" in data
        elif case == "accept-no-answer":
            assert raw_exchange(s.port, 0.5) == b""
        elif case == "slow-headers":
            data = raw_exchange(s.port, 1.0)
            assert data.startswith(b"HTTP/1.1 200 OK\r\n") and b"X-Slow-2" in data and b"\r\n\r\n" not in data
        s.proc.send_signal(signal.SIGTERM)
        assert wait_exit(s.proc, 5) == 0


# --------------------------------------------------------------------------------------------------
# fastmcp_server.py (needs an interpreter with fastmcp: FASTMCP_PYTHON)
# --------------------------------------------------------------------------------------------------

FASTMCP_PY = os.environ.get("FASTMCP_PYTHON", PY)


def _has_fastmcp() -> bool:
    try:
        return subprocess.run([FASTMCP_PY, "-c", "import fastmcp"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_fastmcp = pytest.mark.skipif(not _has_fastmcp(), reason="fastmcp not importable by FASTMCP_PYTHON")


@needs_fastmcp
def test_fastmcp_dual_era() -> None:
    with start("fastmcp_server.py", "--port", "0", python=FASTMCP_PY, timeout=40) as s, client() as c:
        disc = final(modern(c, s.url, "server/discover"))["result"]
        assert MODERN in disc["supportedVersions"]
        tools = final(modern(c, s.url, "tools/list"))["result"]
        assert {t["name"] for t in tools["tools"]} == {"forecast", "add"} and "ttlMs" in tools
        h = legacy_init(c, s.url)
        assert final(c.post(s.url, headers=h, json={"jsonrpc": "2.0", "id": 2, "method": "ping"}))["result"] == {}
        assert c.get(f"{s.base}/health").json() == {"status": "ok"}
        # fastmcp 4.2 leaves Host/Origin protection off unless asked: a foreign Origin is served.
        assert modern(c, s.url, "tools/list", headers={"origin": "http://evil.example"}).status_code == 200


@needs_fastmcp
def test_fastmcp_origin_protection_and_sse_transport() -> None:
    with start("fastmcp_server.py", "--port", "0", "--origin-protection", python=FASTMCP_PY, timeout=40) as s, client() as c:
        assert modern(c, s.url, "tools/list", headers={"origin": "http://evil.example"}).status_code == 403
    with start("fastmcp_server.py", "--port", "0", "--transport", "sse", python=FASTMCP_PY, timeout=40) as s, client() as c:
        with c.stream("GET", f"{s.base}/sse", headers={"accept": "text/event-stream"}) as stream:
            lines = stream.iter_lines()
            assert next(lines) == "event: endpoint"
