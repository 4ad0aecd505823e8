import PreflightCore

struct ShellInjection: StaticCheck {
    static let description = CheckDescription(
        id: "security.shell-injection", title: "No shell commands built from tool arguments", section: .security,
        severity: .error,
        rationale: """
            `subprocess.run(cmd, shell=True)` or `os.system` with a tool argument, directly or through the project's \
            helpers in any module, executes whatever the model was talked into sending.
            """,
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
            Example(
                [
                    "src/app/git.py":
                        "import subprocess\n\ndef sh(cmd):\n    return subprocess.check_output(cmd, shell=True, text=True)\n",
                    "src/app/server.py":
                        "from mcp.server.fastmcp import FastMCP\nfrom .git import sh\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef git_log(ref: str) -> str:\n    return sh(f'git log {ref}')\n",
                ], note: "through a helper in another module"),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "import shlex, subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef grep(pattern: str) -> str:\n    return subprocess.run(['grep', '--', pattern, 'data.txt'], capture_output=True, text=True).stdout\n\n@mcp.tool()\ndef count(pattern: str) -> str:\n    return subprocess.run(f'grep -c {shlex.quote(pattern)} data.txt', shell=True, capture_output=True, text=True).stdout\n\nsubprocess.run('echo start', shell=True)\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        PythonSupport.check(project, pass: "no shell command is built from a tool argument") { files in
            var seen: Set<String> = []
            return files.flatMap { f in
                f.shellCalls.compactMap { s -> Finding? in
                    guard seen.insert("\(f.path):\(s.line)").inserted else { return nil }
                    return Finding(
                        "\(PythonSupport.origin(tool: s.tool, param: s.param, via: s.via)) into the shell command run by `\(s.call)` at \(f.path):\(s.line)",
                        at: Location(f.path, line: s.line))
                }
            }
        }
    }
}
