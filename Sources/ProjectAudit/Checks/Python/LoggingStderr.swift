import PreflightCore

struct LoggingStderr: StaticCheck {
    static let description = CheckDescription(
        id: "code.logging-stderr", title: "Logging is configured to stderr", section: .codeQuality, severity: .warning,
        rationale: """
            Logs on stderr stay out of the stdio protocol stream and are what container platforms collect. Without \
            explicit configuration, levels and format are undefined and INFO messages are dropped.
            """,
        remediation:
            "`logging.basicConfig(level=logging.INFO, stream=sys.stderr, format='%(asctime)s - %(name)s - %(levelname)s - %(message)s')`",
        failing: [
            Example([
                "src/app/server.py":
                    "import logging\nlogging.basicConfig(filename='server.log')\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n"
            ]),
            Example(
                ["src/app/server.py": "from mcp.server.lowlevel import Server\nserver = Server('a')\n"],
                note: "lowlevel server, no logging configuration"),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "import logging, sys\nlogging.basicConfig(level=logging.INFO, stream=sys.stderr)\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n"
            ]),
            Example(
                [
                    "src/app/log.py": "import logging\nh = logging.StreamHandler()\n",
                    "src/app/server.py": "from . import log\nfrom mcp.server.lowlevel import Server\nserver = Server('a')\n",
                ], note: "StreamHandler() defaults to stderr, in a module the server imports"),
            Example(
                ["src/app/server.py": "from mcp.server.mcpserver import MCPServer\nmcp = MCPServer('a')\nmcp.run()\n"],
                note: "the SDK server configures stderr logging itself"),
            Example(
                [
                    "src/app/server.py":
                        "import sys\nfrom loguru import logger\nfrom mcp.server.lowlevel import Server\nlogger.remove()\nlogger.add(sys.stderr, level='INFO')\nserver = Server('a')\n",
                    "src/app/migrations/env.py": "from logging.config import fileConfig\nfileConfig('alembic.ini')\n",
                ], note: "loguru on stderr; a migration script the server does not import is not server code"),
        ])

    func run(_ project: Project) -> CheckOutput {
        PythonSupport.check(project, pass: "logging is configured to stderr") { files in
            let configs = files.flatMap { f in f.loggingConfig.map { (f.path, $0) } }
            var findings: [Finding] = []
            for (path, c) in configs where c.stream == "stdout" {
                findings.append(Finding("`\(c.kind)` at \(path):\(c.line) logs to stdout", at: Location(path, line: c.line)))
            }
            let toStderr = configs.contains { ["stderr", "default"].contains($0.1.stream) }
            if findings.isEmpty && !toStderr {
                if let (path, c) = configs.first(where: { $0.1.stream == "file" }) {
                    findings.append(
                        Finding(
                            "`\(c.kind)` at \(path):\(c.line) logs only to a file: container platforms collect stderr",
                            at: Location(path, line: c.line), status: .warn))
                } else if let (path, c) = configs.first {
                    _ = c
                    findings.append(
                        Finding(
                            "the logging configuration in \(path) does not name stderr", at: Location(path, line: c.line),
                            status: .warn))
                } else if let sdk = files.flatMap(\.servers).first(where: {
                    $0.framework != "mcp-lowlevel" && $0.class != "Server"
                }) {
                    // MCPServer, FastMCP and fastmcp call logging.basicConfig with a stderr handler themselves.
                    _ = sdk
                    return []
                } else {
                    let server = files.first { !$0.servers.isEmpty } ?? files[0]
                    findings.append(
                        Finding(
                            "no logging configuration: levels and format are left to defaults",
                            at: Location(server.path, line: server.servers.first?.line ?? 1), status: .warn))
                }
            }
            return findings
        }
    }
}
