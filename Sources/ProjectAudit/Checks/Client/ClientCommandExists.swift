import Foundation
import PreflightCore
import Processes

struct ClientCommandExists: StaticCheck {
    /// Launchers a configuration written for another machine legitimately names: missing here is a warning.
    static let launchers: Set<String> = [
        "uv", "uvx", "npx", "node", "python", "python3", "docker", "deno", "bunx", "bun", "pipx", "podman",
    ]

    static let description = CheckDescription(
        id: "client.command-exists", title: "The configured command exists", section: .clientConfiguration,
        severity: .error,
        rationale: """
            A command that is neither on PATH nor an executable file makes the client fail with "spawn ENOENT" or a \
            silent "server disconnected". A missing launcher (`uv`, `npx`, `python`) may just mean the configuration is \
            meant for another machine, so that is a warning; a missing server binary or script path is an error. A \
            launcher named without a path in a configuration committed to the project is for its users' machines, so \
            whether this machine has it says nothing; a Python inside a virtualenv (`…/.venv/bin/python`) is the \
            project's own path, not a common launcher.
            """,
        remediation: """
            Install the command or fix its path; `which <command>` must find it. GUI clients such as Claude Desktop \
            see a shorter PATH than your shell, so prefer the absolute path that `which uv` prints.
            """,
        failing: [
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"srv": {"command": "preflight-example-no-such-server", "args": []}}}
                """
            ]),
            Example(
                [
                    "claude_desktop_config.json": """
                    {"mcpServers": {"srv": {"command": "/nonexistent/preflight/.venv/bin/my-server"}}}
                    """
                ], note: "absolute path to a missing file"),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"srv": {"command": "/nonexistent/preflight/bin/uv", "args": ["--directory", "/srv", "run", "srv"]}}}
                    """
                ], note: "a launcher missing on this machine (warning)"),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"srv": {"args": ["server.py"]}}}
                    """
                ], note: "neither command nor url"),
            Example(
                [
                    "mcp-config.json": """
                    {"mcpServers": {"srv": {"command": "/nonexistent/preflight/src/srv/.venv/bin/python", "args": ["-m", "srv"]}}}
                    """
                ], note: "a virtualenv's Python is the project's path, not a launcher"),
            Example(
                [
                    ".vscode/mcp.json": """
                    {"servers": {"srv": {"command": "${workspaceFolder}/bin/serve"}}}
                    """,
                    "bin/server": "#!/bin/sh\nexit 0\n",
                ], note: "${workspaceFolder} resolves to the project, which has no bin/serve"),
        ],
        passing: [
            Example([
                "claude_desktop_config.json": """
                {"mcpServers": {"a": {"command": "sh", "args": ["-c", "exit 0"]}, "b": {"command": "/bin/sh"}}}
                """
            ]),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"srv": {"command": "${PREFLIGHT_EXAMPLE_UNSET_SHELL:-/bin/sh}"},
                                    "remote": {"type": "http", "url": "https://mcp.example.com/mcp"}}}
                    """
                ], note: "Claude Code expands ${VAR:-default}; remote servers have no command"),
            Example(
                [
                    ".vscode/mcp.json": """
                    {"servers": {"srv": {"command": "${workspaceFolder}/scripts/serve.sh"}}}
                    """,
                    "scripts/serve.sh": "#!/bin/sh\nexec uv run my-server\n",
                ], note: "${workspaceFolder} resolves to the project root"),
            Example(
                [
                    ".mcp.json": """
                    {"mcpServers": {"a": {"command": "bunx", "args": ["srv"]}, "b": {"command": "/bin/sh"}}}
                    """
                ], note: "a committed config's bare launcher is for its users' machines, installed here or not"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch ClientSupport.configs(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var findings: [Finding] = []
            var checked = 0
            var undecided: [String] = []
            for file in files {
                for server in file.servers where ClientSupport.isLocal(server) {
                    let at = Location(file.path, line: server.line)
                    let label = "\(file.path): server `\(server.name)`"
                    guard let commandValue = server.command else {
                        findings.append(Finding("\(label) has neither `command` nor `url`", at: at))
                        continue
                    }
                    guard let command = commandValue.stringValue, !command.trimmed.isEmpty else {
                        findings.append(Finding("\(label): `command` is not a non-empty string", at: at))
                        continue
                    }
                    guard let expanded = Self.expand(command, file: file, project: project) else {
                        undecided.append("`\(server.name)` (\(command) uses a variable known only to the client)")
                        continue
                    }
                    switch Self.resolve(expanded, server: server, file: file, project: project) {
                    case .found: checked += 1
                    case .undecidable(let why): undecided.append("`\(server.name)` (\(why))")
                    case .missing(let why):
                        let program = ClientSupport.programName(expanded)
                        let bare = !expanded.contains("/") && !expanded.contains("\\")
                        if Self.isLauncher(program), bare, !file.explicit {
                            undecided.append("`\(server.name)` (`\(command)` is a launcher this machine lacks)")
                            continue
                        }
                        checked += 1
                        if Self.isLauncher(program), !Self.inVirtualenv(expanded) {
                            findings.append(
                                Finding(
                                    "\(label): `\(command)` \(why) on this machine; it is a common launcher, so the configuration may be meant for another machine where it is installed",
                                    at: at, status: .warn))
                        } else {
                            findings.append(Finding("\(label): `\(command)` \(why)", at: at))
                        }
                    }
                }
            }
            if checked == 0 && findings.isEmpty {
                return .skip(
                    undecided.isEmpty
                        ? "no configured server is launched locally"
                        : "no command could be checked: \(undecided.joined(separator: "; "))")
            }
            let note = undecided.isEmpty ? "" : " (not checked: \(undecided.joined(separator: "; ")))"
            return .from(findings, pass: "every configured command resolves on PATH or as an executable file\(note)")
        }
    }

    /// `/home/me/src/srv/.venv/bin/python`: a project's environment, not a system launcher.
    static func inVirtualenv(_ command: String) -> Bool {
        let parts = command.replacingOccurrences(of: "\\", with: "/").split(separator: "/").map(String.init)
        return parts.dropLast().contains { $0 == ".venv" || $0 == "venv" || $0 == "env" || $0 == ".env" }
    }

    static func isLauncher(_ program: String) -> Bool {
        launchers.contains(program) || program.range(of: #"^python3(\.\d+)?$"#, options: .regularExpression) != nil
    }

    enum Resolution {
        case found
        case missing(String)
        case undecidable(String)
    }

    static func resolve(_ command: String, server: ClientConfigFile.Server, file: ClientConfigFile, project: Project)
        -> Resolution
    {
        let fm = FileManager.default
        guard command.contains("/") || command.contains("\\") else {
            return CommandRunner.which(command, path: project.searchPath) != nil ? .found : .missing("is not on PATH")
        }
        if !command.hasPrefix("/") && ClientSupport.isAbsolute(command) {
            return .undecidable("a Windows path")
        }
        var path = command
        if !command.hasPrefix("/") {
            // Relative: clients resolve it against `cwd` when set; otherwise the project is the best guess.
            let base =
                server.cwd.flatMap { expand($0, file: file, project: project) }.flatMap { $0.hasPrefix("/") ? $0 : nil }
                ?? (file.explicit ? fm.currentDirectoryPath : project.root)
            path = base + "/" + command
        }
        var isDirectory: ObjCBool = false
        let inProject = path.hasPrefix(project.root + "/") && project.exists(String(path.dropFirst(project.root.count + 1)))
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // A project file seen when the project was loaded counts even if it is gone since.
            return inProject ? .found : .missing("does not exist")
        }
        if isDirectory.boolValue { return .missing("is a directory, not an executable") }
        return fm.isExecutableFile(atPath: path) ? .found : .missing("exists but is not executable (chmod +x)")
    }

    /// Expands the variables the file's client expands (`${workspaceFolder}`, `${userHome}`, `${env:NAME}`,
    /// `${NAME}`, `${NAME:-default}`); nil when one cannot be known here (`${input:...}`, an unset variable).
    static func expand(_ value: String, file: ClientConfigFile, project: Project) -> String? {
        guard value.contains("${"), ClientSupport.expandsVariables(file.path) else { return value }
        let environment = ProcessInfo.processInfo.environment
        var out = ""
        var rest = Substring(value)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            let name = String(rest[open.upperBound..<close])
            rest = rest[rest.index(after: close)...]
            switch name {
            case "workspaceFolder", "workspaceRoot", "workspaceFolderBasename":
                guard !file.explicit else { return nil }
                out += name == "workspaceFolderBasename" ? URL(fileURLWithPath: project.root).lastPathComponent : project.root
            case "userHome":
                guard let home = environment["HOME"] else { return nil }
                out += home
            case "pathSeparator", "/":
                out += "/"
            default:
                var variable = name.hasPrefix("env:") ? String(name.dropFirst(4)) : name
                var fallback: String?
                if let sep = variable.range(of: ":-") {
                    fallback = String(variable[sep.upperBound...])
                    variable = String(variable[..<sep.lowerBound])
                }
                guard !variable.contains(":"), let resolved = environment[variable] ?? fallback else { return nil }
                out += resolved
            }
        }
        return out + rest
    }
}
