import PreflightCore

struct ClientUVDirectory: StaticCheck {
    static let description = CheckDescription(
        id: "client.uv-directory", title: "`uv run` is pointed at the project", section: .clientConfiguration,
        severity: .error,
        rationale: """
            `uv run` finds the project (pyproject.toml, uv.lock, .venv) from its working directory, and clients start \
            servers from their own, not from the project. Without `--directory <project>` uv runs outside the project: \
            the script or entry point is not found, or it runs with the wrong interpreter and none of the locked \
            dependencies. `uvx` (and `uv tool run`) run a published package and need no project directory.
            """,
        remediation: """
            Put `--directory /absolute/path/to/project` before `run`: \
            `"args": ["--directory", "/abs/path/to/project", "run", "my-server"]` (or set `cwd` in clients that support it).
            """,
        failing: [
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"srv": {"command": "uv", "args": ["run", "my-server"]}}}
                """
            ]),
            Example(
                [
                    "claude_desktop_config.json": """
                    {"mcpServers": {"srv": {"command": "/opt/homebrew/bin/uv", "args": ["run", "my-server", "--directory", "/Users/me/srv"]}}}
                    """
                ], note: "--directory after the program goes to the program, not to uv"),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"srv": {"command": "uv", "args": ["--directory", "srv", "run", "python", "-m", "srv"]}}}
                    """
                ], note: "relative directory"),
        ],
        passing: [
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"srv": {"command": "uv", "args": ["--directory", "/Users/me/srv", "run", "my-server"]},
                                "other": {"command": "uv", "args": ["run", "--project=/Users/me/other", "other-server"]}}}
                """
            ]),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
                                    "git": {"command": "uv", "args": ["tool", "run", "mcp-server-git"]},
                                    "srv": {"command": "uv", "args": ["run", "my-server"], "cwd": "/home/me/srv"}}}
                    """
                ], note: "uvx needs no project; cwd anchors uv run"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch ClientSupport.configs(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var findings: [Finding] = []
            var uvServers = 0
            var projectRuns = 0
            for file in files {
                for server in file.servers where ClientSupport.isLocal(server) {
                    guard let command = server.command?.stringValue else { continue }
                    let program = ClientSupport.programName(command)
                    guard program == "uv" || program == "uvx" else { continue }
                    uvServers += 1
                    let uv = UVInvocation(ClientSupport.stringArgs(server))
                    guard program == "uv", uv.subcommand == "run" else { continue }
                    projectRuns += 1
                    if let why = Self.problem(uv, server: server, file: file) {
                        let needle = uv.directory ?? uv.project
                        let at =
                            needle.map { ClientSupport.location(of: ClientSupport.quoted($0), server: server, in: file, project) }
                            ?? ClientSupport.location(of: "\"run\"", server: server, in: file, project)
                        findings.append(Finding("\(file.path): server `\(server.name)`: \(why)", at: at))
                    }
                }
            }
            if uvServers == 0 { return .skip("no configured server is started with uv") }
            if projectRuns == 0 {
                return .pass("the uv servers run published packages (uvx / uv tool run), which need no project directory")
            }
            return .from(findings, pass: "every `uv run` server names its project with an absolute --directory, --project or cwd")
        }
    }

    static func problem(_ uv: UVInvocation, server: ClientConfigFile.Server, file: ClientConfigFile) -> String? {
        for (option, value) in [("--directory", uv.directory), ("--project", uv.project), ("cwd", server.cwd)] {
            guard let value else { continue }
            if let why = ClientSupport.relativeProblem(value, in: file) {
                return "`uv run` names its project with \(option) " + why
            }
        }
        if uv.directory != nil || uv.project != nil || server.cwd != nil { return nil }
        return
            "`uv run` has no --directory (or --project/cwd) before `run`: uv looks for the project in the client's working directory"
    }
}
