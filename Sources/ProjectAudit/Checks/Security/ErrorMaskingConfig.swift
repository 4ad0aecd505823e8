import PreflightCore

struct ErrorMaskingConfig: StaticCheck {
    static let description = CheckDescription(
        id: "security.error-masking-config", title: "Unexpected errors are masked", section: .security,
        severity: .error,
        rationale: """
            Exception text sent to the client leaks internals (paths, SQL, hostnames, sometimes credentials) into \
            the model's context and its transcripts. The standalone `fastmcp` server sends it unless \
            `mask_error_details=True`; the `mcp` SDK 2.x `MCPServer` masks by default; the 1.x `FastMCP` has no \
            switch and sends `Error executing tool x: <exception text>`.
            """,
        remediation:
            "fastmcp: `FastMCP(\"name\", mask_error_details=True)` and raise `ToolError` for messages meant for the client. mcp 1.x: catch exceptions in tools and raise `ToolError` with a safe message, or move to mcp 2.x.",
        failing: [
            Example(["src/app/server.py": "from fastmcp import FastMCP\nmcp = FastMCP('a')\n"]),
            Example(["src/app/server.py": "from fastmcp import FastMCP\nmcp = FastMCP('a', mask_error_details=False)\n"]),
            Example(
                ["src/app/server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n"], note: "mcp 1.x: warning"),
            Example(
                [
                    "src/app/base.py":
                        "from typing import Generic, TypeVar\nfrom fastmcp import FastMCP\nT = TypeVar('T')\n\nclass PreservingMCP(FastMCP[T], Generic[T]):\n    pass\n",
                    "src/app/server.py":
                        "from .base import PreservingMCP\n\nclass AppMCP(PreservingMCP[dict]):\n    pass\n\nmcp = AppMCP('a')\n",
                ], note: "a generic subclass of a subclass, in another module"),
        ],
        passing: [
            Example(["src/app/server.py": "from fastmcp import FastMCP\nmcp = FastMCP('a', mask_error_details=True)\n"]),
            Example(["src/app/server.py": "from mcp.server.mcpserver import MCPServer\nmcp = MCPServer('a')\n"]),
            Example(
                [
                    "src/app/server.py":
                        "from fastmcp import FastMCP\n\nclass AppMCP(FastMCP):\n    def __init__(self, name):\n        super().__init__(name, mask_error_details=True)\n\nmcp = AppMCP('a')\n"
                ], note: "masked in the subclass's constructor"),
            Example(
                [
                    "src/app/server.py": "from fastmcp import FastMCP\nmcp = FastMCP('a')\n",
                    "Dockerfile": "FROM python:3.12-slim\nENV FASTMCP_MASK_ERROR_DETAILS=true\n",
                ], note: "masked through fastmcp's setting"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch PythonSupport.mcpServerFiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            let servers = files.flatMap { f in f.servers.map { (f.path, $0) } }
            let maskedBySetting = Self.settingEnabled(project)
            var findings: [Finding] = []
            var decided = 0
            for (path, s) in servers {
                let at = Location(path, line: s.line)
                let name = s.subclass.map { "`\($0)` (a `\(s.class)` subclass)" } ?? "`\(s.class)`"
                switch (s.framework, s.class) {
                case ("fastmcp", _):
                    decided += 1
                    if s.maskErrorDetails == true || (s.maskErrorDetails == nil && maskedBySetting) { continue }
                    let why =
                        s.maskErrorDetails == false ? "sets mask_error_details=False" : "does not set mask_error_details=True"
                    findings.append(
                        Finding("\(name) at \(path):\(s.line) \(why): exception text reaches the client", at: at))
                case ("mcp", "FastMCP"):
                    decided += 1
                    findings.append(
                        Finding(
                            "mcp 1.x \(name) at \(path):\(s.line) cannot mask errors: exception text reaches the client unless tools catch it",
                            at: at, status: .warn))
                case ("mcp", _):
                    decided += 1
                default:
                    continue
                }
            }
            guard decided > 0 else {
                return .skip("lowlevel servers format errors themselves (checked live by tools.error-masking)")
            }
            return .from(findings, pass: "unexpected exceptions are masked before they reach the client")
        }
    }

    /// `FASTMCP_MASK_ERROR_DETAILS=true` in the image, compose file or environment template.
    static func settingEnabled(_ project: Project) -> Bool {
        project.texts.contains { path, text in
            let relevant =
                ProjectPaths.isDockerfile(path) || ProjectPaths.isComposeFile(path) || path.hasPrefix(".env")
                || path.contains("/.env")
            guard relevant, let range = text.range(of: "FASTMCP_MASK_ERROR_DETAILS") else { return false }
            let after = text[range.upperBound...].drop { $0 == "=" || $0 == ":" || $0 == " " || $0 == "\"" || $0 == "'" }
            return after.lowercased().hasPrefix("true") || after.hasPrefix("1")
        }
    }
}
