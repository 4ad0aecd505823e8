"""Which code is the server's (`serverCode`: the import closure of its modules) and which writes run while
stdio is the protocol channel (`stdoutWrites[].stdio`)."""
from textwrap import dedent

import json

from analyzer_support import analyze_doc, analyze_many, analyze_units, run_raw_with, stdio_writes, write

SERVER = "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('demo')\n"


def test_server_code_is_the_import_closure(tmp_path):
    doc = analyze_doc(tmp_path, {
        "src/app/__init__.py": "",
        "src/app/server.py": SERVER + "from . import tools\nfrom app.util import helper\n",
        "src/app/tools.py": "from .server import mcp\n",
        "src/app/util.py": "import os\ndef helper():\n    return os.getenv('UTIL_FLAG')\n",
        "src/app/cli.py": "print('never imported by the server')\n",
        "scripts/report.py": "import os\nprint(os.environ['REPORT_TOKEN'])\n",
        "client.py": "from mcp import ClientSession\nprint('a client')\n",
    })
    code = {f["path"]: f["serverCode"] for f in doc["files"]}
    assert code == {"src/app/__init__.py": True, "src/app/server.py": True, "src/app/tools.py": True,
                    "src/app/util.py": True, "src/app/cli.py": False, "scripts/report.py": False,
                    "client.py": False}
    assert doc["units"][0]["scope"] == "imports"


def test_test_files_are_not_parsed(tmp_path):
    # Not deployed, never server code, and parsed by their own test run: a syntax error there is the test
    # suite's to report (code.tests-pass), while one in the server's code is still an error.
    doc = analyze_doc(tmp_path, {"server.py": SERVER + "def broken(:\n", "tests/test_x.py": "def broken(:\n"})
    errors = {f["path"]: (f["error"] or {}).get("kind") for f in doc["files"]}
    assert errors == {"server.py": "syntax", "tests/test_x.py": None}


def test_without_a_server_every_file_is_server_code(tmp_path):
    doc = analyze_doc(tmp_path, {"a.py": "import os\nos.getenv('A')\n", "b.py": "print(1)\n"})
    assert doc["units"][0]["scope"] == "all-files" and all(f["serverCode"] for f in doc["files"])


def test_tool_and_helper_in_another_module_print_on_stdio(tmp_path):
    files = analyze_many(tmp_path, {
        "app/__init__.py": "",
        "app/report.py": "def progress(n):\n    print(n)\n\ndef unused():\n    print('never called')\n",
        "app/server.py": SERVER + dedent("""
            from .report import progress

            @mcp.tool()
            def load(n: int) -> int:
                progress(n)
                return n

            def main():
                print("starting")
                mcp.run()
        """),
    })
    assert stdio_writes(files) == [("app/report.py", 2), ("app/server.py", 12)]


def test_cli_subcommands_version_branch_and_client_mode_do_not_count(tmp_path):
    files = analyze_many(tmp_path, {
        "app/__init__.py": "",
        "app/server.py": SERVER,
        "app/__main__.py": """
            import argparse, asyncio, sys
            from .server import mcp

            def show_tools():
                print("tools: ...")

            async def self_test():
                print("testing the server as a client")

            def main():
                parser = argparse.ArgumentParser()
                args = parser.parse_args()
                if args.version:
                    print("app 1.0")
                    return
                if not args.token:
                    parser.error("no token")
                if args.command == "tools":
                    show_tools()
                elif args.test:
                    asyncio.run(self_test())
                else:
                    print("serving")
                    mcp.run()
                    print("stopped")

            if __name__ == "__main__":
                main()
        """,
    })
    assert stdio_writes(files) == [("app/__main__.py", 24), ("app/__main__.py", 26)]


def test_http_only_branches_and_lifespans(tmp_path):
    files = analyze_many(tmp_path, {
        "srv.py": SERVER + dedent("""
            import sys
            import uvicorn
            from contextlib import asynccontextmanager
            from starlette.applications import Starlette

            @asynccontextmanager
            async def http_lifespan(app):
                print("http session manager started")
                yield

            def serve_http():
                app = Starlette(lifespan=http_lifespan)
                uvicorn.run(app)

            def main(transport):
                if transport == "sse":
                    print("sse on :8000")
                elif transport in ("streamable-http", "http"):
                    print("http on :8000")
                    serve_http()
                    return
                if transport != "stdio":
                    print("not stdio either")
                else:
                    print("stdio: corrupts the stream")
                mcp.run(transport=transport)

            if "--http" in sys.argv:
                print("Serving on http://0.0.0.0:8000/mcp")
                mcp.run(transport="streamable-http")
            else:
                main(sys.argv[1])
        """),
    })
    assert stdio_writes(files) == [("srv.py", 28)]


def test_server_lifespan_and_excepthandlers_count(tmp_path):
    files = analyze_many(tmp_path, {
        "srv.py": """
            import sys
            from contextlib import asynccontextmanager
            from fastmcp import FastMCP

            @asynccontextmanager
            async def lifespan(server):
                print("initialising")
                yield

            mcp = FastMCP("x", lifespan=lifespan)

            def run_stdio():
                try:
                    mcp.run(transport="stdio")
                except Exception as e:
                    print(f"Error: {e}")
                finally:
                    print("Service stopped.")

            def run_sse():
                try:
                    mcp.run(transport="sse")
                finally:
                    print("SSE stopped.")
        """,
        "cli.py": """
            from srv import run_stdio, run_sse

            def stdio():
                run_stdio()
                print("after stdio")

            def sse():
                run_sse()
                print("after sse")
        """,
    })
    assert stdio_writes(files) == [("cli.py", 6), ("srv.py", 8), ("srv.py", 17), ("srv.py", 19)]


def test_main_guard_of_a_helper_module_does_not_count(tmp_path):
    files = analyze_many(tmp_path, {
        "main.py": SERVER + "import audio\n\n@mcp.tool()\ndef play(p: str) -> str:\n    return audio.convert(p)\n"
                            "\nif __name__ == '__main__':\n    mcp.run(transport='stdio')\n",
        "audio.py": "def convert(p):\n    return p\n\nif __name__ == '__main__':\n    print(convert('x'))\n",
    })
    assert stdio_writes(files) == []


def test_lowlevel_stdio_server_and_callbacks(tmp_path):
    files = analyze_many(tmp_path, {
        "srv.py": """
            import anyio, atexit
            from mcp.server.lowlevel import Server
            from mcp.server.stdio import stdio_server

            server = Server("x")

            def goodbye():
                print("bye")

            @server.call_tool()
            async def call(name: str, arguments: dict):
                print("called", name)
                return []

            async def main():
                print("before")
                async with stdio_server() as (r, w):
                    await server.run(r, w, server.create_initialization_options())

            atexit.register(goodbye)
            if __name__ == "__main__":
                anyio.run(main)
        """,
    })
    assert stdio_writes(files) == [("srv.py", 9), ("srv.py", 13), ("srv.py", 17)]


def test_callbacks_registered_at_import_by_a_cli_do_not_count(tmp_path):
    files = analyze_many(tmp_path, {
        "cli.py": SERVER + dedent("""
            import typer
            app = typer.Typer()

            def version_callback(value: bool):
                if value:
                    typer.echo("1.0")
                    raise typer.Exit()

            @app.callback()
            def root(version: bool = typer.Option(None, "--version", callback=version_callback)):
                pass

            @app.command()
            def serve():
                mcp.run()
        """),
    })
    assert stdio_writes(files) == []


def test_cloud_client_method_reached_from_a_tool_counts(tmp_path):
    files = analyze_many(tmp_path, {
        "auth.py": """
            from rich.console import Console
            console = Console()

            class Auth:
                async def token(self):
                    console.print("token expired, refreshing")
                    return "t"
        """,
        "srv.py": SERVER + dedent("""
            from auth import Auth

            @mcp.tool()
            async def fetch(url: str) -> str:
                auth = Auth()
                return await auth.token()
        """),
    })
    assert stdio_writes(files) == [("auth.py", 7)]


def test_demo_main_blocks_do_not_feed_wrappers_and_wrapped_tools_have_no_own_schema(tmp_path):
    files = analyze_many(tmp_path, {
        "wrap.py": """
            from functools import wraps

            def with_filters(original):
                @wraps(original)
                def wrapper(*args, **kwargs):
                    return original(*args, **kwargs)
                return wrapper

            if __name__ == "__main__":
                def find(query: str) -> list:
                    print("query", query)
                    return []
                print(with_filters(find)("x"))
        """,
        "srv.py": SERVER + dedent("""
            from wrap import with_filters

            def store(text: str) -> str:
                return text

            mcp.add_tool(with_filters(store), name="store")
            mcp.run()
        """),
    })
    assert stdio_writes(files) == []
    assert [(t["name"], t["params"]) for t in files["wrap.py"]["tools"]] == [("store", [])]


def test_logging_stream_from_a_parameter_default_and_http_words_that_are_not_transports(tmp_path):
    files = analyze_many(tmp_path, {
        "srv.py": SERVER + dedent("""
            import logging, sys

            def setup_logging(level=logging.WARNING, stream=sys.stderr):
                logging.getLogger().addHandler(logging.StreamHandler(stream))

            def connect(client_type):
                if client_type == "http":
                    print("connecting over http")

            @mcp.tool()
            def query(q: str) -> str:
                connect("http")
                return q
        """),
    })
    assert [(c["kind"], c["stream"]) for c in files["srv.py"]["loggingConfig"]] == [("StreamHandler", "stderr")]
    assert stdio_writes(files) == [("srv.py", 11)]


def test_console_scripts_and_dunder_main_are_the_start_when_no_transport_call_is_found(tmp_path):
    files = {
        "app/__init__.py": "",
        "app/server.py": "from vendor_wrapper import make_app\nfrom mcp.server.fastmcp import FastMCP\n"
                         "mcp = FastMCP('x')\n",
        "app/cli.py": "from .server import mcp\nfrom vendor_wrapper import serve\n\n"
                      "def main():\n    print('starting')\n    serve(mcp)\n",
        "app/__main__.py": "print('python -m app')\n",
        "app/other.py": "def unused():\n    print('never called')\n",
    }
    write(tmp_path, files)
    doc = json.loads(run_raw_with(tmp_path, list(files), ["--entry", "app.cli:main"]))
    got = sorted((f["path"], w["line"]) for f in doc["files"] for w in f["stdoutWrites"] if w["stdio"])
    assert got == [("app/__main__.py", 1), ("app/cli.py", 5)]


def test_a_branch_on_a_flag_every_server_call_leaves_false_does_not_run(tmp_path):
    files = analyze_many(tmp_path, {
        "app/__init__.py": "",
        "app/config.py": """
            def find(verbose=False):
                found = ["a"]
                if verbose:
                    for path in found:
                        print(f"found {path}")
                if verbose and len(found) > 1:
                    print("several")
                if not verbose:
                    print("quiet mode still prints")
                return found

            def scan(verbose=None):
                if verbose:
                    print("scanning")

            def report(verbose=False):
                if verbose:
                    print("reporting")

            def relay(verbose=False):
                report(verbose=verbose)

            def setup():
                find(verbose=True)
        """,
        "app/server.py": SERVER + dedent("""
            from .config import find, scan, report, relay

            @mcp.tool()
            def load() -> list:
                scan(verbose=False)
                relay()
                return find()

            @mcp.tool()
            def verbose_scan() -> None:
                scan(True)
        """),
    })
    # find's flag stays False on the server path (setup() is not on it); scan gets True from one tool;
    # relay passes its own parameter on, which is not followed: report's print counts.
    assert stdio_writes(files) == [("app/config.py", 10), ("app/config.py", 15), ("app/config.py", 19)]


MONOREPO = {
    "a/srv/__init__.py": "",
    "a/srv/server.py": SERVER + "def start(engine):\n    engine.run()\n\nif __name__ == '__main__':\n    start(None)\n    mcp.run()\n",
    "b/idx/__init__.py": "",
    "b/idx/worker.py": "class Worker:\n    def run(self):\n        print('indexing')\n",
    "b/idx/server.py": SERVER.replace("demo", "b") + "from .worker import Worker\nmcp.run()\n",
}


def test_units_are_projects_of_their_own(tmp_path):
    # One project: `engine.run()` in a's server resolves by name to b's `Worker.run`.
    whole = analyze_units(tmp_path, MONOREPO, {"": sorted(MONOREPO)})
    assert stdio_of(whole, "b/idx/worker.py") == [True]
    # Two units: a's calls resolve in a only, and each unit has its own scope.
    split = analyze_units(tmp_path, MONOREPO, {"a": sorted(p for p in MONOREPO if p.startswith("a/")),
                                               "b": sorted(p for p in MONOREPO if p.startswith("b/"))})
    assert stdio_of(split, "b/idx/worker.py") == [False]
    assert split["units"] == [{"root": "a", "scope": "imports"}, {"root": "b", "scope": "imports"}]
    assert {f["path"]: f["unit"] for f in split["files"]}["b/idx/worker.py"] == "b"


def test_a_unit_without_a_server_has_its_own_scope(tmp_path):
    files = {"a/server.py": SERVER + "mcp.run()\n", "lib/util.py": "print('x')\n"}
    doc = analyze_units(tmp_path, files, {"a": ["a/server.py"], "lib": ["lib/util.py"]})
    assert doc["units"] == [{"root": "a", "scope": "imports"}, {"root": "lib", "scope": "all-files"}]


def stdio_of(doc, path):
    return [w["stdio"] for f in doc["files"] if f["path"] == path for w in f["stdoutWrites"]]
