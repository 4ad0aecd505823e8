import PreflightCore

struct ShellInjection: StaticCheck {
    static let description = CheckDescription(
        id: "security.shell-injection", title: "No shell commands built from tool arguments", section: .security,
        severity: .error,
        rationale:
            "`subprocess.run(cmd, shell=True)` or `os.system` with a tool argument executes whatever the model was talked into sending.",
        remediation:
            "Pass an argument list without a shell: `subprocess.run([\"git\", \"log\", \"--\", path], check=True)`, and validate the values.",
        failing: [
            Example([
                "src/app/server.py":
                    "import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef grep(pattern: str) -> str:\n    return subprocess.run(f'grep {pattern} data.txt', shell=True, capture_output=True, text=True).stdout\n"
            ]),
            Example([
                "src/app/server.py":
                    "import os\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef ping(host: str) -> int:\n    return os.system('ping -c 1 ' + host)\n"
            ]),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef grep(pattern: str) -> str:\n    return subprocess.run(['grep', '--', pattern, 'data.txt'], capture_output=True, text=True).stdout\n\nsubprocess.run('echo start', shell=True)\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        PythonSupport.check(project, pass: "no shell command is built from a tool argument") { files in
            files.flatMap { f in
                (f.shellCalls ?? []).filter { $0.usesParam != nil }.map {
                    Finding(
                        "`\($0.call)` at \(f.path):\($0.line) runs a shell command built from tool argument `\($0.usesParam ?? "")`",
                        at: Location(f.path, line: $0.line))
                }
            }
        }
    }
}
