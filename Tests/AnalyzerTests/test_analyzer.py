"""Tests for Sources/ProjectAudit/Python/analyzer.py.

The analyzer is run the way the Swift side runs it: `python3 analyzer.py ROOT REL...`.
Set ANALYZER_PYTHON=/path/to/python3.X to run the analyzer under another interpreter
(the suite itself stays on the current one).
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ANALYZER = Path(__file__).resolve().parents[2] / "Sources" / "ProjectAudit" / "Python" / "analyzer.py"
PYTHON = os.environ.get("ANALYZER_PYTHON", sys.executable)


def run_raw(root, rels):
    proc = subprocess.run([PYTHON, str(ANALYZER), str(root)] + list(rels),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def analyze_many(tmp_path, files):
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    doc = json.loads(run_raw(tmp_path, files))
    assert doc["version"] == 1
    return {f["path"]: f for f in doc["files"]}


def analyze(tmp_path, source, name="server.py", expect_ok=True):
    entry = analyze_many(tmp_path, {name: source})[name]
    if expect_ok:
        assert entry["error"] is None, entry["error"]
    return entry


def by(entries, key):
    return {e[key]: e for e in entries}


# --------------------------------------------------------------------------- servers and tools

MCP_V1_SERVER = '''
    """Weather MCP server (mcp 1.x FastMCP)."""
    import logging
    import sys
    from typing import Optional

    import httpx
    from mcp.server.fastmcp import Context, FastMCP

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    log = logging.getLogger(__name__)

    mcp = FastMCP("weather", instructions="Ask for forecasts by city name.")


    @mcp.tool()
    async def get_forecast(city: str, days: int = 3, ctx: Context = None) -> str:
        """Forecast for a city."""
        await ctx.info(f"forecast for {city}")
        async with httpx.AsyncClient() as client:
            r = await client.get("https://api.example.com", params={"q": city, "days": days})
        return r.text


    @mcp.tool(name="current_time", description="Current time")
    def now(tz: Optional[str] = None) -> str:
        import datetime
        return datetime.datetime.now().isoformat()


    def helper(x):
        return x


    if __name__ == "__main__":
        print("starting weather server", file=sys.stderr)
        mcp.run()
'''


def test_mcp_v1_fastmcp_server(tmp_path):
    e = analyze(tmp_path, MCP_V1_SERVER)
    assert e["servers"] == [{"line": 13, "class": "FastMCP", "framework": "mcp", "variable": "mcp",
                             "maskErrorDetails": None, "hasInstructions": True}]
    tools = by(e["tools"], "name")
    assert set(tools) == {"get_forecast", "current_time"}
    fc = tools["get_forecast"]
    assert fc["function"] == "get_forecast" and fc["async"] is True and fc["line"] == 17
    assert fc["framework"] == "mcp" and fc["server"] == "mcp"
    assert [(p["name"], p["annotation"], p["context"]) for p in fc["params"]] == [
        ("city", "str", False), ("days", "int", False), ("ctx", "Context", True)]
    ct = tools["current_time"]
    assert ct["function"] == "now" and ct["async"] is False
    assert ct["params"] == [{"name": "tz", "annotation": "Optional[str]", "line": 26, "context": False}]
    assert "helper" not in {t["function"] for t in e["tools"]}
    assert e["runCalls"] == [{"line": 37, "transport": None, "dynamic": False, "call": "run"}]
    assert e["prints"] == [{"line": 36, "toStderr": True, "target": "stderr", "inFunction": None,
                            "inMainGuard": True}]
    assert e["loggingConfig"] == [{"line": 10, "kind": "basicConfig", "stream": "stderr"}]
    assert e["stdoutWrites"] == []
    for mod in ("logging", "mcp.server.fastmcp", "mcp.server.fastmcp.FastMCP", "mcp.server.fastmcp.Context",
                "typing.Optional", "httpx", "datetime"):
        assert mod in e["imports"]
    assert e["imports"] == sorted(set(e["imports"]))


MCP_V2_SERVER = '''
    from mcp.server.mcpserver import Context, MCPServer
    from mcp.server.session import ServerSession

    server = MCPServer("notes", "Notes", "A notes server", "Keep notes short.")
    NOTES: dict[str, str] = {}


    @server.tool()
    def add_note(title: str, body: str, ctx: Context[ServerSession, None]) -> str:
        NOTES[title] = body
        return "ok"


    def list_notes() -> list[str]:
        return sorted(NOTES)


    server.add_tool(list_notes, name="notes_list")


    async def count(self_check: bool = False) -> int:
        return len(NOTES)

    server.tool(name="count_notes")(count)

    if __name__ == "__main__":
        server.run(transport="streamable-http", port=8001)
'''


def test_mcp_v2_mcpserver(tmp_path):
    e = analyze(tmp_path, MCP_V2_SERVER)
    assert e["servers"] == [{"line": 5, "class": "MCPServer", "framework": "mcp", "variable": "server",
                             "maskErrorDetails": None, "hasInstructions": True}]
    tools = by(e["tools"], "name")
    assert set(tools) == {"add_note", "notes_list", "count_notes"}
    assert [p["name"] for p in tools["add_note"]["params"] if not p["context"]] == ["title", "body"]
    ctx = [p for p in tools["add_note"]["params"] if p["context"]]
    assert ctx == [{"name": "ctx", "annotation": "Context[ServerSession, None]", "line": 10, "context": True}]
    assert tools["notes_list"]["function"] == "list_notes" and tools["notes_list"]["line"] == 15
    assert tools["count_notes"]["function"] == "count" and tools["count_notes"]["async"] is True
    assert e["runCalls"] == [{"line": 28, "transport": "streamable-http", "dynamic": False, "call": "run"}]


def test_mcpserver_positional_name_only_has_no_instructions(tmp_path):
    e = analyze(tmp_path, """
        from mcp.server import MCPServer
        app = MCPServer("x", "title")
        app.run("sse")
    """)
    assert e["servers"][0]["hasInstructions"] is False
    assert e["servers"][0]["class"] == "MCPServer"
    assert e["runCalls"][0]["transport"] == "sse"


FASTMCP_SERVER = '''
    import os
    from fastmcp import Context, FastMCP

    mcp = FastMCP(
        name="files",
        mask_error_details=True,
    )


    @mcp.tool
    def echo(text: str) -> str:
        return text


    @mcp.tool("shout")
    async def loud(text: str, context: Context) -> str:
        return text.upper()


    def whisper(text: str) -> str:
        return text.lower()


    mcp.tool(whisper, name="quiet")

    if __name__ == "__main__":
        mcp.run(transport="http", host="127.0.0.1", port=int(os.getenv("PORT", "8000")))
'''


def test_standalone_fastmcp(tmp_path):
    e = analyze(tmp_path, FASTMCP_SERVER)
    assert e["servers"] == [{"line": 5, "class": "FastMCP", "framework": "fastmcp", "variable": "mcp",
                             "maskErrorDetails": True, "hasInstructions": False}]
    tools = by(e["tools"], "name")
    assert set(tools) == {"echo", "shout", "quiet"}
    assert all(t["framework"] == "fastmcp" for t in e["tools"])
    assert tools["shout"]["function"] == "loud"
    assert tools["shout"]["params"][1] == {"name": "context", "annotation": "Context", "line": 17,
                                           "context": True}
    assert tools["quiet"]["function"] == "whisper"
    assert {n: t["bareDecorator"] for n, t in tools.items()} == {"echo": True, "shout": False, "quiet": False}
    assert e["runCalls"] == [{"line": 28, "transport": "http", "dynamic": False, "call": "run"}]
    assert e["envReads"] == [{"name": "PORT", "line": 28, "kind": "getenv", "hasDefault": True}]


def test_fastmcp_mask_false_and_dynamic(tmp_path):
    e = analyze(tmp_path, """
        import sys
        from fastmcp.server import FastMCP
        from settings import MASK
        a = FastMCP("a", mask_error_details=False)
        b = FastMCP("b", "be nice", mask_error_details=MASK)
        a.run(transport=sys.argv[1])
    """)
    servers = by(e["servers"], "variable")
    assert servers["a"]["maskErrorDetails"] is False and servers["a"]["hasInstructions"] is False
    assert servers["b"]["maskErrorDetails"] is None and servers["b"]["hasInstructions"] is True
    assert e["runCalls"] == [{"line": 7, "transport": None, "dynamic": True, "call": "run"}]


def test_aliased_module_import_and_factory_function(tmp_path):
    e = analyze(tmp_path, """
        import mcp.server.fastmcp as fm
        from mcp.server.fastmcp import Context as Ctx


        def build() -> fm.FastMCP:
            app = fm.FastMCP("aliased")

            @app.tool()
            def ping(ctx: Ctx) -> str:
                return "pong"

            def pong() -> str:
                return "ping"

            app.tool(name="pong2")(pong)
            return app


        build().run()
    """)
    assert e["servers"][0]["variable"] == "app" and e["servers"][0]["class"] == "FastMCP"
    tools = by(e["tools"], "name")
    assert set(tools) == {"ping", "pong2"}
    assert tools["ping"]["params"] == [{"name": "ctx", "annotation": "Ctx", "line": 10, "context": True}]
    assert e["runCalls"] == []  # receiver is not a known server and no literal transport


LOWLEVEL_SERVER = '''
    import anyio
    import mcp.server.stdio
    import mcp.types as types
    from mcp.server.lowlevel import NotificationOptions, Server

    server = Server("lowlevel-demo")


    @server.list_tools()
    async def handle_list_tools() -> list[types.Tool]:
        return [types.Tool(name="add", description="add", inputSchema={})]


    @server.call_tool()
    async def handle_call_tool(name: str, arguments: dict) -> list[types.TextContent]:
        return [types.TextContent(type="text", text=str(arguments["a"] + arguments["b"]))]


    async def main():
        async with mcp.server.stdio.stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())


    if __name__ == "__main__":
        anyio.run(main)
'''


def test_lowlevel_server_reports_server_not_tools(tmp_path):
    e = analyze(tmp_path, LOWLEVEL_SERVER)
    assert e["servers"] == [{"line": 7, "class": "Server", "framework": "mcp-lowlevel", "variable": "server",
                             "maskErrorDetails": None, "hasInstructions": False}]
    assert e["tools"] == []
    assert e["runCalls"] == [{"line": 21, "transport": "stdio", "dynamic": False, "call": "stdio_server"}]


def test_lowlevel_v2_constructor_handlers(tmp_path):
    e = analyze(tmp_path, """
        from mcp.server import Server
        from mcp.server.stdio import stdio_server

        async def on_list_tools(ctx, params): ...
        server = Server("v2", instructions="hi", on_list_tools=on_list_tools)

        async def main():
            async with stdio_server() as (r, w):
                await server.run(r, w, server.create_initialization_options())
    """)
    assert e["servers"][0]["hasInstructions"] is True and e["servers"][0]["framework"] == "mcp-lowlevel"
    assert e["tools"] == [] and [r["line"] for r in e["runCalls"]] == [9]


def test_tools_in_module_importing_the_server(tmp_path):
    files = analyze_many(tmp_path, {
        "pkg/server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('split')\n",
        "pkg/tools.py": textwrap.dedent("""
            from mcp.server.fastmcp import Context
            from .server import mcp

            @mcp.tool()
            def search(query: str, ctx: Context) -> list[str]:
                return [query]
        """),
    })
    tools = files["pkg/tools.py"]["tools"]
    assert [(t["name"], t["server"], t["framework"]) for t in tools] == [("search", "mcp", "mcp")]
    assert files["pkg/tools.py"]["servers"] == []
    assert files["pkg/server.py"]["servers"][0]["variable"] == "mcp"


def test_unrelated_tool_decorators_are_ignored(tmp_path):
    e = analyze(tmp_path, """
        from pydantic_ai import Agent
        from langchain.tools import tool
        agent = Agent("model")

        @agent.tool
        def lookup(ctx, q: str) -> str:
            return q

        @tool
        def other(q: str) -> str:
            return q
    """)
    assert e["tools"] == [] and e["servers"] == []


def test_self_cls_skipped_and_varargs_kept(tmp_path):
    e = analyze(tmp_path, """
        from fastmcp import FastMCP
        mcp = FastMCP("x")

        @mcp.tool()
        def t(self, a, /, b: "Context", *rest: int, flag: bool = False, **extra) -> None: ...
    """)
    params = e["tools"][0]["params"]
    assert [(p["name"], p["annotation"], p["context"]) for p in params] == [
        ("a", None, False), ("b", "'Context'", True), ("rest", "int", False), ("flag", "bool", False),
        ("extra", None, False)]


# --------------------------------------------------------------------------- stdout and logging

STDOUT_SOURCE = '''
    import logging
    import logging.config
    import sys
    from sys import stderr

    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }


    def setup():
        logging.config.dictConfig(LOGGING)
        logging.basicConfig(stream=sys.stdout)
        handler = logging.StreamHandler(sys.stdout)
        sys.stdout.write("hello\\n")
        sys.stdout.writelines(["a", "b"])
        print("to stdout explicitly", file=sys.stdout)
        print("plain")
        print("err", file=stderr)
        print("dunder", file=sys.__stderr__)
        with open("log.txt", "w") as fh:
            print("to a file", file=fh)
        print("none means stdout", file=None)
'''


def test_prints_and_stdout_writes(tmp_path):
    e = analyze(tmp_path, STDOUT_SOURCE)
    prints = {p["line"]: (p["target"], p["toStderr"], p["inFunction"], p["inMainGuard"]) for p in e["prints"]}
    assert prints == {
        20: ("stdout", False, "setup", False),
        21: ("stdout", False, "setup", False),
        22: ("stderr", True, "setup", False),
        23: ("stderr", True, "setup", False),
        25: ("other", True, "setup", False),
        26: ("stdout", False, "setup", False),
    }
    assert [(w["line"], w["kind"]) for w in e["stdoutWrites"]] == [
        (15, "dictConfig(ext://sys.stdout)"),
        (16, "basicConfig(stream=sys.stdout)"),
        (17, "StreamHandler(sys.stdout)"),
        (18, "sys.stdout.write"),
        (19, "sys.stdout.writelines"),
        (20, "print(file=sys.stdout)"),
    ]
    assert [(c["line"], c["kind"], c["stream"]) for c in e["loggingConfig"]] == [
        (15, "dictConfig", "stdout"), (16, "basicConfig", "stdout"), (17, "StreamHandler", "stdout")]


def test_logging_config_variants(tmp_path):
    e = analyze(tmp_path, """
        import logging
        import sys
        from logging import StreamHandler, basicConfig
        from logging.config import dictConfig, fileConfig

        import structlog
        from rich.console import Console
        from rich.logging import RichHandler

        basicConfig(level="INFO")
        logging.basicConfig(filename="server.log")
        logging.basicConfig(handlers=[StreamHandler()])
        logging.StreamHandler(stream=sys.stderr)
        dictConfig({"version": 1, "handlers": {"h": {"class": "logging.StreamHandler",
                                                     "stream": "ext://sys.stderr"}}})
        fileConfig("logging.ini")
        RichHandler(rich_tracebacks=True)
        RichHandler(console=Console(stderr=True))
        err_console = Console(file=sys.stderr)
        RichHandler(console=err_console)
        structlog.configure(processors=[structlog.processors.JSONRenderer()])
        structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))
        structlog.configure(logger_factory=structlog.stdlib.LoggerFactory())
    """)
    got = [(c["line"], c["kind"], c["stream"]) for c in e["loggingConfig"]]
    assert got == [
        (11, "basicConfig", "default"),
        (12, "basicConfig", "file"),
        (13, "StreamHandler", "default"),  # same line: ordered by the entry's JSON text
        (13, "basicConfig", "unknown"),
        (14, "StreamHandler", "stderr"),
        (15, "dictConfig", "stderr"),
        (17, "fileConfig", "unknown"),
        (18, "RichHandler", "stdout"),
        (19, "RichHandler", "stderr"),
        (21, "RichHandler", "stderr"),
        (22, "structlog", "stdout"),
        (23, "structlog", "stderr"),
        (24, "structlog", "unknown"),
    ]
    assert e["stdoutWrites"] == []


# --------------------------------------------------------------------------- environment

def test_env_reads(tmp_path):
    e = analyze(tmp_path, """
        import os
        import os as operating_system
        from os import environ, getenv

        API_KEY = os.environ["API_KEY"]
        REGION = os.environ.get("REGION", "us-east-1")
        TOKEN = os.getenv("TOKEN")
        DEBUG = getenv("DEBUG", "0")
        HOME = environ["HOME"]
        OPT = environ.get("OPT")
        NONE_DEFAULT = os.getenv("NONE_DEFAULT", None)
        KW = operating_system.getenv(key="KW_NAME", default="x")
        os.environ.setdefault("SET_DEFAULT", "1")
        os.environ["WRITTEN"] = "1"
        name = "DYNAMIC"
        dynamic = os.environ[name]
        present = "PRESENT" in os.environ
    """)
    got = [(r["name"], r["line"], r["kind"], r["hasDefault"]) for r in e["envReads"]]
    assert got == [
        ("API_KEY", 6, "environ[]", False),
        ("REGION", 7, "environ.get", True),
        ("TOKEN", 8, "getenv", False),
        ("DEBUG", 9, "getenv", True),
        ("HOME", 10, "environ[]", False),
        ("OPT", 11, "environ.get", False),
        ("NONE_DEFAULT", 12, "getenv", False),
        ("KW_NAME", 13, "getenv", True),
    ]


SETTINGS_SOURCE = '''
    from typing import ClassVar, Optional

    from pydantic import AliasChoices, Field, SecretStr
    from pydantic_settings import BaseSettings as Base, SettingsConfigDict
    from typing_extensions import Annotated


    class AppSettings(Base):
        model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")

        api_key: SecretStr
        base_url: str = "https://api.example.com"
        timeout: float = Field(30.0, description="seconds")
        region: str = Field(..., description="required")
        token: str = Field(alias="SERVICE_TOKEN")
        workspace: str = Field(validation_alias=AliasChoices("WS_ID", "WORKSPACE_ID"))
        tags: list[str] = Field(default_factory=list)
        retries: Annotated[int, Field(ge=0)] = 3
        _cache: dict = {}
        VERSION: ClassVar[str] = "1"


    class ProdSettings(AppSettings):
        replicas: int


    class Strict(Base):
        model_config = {"env_prefix": "My_", "case_sensitive": True}
        camelName: Optional[str] = None


    class Legacy(Base):
        db_url: str = Field(..., env="DATABASE_URL")
        port: int = 5432

        class Config:
            env_prefix = "legacy_"


    class NotSettings:
        ignored: str
'''


def test_pydantic_settings_fields(tmp_path):
    e = analyze(tmp_path, SETTINGS_SOURCE)
    got = {(r["name"], r["line"], r["hasDefault"]) for r in e["envReads"]}
    assert all(r["kind"] == "settings-field" for r in e["envReads"])
    assert got == {
        ("APP_API_KEY", 12, False),
        ("APP_BASE_URL", 13, True),
        ("APP_TIMEOUT", 14, True),
        ("APP_REGION", 15, False),
        ("SERVICE_TOKEN", 16, False),
        ("WS_ID", 17, False),
        ("APP_TAGS", 18, True),
        ("APP_RETRIES", 19, True),
        ("APP_REPLICAS", 25, False),
        ("My_camelName", 30, True),
        ("DATABASE_URL", 34, False),
        ("LEGACY_PORT", 35, True),
    }


# --------------------------------------------------------------------------- SQL

SQL_SOURCE = '''
    import sqlite3

    from sqlalchemy import text


    def positives(conn, cur, session, user, table, ids):
        cur.execute(f"SELECT * FROM users WHERE name = '{user}'")
        cur.execute("SELECT * FROM users WHERE name = '%s'" % user)
        cur.execute("SELECT * FROM {} WHERE id = 1".format(table))
        cur.execute("SELECT * FROM users WHERE name = '" + user + "'")
        query = f"DELETE FROM {table} WHERE id IN ({ids})"
        cur.execute(query)
        session.execute(text(f"SELECT * FROM {table}"))
        cur.executemany("INSERT INTO " + table + " VALUES (?)", [(1,), (2,)])
        conn.executescript(f"DROP TABLE {table};")
        sql = "SELECT * FROM users WHERE 1=1"
        sql += " AND name = '" + user + "'"
        cur.execute(sql)


    def negatives(conn, cur, user, table):
        cur.execute("SELECT * FROM users WHERE name = ?", (user,))
        cur.execute("SELECT * FROM users WHERE name = %s", (user,))
        cur.execute("SELECT * FROM users WHERE name LIKE '%%' || %(name)s", {"name": user})
        cur.execute(f"SELECT count(*) FROM users")
        q = "SELECT * FROM users WHERE id = :id"
        q += " AND active = 1"
        cur.execute(q, {"id": 1})
        cur.execute("SELECT " + "1")
        later = None
        cur.execute(later)
        later = f"SELECT * FROM {table}"
'''


def test_sql_construction(tmp_path):
    e = analyze(tmp_path, SQL_SOURCE)
    got = [(s["line"], s["construction"], s["method"]) for s in e["sqlExecutes"]]
    assert got == [
        (8, "f-string", "execute"),
        (9, "percent", "execute"),
        (10, "format", "execute"),
        (11, "concat", "execute"),
        (13, "f-string", "execute"),
        (14, "f-string", "execute"),
        (15, "concat", "executemany"),
        (16, "f-string", "executescript"),
        (19, "concat", "execute"),
    ]
    assert [s["variable"] for s in e["sqlExecutes"] if s["line"] in (13, 19)] == ["query", "sql"]
    assert all(s["function"] == "positives" for s in e["sqlExecutes"])


def test_sql_variable_is_scoped_to_function(tmp_path):
    e = analyze(tmp_path, """
        def build(t):
            q = f"SELECT * FROM {t}"
            return q

        def run(cur, q):
            cur.execute(q)
    """)
    assert e["sqlExecutes"] == []


# --------------------------------------------------------------------------- file access

FILES_SOURCE = '''
    import os
    import shutil
    from pathlib import Path

    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("files")
    ROOT = Path(os.environ.get("FILES_ROOT", "/srv/files")).resolve()


    def safe_join(base: Path, rel: str) -> Path:
        return base


    @mcp.tool()
    def read_unsafe(path: str) -> str:
        with open(path) as f:
            return f.read()


    @mcp.tool()
    def read_joined(name: str) -> str:
        full = os.path.join("/data", name)
        target = full
        return Path(target).read_text()


    @mcp.tool()
    def read_contained(path: str) -> str:
        candidate = (ROOT / path).resolve()
        if not candidate.is_relative_to(ROOT):
            raise ValueError("outside root")
        return candidate.read_text()


    @mcp.tool()
    def read_realpath(rel: str) -> bytes:
        real = os.path.realpath(os.path.join(ROOT, rel))
        if os.path.commonpath([real, str(ROOT)]) != str(ROOT):
            raise ValueError("outside root")
        with open(real, "rb") as fh:
            return fh.read()


    @mcp.tool()
    def read_helper(rel: str) -> str:
        return safe_join(ROOT, rel).read_text()


    @mcp.tool()
    def resolve_only(rel: str) -> str:
        return (ROOT / rel).resolve().read_text()


    @mcp.tool()
    def copy(src: str, dst: str) -> None:
        shutil.copy(src, ROOT / "out")
        os.remove(f"/tmp/{dst}")
        for entry in os.listdir(ROOT):
            pass


    @mcp.tool()
    def parents_check(rel: str) -> str:
        p = (ROOT / rel).resolve()
        if ROOT not in p.parents:
            raise ValueError("no")
        return p.read_text()


    @mcp.tool()
    def constant_file() -> str:
        return open("/etc/motd").read()


    def not_a_tool(path: str) -> str:
        return open(path).read()
'''


def test_file_access(tmp_path):
    e = analyze(tmp_path, FILES_SOURCE)
    got = [(a["line"], a["call"], a["param"], a["function"], a["contained"]) for a in e["fileAccess"]]
    assert got == [
        (18, "open", "path", "read_unsafe", False),
        (24, "os.path.join", "name", "read_joined", False),
        (26, "Path", "name", "read_joined", False),
        (26, "read_text", "name", "read_joined", False),
        (34, "read_text", "path", "read_contained", True),
        (39, "os.path.join", "rel", "read_realpath", True),
        (42, "open", "rel", "read_realpath", True),
        (48, "read_text", "rel", "read_helper", True),
        (53, "read_text", "rel", "resolve_only", False),
        (58, "shutil.copy", "src", "copy", False),
        (59, "os.remove", "dst", "copy", False),
        (69, "read_text", "rel", "parents_check", True),
    ]


# --------------------------------------------------------------------------- shell

SHELL_SOURCE = '''
    import asyncio
    import os
    import subprocess
    from subprocess import check_output

    from fastmcp import FastMCP

    mcp = FastMCP("shell")


    @mcp.tool
    def run_cmd(cmd: str, cwd: str = ".") -> str:
        return subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True).stdout


    @mcp.tool
    async def grep(pattern: str) -> str:
        command = f"grep -r {pattern} ."
        proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        return out.decode()


    @mcp.tool
    def disk() -> str:
        return check_output("df -h", shell=True).decode()


    @mcp.tool
    def safe_list(path: str) -> str:
        subprocess.run(["ls", "-l", path], check=True)
        subprocess.run(["ls", path], shell=False)
        asyncio.create_subprocess_exec("ls", path)
        return "ok"


    def cleanup(tmpdir):
        os.system("rm -rf " + tmpdir)
        return os.popen("uptime").read()


    os.system("echo module level")
'''


def test_shell_calls(tmp_path):
    e = analyze(tmp_path, SHELL_SOURCE)
    got = [(s["line"], s["call"], s["shell"], s["usesParam"], s["function"]) for s in e["shellCalls"]]
    assert got == [
        (14, "subprocess.run", True, "cmd", "run_cmd"),
        (20, "asyncio.create_subprocess_shell", True, "pattern", "grep"),
        (27, "subprocess.check_output", True, None, "disk"),
        (39, "os.system", True, None, "cleanup"),
        (40, "os.popen", True, None, "cleanup"),
        (43, "os.system", True, None, None),
    ]


# --------------------------------------------------------------------------- errors and robustness

def test_syntax_error_reports_line(tmp_path):
    e = analyze(tmp_path, "import os\n\ndef broken(:\n    pass\n", expect_ok=False)
    assert e["error"]["line"] == 3 and e["error"]["message"]
    assert e["tools"] == [] and e["imports"] == []


def test_non_utf8_file(tmp_path):
    source = b"import os\n# caf\xe9\nx = 1\n"
    e = analyze_many(tmp_path, {"latin.py": source})["latin.py"]
    assert e["error"]["line"] == 2 and "utf-8" in e["error"]["message"]


def test_coding_cookie_is_honoured(tmp_path):
    source = b"# -*- coding: latin-1 -*-\nimport os\nNAME = os.environ['CAF\xc9']\n"
    e = analyze_many(tmp_path, {"cookie.py": source})["cookie.py"]
    assert e["error"] is None
    assert e["envReads"][0]["name"] == "CAF\u00c9"


def test_null_bytes_and_missing_and_large(tmp_path):
    (tmp_path / "big.py").write_bytes(b"x = 1\n" * (400 * 1024))  # 2.4 MB
    files = analyze_many(tmp_path, {"nul.py": b"x = 1\x00\n"})
    doc = json.loads(run_raw(tmp_path, ["nul.py", "missing.py", "big.py"]))
    errors = {f["path"]: f["error"] for f in doc["files"]}
    assert errors["nul.py"]["message"] and files["nul.py"]["error"] is not None
    assert errors["missing.py"]["line"] == 0 and "cannot read" in errors["missing.py"]["message"]
    assert errors["big.py"]["line"] == 0 and "too large" in errors["big.py"]["message"]


@pytest.mark.parametrize("source", [
    "x = " + "(" * 10000 + "1" + ")" * 10000 + "\n",
    "x = " + "+".join(["1"] * 200000) + "\n",
    "x = a" + ".b" * 100000 + "\n",
    "x = " + "not " * 100000 + "1\n",
    "def f():\n    return " + "-".join(["y"] * 5000) + "\n",
], ids=["parens", "sum-200k", "attribute-chain", "not-chain", "sum-5k"])
def test_deeply_nested_source_is_an_error_not_a_crash(tmp_path, source):
    files = analyze_many(tmp_path, {"deep.py": source, "ok.py": "import os\n"})
    assert files["deep.py"]["error"] is not None
    assert files["deep.py"]["error"]["message"]
    assert files["ok.py"]["error"] is None and files["ok.py"]["imports"] == ["os"]


def test_output_is_deterministic_and_sorted(tmp_path):
    files = {"a.py": MCP_V1_SERVER, "b.py": SHELL_SOURCE, "c.py": FILES_SOURCE, "d.py": "def (:\n"}
    for rel, content in files.items():
        (tmp_path / rel).write_text(textwrap.dedent(content))
    first = run_raw(tmp_path, list(files))
    second = run_raw(tmp_path, list(files))
    assert first == second
    doc = json.loads(first)
    assert first.decode().strip() == json.dumps(doc, sort_keys=True)
    assert [f["path"] for f in doc["files"]] == list(files)
    for f in doc["files"]:
        for key, value in f.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                assert [v["line"] for v in value] == sorted(v["line"] for v in value), key


def test_every_file_has_every_key(tmp_path):
    files = analyze_many(tmp_path, {"ok.py": "x = 1\n", "bad.py": "x = (\n"})
    keys = {"path", "error", "imports", "servers", "tools", "runCalls", "prints", "stdoutWrites",
            "loggingConfig", "envReads", "sqlExecutes", "fileAccess", "shellCalls"}
    for entry in files.values():
        assert set(entry) == keys


def test_usage_without_arguments():
    proc = subprocess.run([PYTHON, str(ANALYZER)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.returncode == 2 and b"usage" in proc.stderr


def test_no_files_gives_empty_document(tmp_path):
    doc = json.loads(run_raw(tmp_path, []))
    assert doc["files"] == [] and doc["version"] == 1 and doc["python"].count(".") == 2


def test_containment_through_local_helpers(tmp_path):
    # Patterns from real filesystem servers: the check lives in a helper of the same module.
    e = analyze(tmp_path, """
        import os
        from pathlib import Path
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("fs")
        ALLOWED_ROOTS: list[Path] = []
        ROOT = "data"


        def _inside_roots(p: Path) -> bool:
            rp = p.resolve()
            return any(str(rp).startswith(str(root.resolve())) for root in ALLOWED_ROOTS)


        def _resolve(path: str) -> Path:
            p = Path(path).expanduser().resolve()
            if not _inside_roots(p):
                raise ValueError(f"path outside allowed roots: {p}")
            return p


        def resolve_path(path: str) -> str:
            full = os.path.abspath(os.path.join(ROOT, path))
            if not full.startswith(os.path.abspath(ROOT)):
                raise ValueError("Access outside root is not allowed")
            return full


        def _normalise(path: str) -> str:
            return path.strip()


        @mcp.tool()
        def list_directory(path: str) -> list[str]:
            return [c.name for c in _resolve(path).iterdir()]


        @mcp.tool()
        def read_files(path: str) -> str:
            full = resolve_path(path)
            with open(full, "r", encoding="utf-8") as f:
                return f.read()


        @mcp.tool()
        def read_normalised(path: str) -> str:
            return Path(_normalise(path)).read_text()
    """)
    got = {(a["function"], a["call"]): a["contained"] for a in e["fileAccess"]}
    assert got == {("list_directory", "iterdir"): True, ("read_files", "open"): True,
                   ("read_normalised", "Path"): False, ("read_normalised", "read_text"): False}


def test_run_call_variants_and_registration_forms(tmp_path):
    e = analyze(tmp_path, """
        import os

        import uvicorn
        from fastmcp import FastMCP
        from fastmcp.tools import Tool
        from .handlers import search, fetch_page
        from .factory import make_server

        mcp = FastMCP("web")
        mcp.add_tool(search)
        mcp.add_tool(Tool.from_function(fetch_page, name="fetch"))
        app = mcp.http_app(path="/mcp")
        sse = mcp.sse_app()


        def main():
            other = make_server()
            other.run(transport="sse")
            uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
            mcp.run(transport=os.getenv("MCP_TRANSPORT", "stdio"))
    """)
    assert [(r["line"], r["call"], r["transport"], r["dynamic"]) for r in e["runCalls"]] == [
        (13, "http_app", "http", False), (14, "sse_app", "sse", False),
        (19, "run", "sse", False), (21, "run", None, True)]
    tools = {t["name"]: (t["function"], t["resolved"], t["line"]) for t in e["tools"]}
    assert tools == {"search": ("search", False, 11), "fetch": ("fetch_page", False, 12)}
    assert [r["name"] for r in e["envReads"]] == ["PORT", "MCP_TRANSPORT"]



@pytest.mark.parametrize("depth", [1996, 1997, 1998, 1999])
def test_depth_limit_counts_every_level(tmp_path, depth):
    """1998 `not`s put the `y` leaf's Load context one level past MAX_DEPTH: contexts are not walked
    but still count, as they did when they were."""
    (tmp_path / "a.py").write_text("x = " + "not " * depth + "y\n")
    doc = json.loads(run_raw(tmp_path, ["a.py"]))
    error = doc["files"][0]["error"]
    assert (error is None) == (depth < 1998)
    assert error is None or error == {"line": 1, "message": "expression nested too deeply"}
