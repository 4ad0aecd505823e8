"""Servers, tools, transports, logging, environment reads and robustness of the analyzer
(Sources/ProjectAudit/Python/analyzer.py). Reachability: test_reach.py; data flows: test_flows.py."""
import json
import subprocess
import textwrap

import pytest

from analyzer_support import ANALYZER, PYTHON, analyze, analyze_doc, analyze_many, by, run_raw, write

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
    assert e["servers"] == [{"line": 13, "class": "FastMCP", "framework": "mcp", "subclass": None,
                             "maskErrorDetails": None}]
    tools = by(e["tools"], "name")
    assert set(tools) == {"get_forecast", "current_time"}
    assert tools["get_forecast"]["line"] == 17
    assert [(p["name"], p["annotation"], p["context"]) for p in tools["get_forecast"]["params"]] == [
        ("city", "str", False), ("days", "int", False), ("ctx", "Context", True)]
    assert tools["current_time"]["params"] == [{"name": "tz", "annotation": "Optional[str]", "line": 26,
                                                "context": False}]
    assert e["runCalls"] == [{"line": 37, "transport": None}]
    assert e["loggingConfig"] == [{"line": 10, "kind": "basicConfig", "stream": "stderr"}]
    assert e["stdoutWrites"] == [] and e["serverCode"] is True
    for mod in ("logging", "mcp.server.fastmcp", "mcp.server.fastmcp.FastMCP", "mcp.server.fastmcp.Context",
                "typing.Optional", "httpx", "datetime"):
        assert mod in e["imports"]
    assert e["imports"] == sorted(set(e["imports"]))


def test_mcp_v2_mcpserver_and_positional_transport(tmp_path):
    e = analyze(tmp_path, """
        from mcp.server.mcpserver import Context, MCPServer
        from mcp.server.session import ServerSession

        server = MCPServer("notes", instructions="Keep notes.")

        @server.tool()
        def add_note(title: str, body: str, ctx: Context[ServerSession, None]) -> str:
            return title

        @server.tool(name="notes_list")
        def list_notes() -> list[str]:
            return []

        server.run("streamable-http")
    """)
    assert e["servers"][0]["class"] == "MCPServer" and e["servers"][0]["framework"] == "mcp"
    tools = by(e["tools"], "name")
    assert set(tools) == {"add_note", "notes_list"}
    ctx = [p for p in tools["add_note"]["params"] if p["context"]]
    assert ctx == [{"name": "ctx", "annotation": "Context[ServerSession, None]", "line": 8, "context": True}]
    assert e["runCalls"] == [{"line": 15, "transport": "streamable-http"}]


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
    assert e["servers"] == [{"line": 5, "class": "FastMCP", "framework": "fastmcp", "subclass": None,
                             "maskErrorDetails": True}]
    tools = by(e["tools"], "name")
    assert set(tools) == {"echo", "shout", "quiet"}
    assert tools["shout"]["params"][1] == {"name": "context", "annotation": "Context", "line": 17, "context": True}
    assert tools["quiet"]["line"] == 21
    assert e["runCalls"] == [{"line": 28, "transport": "http"}]
    assert e["envReads"] == [{"name": "PORT", "line": 28, "hasDefault": True}]


def test_mask_false_dynamic_transport_and_literal_through_a_variable(tmp_path):
    e = analyze(tmp_path, """
        import sys
        from fastmcp.server import FastMCP
        from settings import MASK
        a = FastMCP("a", mask_error_details=False)
        b = FastMCP("b", mask_error_details=MASK)
        a.run(transport=sys.argv[1])
        mode = "sse"
        b.run(transport=mode)
    """)
    assert [s["maskErrorDetails"] for s in e["servers"]] == [False, None]
    assert e["runCalls"] == [{"line": 7, "transport": None}, {"line": 9, "transport": "sse"}]


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
    assert [s["class"] for s in e["servers"]] == ["FastMCP"]
    tools = by(e["tools"], "name")
    assert set(tools) == {"ping", "pong2"}
    assert tools["ping"]["params"] == [{"name": "ctx", "annotation": "Ctx", "line": 10, "context": True}]
    assert e["runCalls"] == [{"line": 20, "transport": None}]  # the factory returns a server


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
    assert e["servers"] == [{"line": 7, "class": "Server", "framework": "mcp-lowlevel", "subclass": None,
                             "maskErrorDetails": None}]
    assert e["tools"] == []
    assert e["runCalls"] == [{"line": 21, "transport": "stdio"}]


def test_tools_in_module_importing_the_server(tmp_path):
    files = analyze_many(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('split')\n",
        "pkg/tools.py": """
            from mcp.server.fastmcp import Context
            from .server import mcp

            @mcp.tool()
            def search(query: str, ctx: Context) -> list[str]:
                return [query]
        """,
    })
    assert [t["name"] for t in files["pkg/tools.py"]["tools"]] == ["search"]
    assert files["pkg/tools.py"]["servers"] == [] and len(files["pkg/server.py"]["servers"]) == 1


def test_subclasses_across_modules_generic_bases_and_super_mask(tmp_path):
    files = analyze_many(tmp_path, {
        "app/__init__.py": "",
        "app/base.py": """
            from typing import Generic, TypeVar
            from fastmcp import FastMCP
            T = TypeVar("T")

            class PreservingMCP(FastMCP[T], Generic[T]):
                pass

            class MaskedMCP(FastMCP):
                def __init__(self, name):
                    super().__init__(name, mask_error_details=True)
        """,
        "app/server.py": """
            from .base import PreservingMCP, MaskedMCP

            class AppMCP(PreservingMCP[dict]):
                pass

            main = AppMCP("main")
            other = MaskedMCP("other")

            @main.tool()
            def lookup(name) -> str:
                return name
        """,
    })
    servers = files["app/server.py"]["servers"]
    assert [(s["class"], s["framework"], s["subclass"], s["maskErrorDetails"]) for s in servers] == [
        ("FastMCP", "fastmcp", "AppMCP", None), ("FastMCP", "fastmcp", "MaskedMCP", True)]
    assert [t["name"] for t in files["app/server.py"]["tools"]] == ["lookup"]


def test_registration_forms(tmp_path):
    files = analyze_many(tmp_path, {
        "srv/__init__.py": "",
        "srv/tools/__init__.py": "",
        "srv/tools/files.py": """
            def register_file_tools(server, readonly):
                @server.tool()
                def read(path: str) -> str:
                    return path

                @server.resource("file://{name}")
                def resource(name: str) -> str:
                    return name
        """,
        "srv/handlers.py": """
            def search(q: str) -> str:
                return q

            def fetch_page(url: str) -> str:
                return url
        """,
        "srv/server.py": """
            from fastmcp import FastMCP
            from fastmcp.tools import Tool
            from mcp.server.fastmcp import FastMCP as SdkFastMCP
            from .handlers import search, fetch_page
            from .tools.files import register_file_tools

            class Holder:
                def __init__(self):
                    self.server = FastMCP("held")
                    register_file_tools(self.server, True)
                    self.server.add_tool(search)
                    self.server.add_tool(Tool.from_function(fetch_page, name="fetch"))

            class DemoServer(SdkFastMCP):
                def __init__(self):
                    super().__init__("demo")
                    self.add_tool(self.echo)

                def echo(self, text: str) -> str:
                    return text
        """,
    })
    tools = {(path, t["name"], t["line"]) for path, f in files.items() for t in f["tools"]}
    assert tools == {("srv/tools/files.py", "read", 4), ("srv/handlers.py", "search", 2),
                     ("srv/handlers.py", "fetch", 5), ("srv/server.py", "echo", 20)}
    assert [p["name"] for p in files["srv/server.py"]["tools"][0]["params"]] == ["text"]  # no self


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
        def t(a, /, b: "Context", *rest: int, flag: bool = False, **extra) -> None: ...
    """)
    params = e["tools"][0]["params"]
    assert [(p["name"], p["annotation"], p["context"]) for p in params] == [
        ("a", None, False), ("b", "'Context'", True), ("rest", "int", False), ("flag", "bool", False),
        ("extra", None, False)]


def test_module_names_follow_packages_namespaces_and_path_additions(tmp_path):
    files = analyze_many(tmp_path, {
        "src/awslabs/demo_server/__init__.py": "",
        "src/awslabs/demo_server/app.py": "from fastmcp import FastMCP\nmcp = FastMCP('ns')\n",
        "src/awslabs/demo_server/tools.py": """
            from awslabs.demo_server.app import mcp

            @mcp.tool()
            def ping(x: int) -> int:
                return x
        """,
        "helpers/analyzer_lib.py": "def analyze(p):\n    return open(p).read()\n",
        "main.py": """
            import sys
            sys.path.append("helpers")
            from analyzer_lib import analyze
            from awslabs.demo_server.app import mcp

            @mcp.tool()
            def check(script_path: str) -> str:
                return analyze(script_path)
        """,
    })
    assert [t["name"] for t in files["src/awslabs/demo_server/tools.py"]["tools"]] == ["ping"]
    assert [(a["tool"], a["via"]) for a in files["helpers/analyzer_lib.py"]["fileAccess"]] == [("check", ["analyze"])]


# --------------------------------------------------------------------------- stdout and logging

STDOUT_SOURCE = '''
    import logging
    import logging.config
    import sys
    from sys import stderr

    import click
    from rich.console import Console

    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    console, err_console = Console(), Console(stderr=True)


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
        click.echo("echoed")
        click.echo("to stderr", err=True)
        console.print("rich")
        err_console.print("rich on stderr")
'''


def test_stdout_writes(tmp_path):
    e = analyze(tmp_path, STDOUT_SOURCE)
    assert [(w["line"], w["kind"]) for w in e["stdoutWrites"]] == [
        (19, "dictConfig(ext://sys.stdout)"),
        (20, "basicConfig(stream=sys.stdout)"),
        (21, "StreamHandler(sys.stdout)"),
        (22, "sys.stdout.write"),
        (23, "sys.stdout.writelines"),
        (24, "print(file=sys.stdout)"),
        (25, "print()"),
        (30, "print()"),
        (31, "echo()"),
        (33, "Console.print()"),
    ]
    assert all(w["stdio"] is False for w in e["stdoutWrites"])  # no server: nothing runs on a stdio path
    assert [(c["line"], c["kind"], c["stream"]) for c in e["loggingConfig"]] == [
        (19, "dictConfig", "stdout"), (20, "basicConfig", "stdout"), (21, "StreamHandler", "stdout")]


def test_logging_config_variants(tmp_path):
    e = analyze(tmp_path, """
        import logging
        import sys
        from logging import StreamHandler, basicConfig
        from logging.config import dictConfig, fileConfig

        import structlog
        from loguru import logger
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
        logger.add(sys.stderr, level="INFO")
        logger.add("server.log")
        logging.basicConfig(handlers=[logging.FileHandler("x.log")])
    """)
    got = [(c["line"], c["kind"], c["stream"]) for c in e["loggingConfig"]]
    assert got == [
        (12, "basicConfig", "default"),
        (13, "basicConfig", "file"),
        (14, "StreamHandler", "default"),  # same line: ordered by the entry's JSON text
        (14, "basicConfig", "default"),
        (15, "StreamHandler", "stderr"),
        (16, "dictConfig", "stderr"),
        (18, "fileConfig", "unknown"),
        (19, "RichHandler", "stdout"),
        (20, "RichHandler", "stderr"),
        (22, "RichHandler", "stderr"),
        (23, "structlog", "stdout"),
        (24, "structlog", "stderr"),
        (25, "structlog", "unknown"),
        (26, "loguru", "stderr"),
        (27, "loguru", "file"),
        (28, "basicConfig", "file"),
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
    assert [(r["name"], r["line"], r["hasDefault"]) for r in e["envReads"]] == [
        ("API_KEY", 6, False), ("REGION", 7, True), ("TOKEN", 8, False), ("DEBUG", 9, True), ("HOME", 10, False),
        ("OPT", 11, False), ("NONE_DEFAULT", 12, False), ("KW_NAME", 13, True)]


def test_env_reads_through_helpers_in_any_module(tmp_path):
    files = analyze_many(tmp_path, {
        "app/__init__.py": "",
        "app/env.py": """
            import os

            def env(name, default=None):
                return os.environ.get(name, default)

            def required(label, env_var):
                value = env(env_var)
                if value is None:
                    raise SystemExit(label + " missing")
                return value

            def secret(name):
                return os.environ[name]
        """,
        "app/config.py": """
            from .env import env, required, secret
            URL = env("APP_URL", "https://example.com")
            TIMEOUT = env("APP_TIMEOUT")
            PAT = required("token", "APP_PAT")
            KEY = secret("APP_KEY")
            NOT_A_NAME = env("")
        """,
    })
    assert [(r["name"], r["line"], r["hasDefault"]) for r in files["app/config.py"]["envReads"]] == [
        ("APP_URL", 3, True), ("APP_TIMEOUT", 4, False), ("APP_PAT", 5, False), ("APP_KEY", 6, False)]
    assert files["app/env.py"]["envReads"] == []


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
    assert {(r["name"], r["line"], r["hasDefault"]) for r in e["envReads"]} == {
        ("APP_API_KEY", 12, False), ("APP_BASE_URL", 13, True), ("APP_TIMEOUT", 14, True), ("APP_REGION", 15, False),
        ("SERVICE_TOKEN", 16, False), ("WS_ID", 17, False), ("APP_TAGS", 18, True), ("APP_RETRIES", 19, True),
        ("APP_REPLICAS", 25, False), ("My_camelName", 30, True), ("DATABASE_URL", 34, False),
        ("LEGACY_PORT", 35, True)}


def test_settings_prefix_inherited_from_another_module(tmp_path):
    files = analyze_many(tmp_path, {
        "cfg/__init__.py": "",
        "cfg/base.py": """
            from pydantic_settings import BaseSettings, SettingsConfigDict
            class Base(BaseSettings):
                model_config = SettingsConfigDict(env_prefix="SRV_")
        """,
        "cfg/app.py": "from .base import Base\nclass App(Base):\n    token: str\n",
    })
    assert [(r["name"], r["hasDefault"]) for r in files["cfg/app.py"]["envReads"]] == [("SRV_TOKEN", False)]


# --------------------------------------------------------------------------- errors and robustness

def test_syntax_error_reports_line_and_kind(tmp_path):
    e = analyze(tmp_path, "import os\n\ndef broken(:\n    pass\n", expect_ok=False)
    assert e["error"]["line"] == 3 and e["error"]["message"] and e["error"]["kind"] == "syntax"
    assert e["tools"] == [] and e["imports"] == [] and e["serverCode"] is False


def test_non_utf8_file(tmp_path):
    e = analyze_many(tmp_path, {"latin.py": b"import os\n# caf\xe9\nx = 1\n"})["latin.py"]
    assert e["error"]["line"] == 2 and "utf-8" in e["error"]["message"] and e["error"]["kind"] == "decode"


def test_coding_cookie_is_honoured(tmp_path):
    e = analyze_many(tmp_path, {"cookie.py": b"# -*- coding: latin-1 -*-\nimport os\nNAME = os.environ['CAF\xc9']\n"})
    assert e["cookie.py"]["error"] is None and e["cookie.py"]["envReads"][0]["name"] == "CAF\u00c9"


def test_null_bytes_and_missing_and_large(tmp_path):
    (tmp_path / "big.py").write_bytes(b"x = 1\n" * (400 * 1024))  # 2.4 MB
    write(tmp_path, {"nul.py": b"x = 1\x00\n"})
    doc = json.loads(run_raw(tmp_path, ["nul.py", "missing.py", "big.py"]))
    errors = {f["path"]: f["error"] for f in doc["files"]}
    assert errors["nul.py"]["message"] and errors["nul.py"]["kind"] == "decode"
    assert errors["missing.py"] == {"line": 0, "message": errors["missing.py"]["message"], "kind": "read"}
    assert "cannot read" in errors["missing.py"]["message"]
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
    assert files["deep.py"]["error"] is not None and files["deep.py"]["error"]["message"]
    assert files["ok.py"]["error"] is None and files["ok.py"]["imports"] == ["os"]


def test_long_but_shallow_code_is_analysed(tmp_path):
    calls = "".join("    open(f'/data/{p}%d')\n" % i for i in range(3000))
    e = analyze(tmp_path, "from fastmcp import FastMCP\nmcp = FastMCP('x')\n@mcp.tool\ndef t(p: str):\n" + calls)
    assert len(e["fileAccess"]) == 60  # sinks remembered per parameter are capped


def test_output_is_deterministic_and_sorted(tmp_path):
    files = {"a.py": MCP_V1_SERVER, "b.py": FASTMCP_SERVER, "c.py": STDOUT_SOURCE, "d.py": "def (:\n"}
    write(tmp_path, files)
    first = run_raw(tmp_path, list(files))
    second = run_raw(tmp_path, list(files), stdin=True)
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
    keys = {"path", "unit", "error", "serverCode", "imports", "servers", "tools", "runCalls", "stdoutWrites",
            "loggingConfig", "envReads", "sqlExecutes", "fileAccess", "shellCalls"}
    for entry in files.values():
        assert set(entry) == keys


def test_usage_without_arguments():
    proc = subprocess.run([PYTHON, str(ANALYZER)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.returncode == 2 and b"usage" in proc.stderr


def test_no_files_gives_empty_document(tmp_path):
    doc = json.loads(run_raw(tmp_path, []))
    assert doc["files"] == [] and doc["version"] == 2 and doc["python"].count(".") == 2
    assert doc["units"][0]["scope"] == "all-files"


def test_scope_is_imports_when_a_server_is_found(tmp_path):
    assert analyze_doc(tmp_path, {"s.py": textwrap.dedent(FASTMCP_SERVER)})["units"][0]["scope"] == "imports"
