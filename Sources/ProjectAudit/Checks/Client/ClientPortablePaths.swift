import PreflightCore

struct ClientPortablePaths: StaticCheck {
    static let description = CheckDescription(
        id: "client.portable-paths", title: "Committed client configurations work on other machines",
        section: .clientConfiguration, severity: .warning,
        rationale: """
            A client configuration committed to the repository (`.mcp.json`, `.vscode/mcp.json`, `mcp-config.json`, \
            `kiro_power/mcp.json`, a `claude_desktop_config.json` example) is what teammates and users copy. A command, \
            argument, directory or environment value inside one developer's home folder (`/Users/alice/…`, \
            `/home/alice/…`, `C:\\Users\\alice\\…`) starts on no other machine: the server fails with "server \
            disconnected". Placeholders such as `/Users/you/…` or `/home/<user>/…` are fine; configurations passed with \
            `--client-config` belong to this machine and are not checked.
            """,
        remediation: """
            Use a launcher on PATH (`uvx my-server`, `npx my-server`), `${workspaceFolder}` (VS Code, Cursor) or \
            `${HOME}` where the client expands it, or a placeholder (`/path/to/my-server`) in examples.
            """,
        failing: [
            Example(
                [
                    "mcp-config.json": """
                    {"mcpServers": {"word": {"command": "/Users/gongzhe/GitRepos/Word-MCP/.venv/bin/python",
                                             "args": ["/Users/gongzhe/GitRepos/Word-MCP/word_mcp_server.py"],
                                             "env": {"PYTHONPATH": "/Users/gongzhe/GitRepos/Word-MCP"}}}}
                    """
                ], note: "a committed config under another name"),
            Example(
                [
                    "kiro_power/mcp.json": """
                    {"mcpServers": {"pg": {"command": "uv", "args": ["--directory", "/home/dev42/src/pg", "run", "pg"]}}}
                    """
                ], note: "mcp.json in a subfolder"),
            Example(
                [
                    ".vscode/mcp.json": """
                    {"servers": {"srv": {"type": "stdio", "command": "C:\\\\Users\\\\Jane\\\\srv\\\\.venv\\\\Scripts\\\\python.exe"}}}
                    """
                ]),
        ],
        passing: [
            Example([
                ".mcp.json": """
                {"mcpServers": {"srv": {"command": "uvx", "args": ["srv"]},
                                "doc": {"command": "uv", "args": ["--directory", "/Users/you/src/srv", "run", "srv"]},
                                "ex": {"command": "/home/<user>/.local/bin/srv", "args": ["--root=${workspaceFolder}"]}}}
                """
            ]),
            Example(
                ["claude.mcp.json": "{\"mcpServers\": {\"srv\": {\"command\": \"npx\", \"args\": [\"-y\", \"@acme/srv\"]}}}\n"],
                note: "*.mcp.json"),
        ])

    func run(_ project: Project) -> CheckOutput {
        let committed = project.clientConfigs.filter { !$0.explicit && (project.gitTracked?.contains($0.path) ?? true) }
        guard !committed.isEmpty else {
            return .skip(
                project.clientConfigs.isEmpty
                    ? ClientSupport.noConfig
                    : "no client configuration is committed to the project (--client-config files belong to this machine)")
        }
        var findings: [Finding] = []
        for file in committed {
            for server in file.servers {
                for value in Self.strings(server) {
                    guard let home = Self.homeFolder(in: value) else { continue }
                    findings.append(
                        Finding(
                            "\(file.path): server `\(server.name)` points into one developer's home folder (`\(home)`): `\(value.prefix(90))`",
                            at: ClientSupport.location(of: Self.firstSegment(value), server: server, in: file, project)))
                    break
                }
            }
        }
        return .from(findings, pass: "no committed client configuration points into a developer's home folder")
    }

    static func strings(_ server: ClientConfigFile.Server) -> [String] {
        [server.command?.stringValue, server.cwd].compactMap { $0 } + ClientSupport.stringArgs(server)
            + server.env.compactMap { $0.1.stringValue }
    }

    /// Words that stand for "your user name" in documentation.
    static let placeholders: Set<String> = [
        "me", "you", "user", "username", "user_name", "user-name", "yourname", "your_name", "your-name", "yourusername",
        "your_username", "your-username", "name", "example", "someone", "somebody", "john", "jane.doe", "john.doe", "myuser",
        "youruser", "runner", "ubuntu", "root", "node", "app",
    ]

    /// `/Users/alice`, `/home/alice` or `C:\Users\alice` at the start of a value (or after `=`/`:`), unless
    /// the name is a placeholder or a variable.
    static func homeFolder(in value: String) -> String? {
        let candidates = [value] + value.split(whereSeparator: { $0 == "=" || $0 == ";" }).dropFirst().map(String.init)
        for candidate in candidates {
            let normalized = candidate.replacingOccurrences(of: "\\", with: "/")
            let lower = normalized.lowercased()
            var rest: Substring?
            for prefix in ["/users/", "/home/"] where lower.hasPrefix(prefix) {
                rest = normalized.dropFirst(prefix.count)
            }
            if rest == nil, lower.count > 9, lower.dropFirst().hasPrefix(":/users/"), lower.first?.isLetter == true {
                rest = normalized.dropFirst(9)
            }
            guard let tail = rest, let name = tail.split(separator: "/").first.map(String.init), !name.isEmpty else { continue }
            let lowerName = name.lowercased()
            if placeholders.contains(lowerName) || lowerName.contains("your") || name.contains("<") || name.contains("{")
                || name.contains("$") || name.contains("%") || lowerName == "shared" || lowerName == "public"
            {
                continue
            }
            return String(normalized.prefix(normalized.count - tail.count + name.count))
        }
        return nil
    }

    /// The first path segment of the value as it is written in the file, for locating it.
    static func firstSegment(_ value: String) -> String {
        String(value.prefix(40)).replacingOccurrences(of: "\\", with: "\\\\")
    }
}
