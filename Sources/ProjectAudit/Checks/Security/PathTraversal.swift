import PreflightCore

struct PathTraversal: StaticCheck {
    static let description = CheckDescription(
        id: "security.path-traversal", title: "File paths from tool arguments are contained", section: .security,
        severity: .error,
        rationale: """
            A tool that opens `os.path.join(BASE, name)` with a model-supplied `name` reads `../../etc/passwd` or \
            `/root/.ssh/id_rsa` on request. Paths must be resolved and checked against the allowed root.
            """,
        remediation:
            "Resolve, then check containment: `p = (BASE / name).resolve(); if not p.is_relative_to(BASE.resolve()): raise ValueError(...)`.",
        failing: [
            Example([
                "src/app/server.py":
                    "import os\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nBASE = '/data'\n\n@mcp.tool()\ndef read(name: str) -> str:\n    with open(os.path.join(BASE, name)) as f:\n        return f.read()\n"
            ])
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "from pathlib import Path\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nBASE = Path('/data')\n\n@mcp.tool()\ndef read(name: str) -> str:\n    p = (BASE / name).resolve()\n    if not p.is_relative_to(BASE.resolve()):\n        raise ValueError('outside')\n    return p.read_text()\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        PythonSupport.check(project, pass: "file access from tool arguments is resolved and contained") { files in
            var seen: Set<String> = []
            return files.flatMap { f in
                (f.fileAccess ?? []).filter { !$0.contained }.compactMap { a -> Finding? in
                    // One finding per line: `open(os.path.join(...))` is one access.
                    guard seen.insert("\(f.path):\(a.line)").inserted else { return nil }
                    let who = a.function.map { "tool `\($0)`" } ?? "a tool"
                    return Finding(
                        "\(who) passes argument `\(a.param ?? "?")` to `\(a.call)` at \(f.path):\(a.line) without a containment check",
                        at: Location(f.path, line: a.line))
                }
            }
        }
    }
}
