import PreflightCore

struct StdoutWrites: StaticCheck {
    static let description = CheckDescription(
        id: "code.stdout-writes", title: "Server code never writes to stdout", section: .codeQuality,
        severity: .error,
        rationale: """
            Over stdio, stdout is the JSON-RPC channel: one stray `print()` or a log handler on stdout corrupts the \
            stream and the client drops the connection (MCP spec, transports: the server MUST NOT write anything to \
            stdout that is not a valid MCP message).
            """,
        remediation:
            "Use `logging` to stderr, or `print(..., file=sys.stderr)`; never `sys.stdout.write` or a `StreamHandler(sys.stdout)`.",
        failing: [
            Example([
                "src/app/server.py":
                    "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef f(x: int) -> int:\n    print('called', x)\n    return x\n\nmcp.run()\n"
            ]),
            Example([
                "src/app/server.py":
                    "import sys, logging\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nlogging.getLogger().addHandler(logging.StreamHandler(sys.stdout))\nmcp.run()\n"
            ]),
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
                for p in file.prints ?? [] where !p.toStderr && (p.target ?? "stdout") == "stdout" {
                    findings.append(
                        Finding(
                            "`print()` to stdout at \(file.path):\(p.line) corrupts the stdio protocol stream",
                            at: Location(file.path, line: p.line)))
                }
                for w in file.stdoutWrites ?? [] {
                    findings.append(
                        Finding(
                            "`\(w.kind)` at \(file.path):\(w.line) writes to the stdio protocol stream",
                            at: Location(file.path, line: w.line)))
                }
            }
            return .from(
                findings,
                pass: "no print, stdout write or stdout log handler in \(files.count) server file\(files.count == 1 ? "" : "s")")
        }
    }
}
