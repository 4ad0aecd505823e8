import PreflightCore

struct ClientAbsolutePaths: StaticCheck {
    static let scriptExtensions = [".py", ".pyz", ".js", ".mjs", ".cjs", ".ts", ".mts", ".sh", ".jar", ".rb", ".php"]
    static let dataExtensions = [
        ".json", ".yaml", ".yml", ".toml", ".db", ".sqlite", ".sqlite3", ".env", ".ini", ".cfg", ".txt", ".csv",
    ]
    /// Options whose value is code or a module name, never a path.
    static let codeOptions: Set<String> = ["-c", "-e", "--eval", "-m", "--module", "-p", "--print"]
    /// uv options whose value is a path.
    static let uvPathOptions: Set<String> = [
        "--directory", "--project", "--env-file", "--with-editable", "--with-requirements", "--config-file", "--cache-dir",
    ]
    static let containerEngines: Set<String> = ["docker", "podman", "nerdctl"]

    static let description = CheckDescription(
        id: "client.absolute-paths", title: "Client configurations use absolute paths", section: .clientConfiguration,
        severity: .error,
        rationale: """
            MCP clients start servers from their own working directory (Claude Desktop uses `/` on macOS), not from \
            the project, and run no shell: a relative script path, a relative `--directory`, or `~`/`$HOME` (which \
            only a shell expands) makes the server fail to start with a bare "server disconnected", the most common \
            MCP setup failure. Bare command names found on PATH (`uv`, `npx`) are fine.
            """,
        remediation: """
            Write absolute paths: `"args": ["--directory", "/Users/me/src/my-server", "run", "my-server"]`. Use \
            `${workspaceFolder}` in VS Code/Cursor configs; never `~` or `$HOME`.
            """,
        failing: [
            Example(
                [
                    "claude_desktop_config.json": """
                    {"mcpServers": {"srv": {"command": "uv", "args": ["--directory", "./", "run", "srv"]}}}
                    """
                ], note: "relative --directory"),
            Example(
                [
                    "claude_desktop_config.json": """
                    {"mcpServers": {"srv": {"command": "python", "args": ["src/srv/server.py"]}}}
                    """
                ], note: "relative script"),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"srv": {"command": "~/.local/bin/uv", "args": ["--directory", "~/code/srv", "run", "srv"]}}}
                    """
                ], note: "~ is not expanded"),
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"srv": {"command": ".venv/bin/python", "args": ["-m", "srv"]},
                                "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "../data"]}}}
                """
            ]),
        ],
        passing: [
            Example(
                [
                    "claude_desktop_config.json": """
                    {"mcpServers": {"srv": {"command": "uv", "args": ["--directory", "/Users/me/src/srv", "run", "server.py"],
                                            "env": {"LOG_LEVEL": "info"}}}}
                    """
                ], note: "relative script inside an absolute --directory (the MCP quickstart layout)"),
            Example([
                ".vscode/mcp.json": """
                {
                  // VS Code expands ${workspaceFolder}
                  "servers": {"srv": {"type": "stdio", "command": "${workspaceFolder}/.venv/bin/python", "args": ["-m", "srv"]},
                              "remote": {"type": "http", "url": "https://mcp.example.com/mcp"}}
                }
                """
            ]),
            Example([
                ".mcp.json": """
                {"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/srv/data"]},
                                "gh": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"]},
                                "time": {"command": "uvx", "args": ["mcp-server-time", "--local-timezone=America/New_York"]},
                                "tool": {"command": "C:\\\\Tools\\\\srv.exe", "args": [], "cwd": "D:/work"}}}
                """
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        ClientSupport.check(
            project, pass: "every command, script argument and directory in the client configurations is absolute"
        ) { file, server in
            Self.problems(file, server).map { value, why in
                Finding(
                    "\(file.path): server `\(server.name)`: \(why)",
                    at: ClientSupport.location(of: ClientSupport.quoted(value), server: server, in: file, project))
            }
        }
    }

    /// (offending value, why) for every path of one server.
    static func problems(_ file: ClientConfigFile, _ server: ClientConfigFile.Server) -> [(String, String)] {
        var found: [(String, String)] = []
        let cwdAnchored =
            server.cwd.map { ClientSupport.isAbsolute($0) || ClientSupport.startsWithVariable($0, in: file) } ?? false
        if let cwd = server.cwd, let why = ClientSupport.relativeProblem(cwd, in: file) { found.append((cwd, "cwd " + why)) }
        guard let command = server.command?.stringValue else { return found }
        let commandIsPath =
            command.contains("/") || command.contains("\\") || command.hasPrefix("~") || command.hasPrefix("$")
            || command.hasPrefix(".")
        if commandIsPath, let why = ClientSupport.relativeProblem(command, in: file),
            !(cwdAnchored && !Self.neverExpanded(command))
        {
            found.append((command, "command " + why))
        }
        let args = ClientSupport.stringArgs(server)
        let program = ClientSupport.programName(command)
        var anchored = cwdAnchored
        if program == "uv" || program == "uvx" {
            let uv = UVInvocation(args)
            if let directory = uv.directory, ClientSupport.relativeProblem(directory, in: file) == nil { anchored = true }
        }
        var skipNext = false
        for (i, arg) in args.enumerated() {
            if skipNext {
                skipNext = false
                continue
            }
            var candidate = arg
            var afterOption = i > 0 && args[i - 1].hasPrefix("-")
            if arg.hasPrefix("-") {
                if Self.codeOptions.contains(arg) { skipNext = true; continue }
                guard let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") else { continue }
                candidate = String(arg[arg.index(after: eq)...])
                afterOption = true
            }
            let option = arg.hasPrefix("--") ? String(arg.prefix { $0 != "=" }) : (i > 0 ? args[i - 1] : "")
            let isUVPathValue = (program == "uv" || program == "uvx") && Self.uvPathOptions.contains(option) && afterOption
            if Self.containerEngines.contains(program) {
                // Only host paths are paths here: `-v ./data:/data`, `--env-file .env`; image names are not.
                guard
                    ["-v", "--volume", "--env-file"].contains(option) || arg.hasPrefix("--env-file=")
                        || arg.hasPrefix("--volume=")
                else { continue }
                candidate = String(candidate.prefix { $0 != ":" })
                guard
                    candidate.hasPrefix(".") || candidate.hasPrefix("~") || candidate.hasPrefix("$") || option == "--env-file"
                        || arg.hasPrefix("--env-file=")
                else { continue }
            } else if !isUVPathValue && !Self.looksLikePath(candidate, option: afterOption ? option : nil) {
                continue
            }
            guard let why = ClientSupport.relativeProblem(candidate, in: file) else { continue }
            // `--directory`/`--project` themselves are never anchored by the directory they name.
            let selfAnchoring = isUVPathValue && (option == "--directory" || option == "--project")
            if anchored && !selfAnchoring && !Self.neverExpanded(candidate) { continue }
            let label = isUVPathValue ? "\(option) " : "argument "
            found.append((arg.hasPrefix("--") ? arg : candidate, label + why))
        }
        return found
    }

    /// `~` and `$VAR` are wrong wherever they appear: no shell ever expands them.
    static func neverExpanded(_ value: String) -> Bool {
        value.hasPrefix("~") || (value.hasPrefix("$") && !value.hasPrefix("${"))
    }

    /// Directory names that start a relative path (`src/server.py`, `.venv/bin/x`, `dist/index.js`).
    static let pathHeads: Set<String> = [
        "src", "lib", "dist", "build", "bin", "app", "server", "servers", "scripts", "packages", "out", "target",
        "venv", "node_modules", "data", "config", "docs", "tools", "mcp",
    ]
    /// Words in an option name that say its value is a path (`--db-path`, `--root`, `--config-file`) ...
    static let pathOptionWords: Set<String> = [
        "dir", "directory", "path", "file", "root", "folder", "repo", "repository", "cwd", "workspace", "config", "mount", "db",
    ]
    /// ... unless another word says it is not (`--log-level`, `--config-url`).
    static let nonPathOptionWords: Set<String> = [
        "level", "format", "url", "uri", "host", "port", "name", "mode", "type", "id", "key", "token",
    ]

    /// Whether an argument is (most likely) a file system path rather than a package, module, image, URL,
    /// time zone or other value. `option` is the option the value belongs to, nil for a positional argument.
    static func looksLikePath(_ arg: String, option: String?) -> Bool {
        if arg.isEmpty || arg.hasPrefix("@") || arg.contains("://") || arg.lowercased().hasPrefix("git+") { return false }
        if arg == "." || arg == ".." { return true }
        if ["./", "../", ".\\", "..\\", "~", "$"].contains(where: { arg.hasPrefix($0) }) { return true }
        if ClientSupport.isAbsolute(arg) { return true }
        if arg.contains(":") || arg.contains("=") || arg.contains(" ") || arg.hasPrefix("-") { return false }
        let lower = arg.lowercased()
        if scriptExtensions.contains(where: { lower.hasSuffix($0) }) { return true }
        if let option {
            let words = Set(option.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
            if dataExtensions.contains(where: { lower.hasSuffix($0) }) { return true }
            if !words.isDisjoint(with: pathOptionWords) && words.isDisjoint(with: nonPathOptionWords) {
                return Double(arg) == nil && !["true", "false", "yes", "no", "none"].contains(lower)
            }
        }
        let head = arg.split(whereSeparator: { $0 == "/" || $0 == "\\" }).first.map(String.init) ?? ""
        return (arg.contains("/") || arg.contains("\\")) && (pathHeads.contains(head.lowercased()) || head.hasPrefix("."))
    }
}
