import PreflightCore

struct StdoutWrites: StaticCheck {
    static let description = CheckDescription(
        id: "code.stdout-writes", title: "Server code never writes to stdout", section: .codeQuality,
        severity: .error,
        rationale: """
            Over stdio, stdout is the JSON-RPC channel: one stray `print()` or a log handler on stdout corrupts the \
            stream and the client drops the connection (MCP spec, transports: the server MUST NOT write anything to \
            stdout that is not a valid MCP message). Only code that runs in the server process while stdio is the \
            channel counts: the modules the server imports, on the path that starts the stdio transport, and every \
            tool, resource, prompt and lifespan with what they call; not clients, installers or scripts the server \
            never imports, CLI subcommands that do not serve, branches taken only for HTTP transports, or a \
            `--version` branch that exits first.
            """,
        remediation:
            "Use `logging` to stderr, or `print(..., file=sys.stderr)`; never `sys.stdout.write`, a `StreamHandler(sys.stdout)` or a default rich `Console()`.",
        failing: [
            Example([
                "src/app/server.py":
                    "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef f(x: int) -> int:\n    print('called', x)\n    return x\n\nmcp.run()\n"
            ]),
            Example([
                "src/app/server.py":
                    "import sys, logging\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nlogging.getLogger().addHandler(logging.StreamHandler(sys.stdout))\nmcp.run()\n"
            ]),
            Example(
                [
                    "src/app/base.py": "from fastmcp import FastMCP\n\nclass AppMCP(FastMCP):\n    pass\n",
                    "src/app/report.py": "def progress(n):\n    print(f'{n} rows')\n",
                    "src/app/server.py":
                        "from .base import AppMCP\nfrom .report import progress\nmcp = AppMCP('a')\n\n@mcp.tool\ndef load(n: int) -> int:\n    progress(n)\n    return n\n\ndef main():\n    mcp.run()\n",
                ], note: "a helper in another module, called from a tool of a FastMCP subclass"),
            Example(
                [
                    "src/app/server.py":
                        "import sys\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\ndef main():\n    transport = sys.argv[1] if len(sys.argv) > 1 else 'stdio'\n    print(f'starting ({transport})')\n    mcp.run(transport=transport)\n"
                ], note: "printed before the transport, which may be stdio, starts"),
            Example(
                [
                    "pyproject.toml": "[project]\nname = \"app\"\n[project.scripts]\napp = \"app.cli:main\"\n",
                    "src/app/__init__.py": "",
                    "src/app/server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n",
                    "src/app/cli.py":
                        "from vendor_runner import serve\nfrom .server import mcp\n\ndef main():\n    print('starting')\n    serve(mcp)\n",
                ], note: "no recognised transport call: the console script is where the server starts"),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "import sys\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nprint('starting', file=sys.stderr)\nmcp.run()\n",
                "scripts/report.py": "print('fine: not server code')\n",
            ]),
            Example(
                [
                    "src/app/server.py":
                        "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef save(text: str) -> str:\n    with open('/tmp/out.txt', 'w') as f:\n        print(text, file=f)\n    return 'ok'\n\nmcp.run()\n"
                ], note: "print to a file is not stdout"),
            Example(
                [
                    "src/app/server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n",
                    "src/app/cli.py":
                        "import argparse\nfrom .server import mcp\n\ndef list_tools():\n    print('tools: ...')\n\ndef main():\n    args = argparse.ArgumentParser().parse_args()\n    if args.version:\n        print('app 1.0')\n        return\n    if args.command == 'tools':\n        list_tools()\n    else:\n        mcp.run()\n",
                    "src/app/client.py": "print('an interactive client of the server')\n",
                    "src/app/audio.py": "def convert(p):\n    return p\n\nif __name__ == '__main__':\n    print(convert('x'))\n",
                ],
                note: "a CLI subcommand and a --version branch that never serve, a client and a helper's __main__ block"),
            Example(
                [
                    "src/app/server.py":
                        "import sys\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\ndef main(transport: str):\n    if transport == 'sse':\n        print('serving on http://0.0.0.0:8000/sse')\n    mcp.run(transport=transport)\n\nif '--http' in sys.argv:\n    print('serving on http://0.0.0.0:8000/mcp')\n    mcp.run(transport='streamable-http')\n"
                ], note: "prints only on HTTP transports"),
            Example(
                [
                    "packages/a/pyproject.toml": "[project]\nname = \"a\"\n",
                    "packages/a/srv/__init__.py": "",
                    "packages/a/srv/server.py":
                        "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\ndef start(engine):\n    engine.run()\n\nif __name__ == '__main__':\n    start(None)\n    mcp.run()\n",
                    "packages/b/pyproject.toml": "[project]\nname = \"b\"\n",
                    "packages/b/idx/__init__.py": "",
                    "packages/b/idx/worker.py": "class Worker:\n    def run(self):\n        print('indexing')\n",
                    "packages/b/idx/server.py":
                        "from mcp.server.fastmcp import FastMCP\nfrom .worker import Worker\nmcp = FastMCP('b')\nmcp.run()\n",
                ], note: "a monorepo: one package's `engine.run()` never reaches another package's `run`"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch PythonSupport.mcpServerFiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            guard PythonSupport.usesStdio(files) else {
                return .skip("the server runs over HTTP only: stdout is not the protocol channel")
            }
            var findings: [Finding] = []
            for file in files {
                for w in file.stdoutWrites where w.stdio {
                    let what = w.kind == "print()" ? "`print()` to stdout" : "`\(w.kind)`"
                    findings.append(
                        Finding(
                            "\(what) at \(file.path):\(w.line) runs while stdout carries the stdio protocol stream",
                            at: Location(file.path, line: w.line)))
                }
            }
            return .from(
                findings,
                pass:
                    "no print, stdout write or stdout log handler on the stdio path of \(files.count) server file\(files.count == 1 ? "" : "s")"
            )
        }
    }
}
