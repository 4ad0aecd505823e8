import PreflightCore

struct ClientEnvStrings: StaticCheck {
    static let description = CheckDescription(
        id: "client.env-strings", title: "Client `env` values are strings", section: .clientConfiguration,
        severity: .error,
        rationale: """
            Environment variables are strings. Claude Desktop and other clients validate the config and reject (or \
            silently drop) a server whose `env` holds a number, boolean or null, so `"PORT": 8000` or `"DEBUG": true` \
            stops the server from starting or starts it without the setting.
            """,
        remediation:
            "Quote every value: `\"PORT\": \"8000\"`, `\"DEBUG\": \"true\"`; leave a variable out rather than setting it to null.",
        failing: [
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"srv": {"command": "uv", "args": ["--directory", "/srv", "run", "srv"],
                  "env": {"API_KEY": "x", "PORT": 8000, "DEBUG": true}}}}
                """
            ]),
            Example([
                ".vscode/mcp.json": """
                {"servers": {"srv": {"command": "srv", "env": {"TIMEOUT": 2.5, "PROXY": null}}}}
                """
            ]),
        ],
        passing: [
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"srv": {"command": "uv", "args": ["--directory", "/srv", "run", "srv"],
                  "env": {"API_KEY": "value", "LOG_LEVEL": "info", "PORT": "8000", "DEBUG": "false"}}}}
                """
            ]),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"a": {"command": "srv"}, "b": {"type": "http", "url": "https://x.example/mcp"}}}
                    """
                ], note: "no env at all"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch ClientSupport.configs(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var findings: [Finding] = []
            var count = 0
            for file in files {
                for server in file.servers {
                    for (name, value) in server.env {
                        count += 1
                        guard value.stringValue == nil else { continue }
                        let at = ClientSupport.location(of: ClientSupport.quoted(name), server: server, in: file, project)
                        findings.append(
                            Finding(
                                "\(file.path): server `\(server.name)`: env `\(name)` is \(Self.kind(value)), not a string"
                                    + (SecretNames.looksSecret(name) ? "" : Self.hint(value)), at: at))
                    }
                }
            }
            return .from(findings, pass: count == 0 ? "no configured server sets `env`" : "all \(count) `env` values are strings")
        }
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .array: return "an array"
        case .object: return "an object"
        case .string: return "a string"
        }
    }

    /// What to write instead; never echoes strings, so secrets cannot leak through here.
    static func hint(_ value: JSONValue) -> String {
        switch value {
        case .bool(let b): return " (write `\"\(b)\"`)"
        case .number(let n): return " (write `\"\(n)\"`)"
        case .null: return " (remove it or give a string)"
        default: return ""
        }
    }
}
