import Foundation
import PreflightCore

/// Shared look-ups for the client configuration checks.
enum ClientSupport {
    static let noConfig = "no MCP client configuration in the project; pass one with --client-config"

    /// The client configuration files, or the reason the client checks do not apply.
    static func configs(_ project: Project) -> Result<[ClientConfigFile], SkipReason> {
        if !project.clientConfigs.isEmpty { return .success(project.clientConfigs) }
        if let broken = project.problems.first(where: {
            ClientConfigFile.knownPaths.contains($0.path) || ClientConfigFile.isCandidate($0.path)
        }) {
            return .failure(SkipReason("\(broken.path) could not be parsed (see project.files-parse)"))
        }
        return .failure(SkipReason(noConfig))
    }

    /// A server the client launches as a local process (remote `url` servers have no command to check).
    static func isLocal(_ server: ClientConfigFile.Server) -> Bool {
        !(server.command == nil && server.url != nil)
    }

    /// Runs `body` on every locally launched server, or skips with the reason none applies.
    static func check(
        _ project: Project, pass: String, _ body: (ClientConfigFile, ClientConfigFile.Server) -> [Finding]
    ) -> CheckOutput {
        switch configs(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            let local = files.flatMap { file in file.servers.filter(isLocal).map { (file, $0) } }
            if local.isEmpty {
                let remote = files.reduce(0) { $0 + $1.servers.count }
                return .skip(
                    remote == 0
                        ? "the client configuration declares no servers"
                        : "every configured server is remote (`url`); there is no local command to check")
            }
            return .from(local.flatMap { body($0.0, $0.1) }, pass: pass)
        }
    }

    /// Clients that expand `${...}` variables in command, args and cwd: VS Code and Cursor
    /// (`${workspaceFolder}`, `${userHome}`, `${env:NAME}`), Claude Code's `.mcp.json` (`${VAR}`,
    /// `${VAR:-default}`) and Windsurf (`${env:NAME}`). Claude Desktop passes them through literally.
    static func expandsVariables(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return path.hasSuffix(".vscode/mcp.json") || path.hasSuffix(".cursor/mcp.json") || name == ".mcp.json"
            || path.hasSuffix(".windsurf/mcp_config.json") || path.hasSuffix(".codeium/windsurf/mcp_config.json")
    }

    static func isAbsolute(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\\\") { return true }
        // Windows drive paths: C:\... or C:/...
        let chars = Array(path)
        return chars.count >= 3 && chars[0].isLetter && chars[1] == ":" && (chars[2] == "\\" || chars[2] == "/")
    }

    /// Whether `value` starts with a client variable the file's client expands.
    static func startsWithVariable(_ value: String, in file: ClientConfigFile) -> Bool {
        value.hasPrefix("${") && value.contains("}") && expandsVariables(file.path)
    }

    /// Why `path` is not an absolute path the client can use as is, or nil when it is.
    static func relativeProblem(_ path: String, in file: ClientConfigFile) -> String? {
        if isAbsolute(path) || startsWithVariable(path, in: file) { return nil }
        if path.hasPrefix("~") { return "`\(path)` starts with `~`, which clients do not expand (no shell runs the command)" }
        if path.hasPrefix("$") {
            return path.hasPrefix("${")
                ? "`\(path)` uses a variable that \(file.path) does not expand"
                : "`\(path)` uses a shell variable, which clients do not expand (no shell runs the command)"
        }
        return
            "`\(path)` is relative: it resolves against the client's working directory, which is not the project (often `/` or the client's install folder)"
    }

    /// The command's program name, lowercased, without directory or Windows extension: `/usr/bin/uv.exe` → `uv`.
    static func programName(_ command: String) -> String {
        var name = (command.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? command).lowercased()
        for ext in [".exe", ".cmd", ".bat"] where name.hasSuffix(ext) { name.removeLast(ext.count) }
        return name
    }

    static func stringArgs(_ server: ClientConfigFile.Server) -> [String] { server.args.compactMap(\.stringValue) }

    /// The text of a client configuration: from the project, or (for `--client-config` files) from disk.
    static func text(of file: ClientConfigFile, _ project: Project) -> String? {
        if let text = project.text(file.path) { return text }
        guard file.explicit, let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The line of the first occurrence of `needle` at or after the server's own line (falls back to it).
    static func location(of needle: String, server: ClientConfigFile.Server, in file: ClientConfigFile, _ project: Project)
        -> Location
    {
        guard let text = text(of: file, project) else { return Location(file.path, line: server.line) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in max(0, server.line - 1)..<lines.count where lines[index].contains(needle) {
            return Location(file.path, line: index + 1)
        }
        return Location(file.path, line: server.line)
    }

    /// The JSON-escaped form of a string as it appears in the file (`"a\\b"` for `a\b`).
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// The parts of a `uv` command line the client checks care about.
struct UVInvocation {
    /// `run`, `tool`, `sync`, ... (nil when none is given).
    var subcommand: String?
    /// The value of `--directory` (changes the working directory, so relative paths after it resolve there).
    var directory: String?
    /// The value of `--project` (finds the project, but relative paths still resolve against the working directory).
    var project: String?
    /// The index in `args` of the program `uv run` starts (nil when none); arguments after it belong to it.
    var programIndex: Int?

    /// uv options that take a value as the next argument (global and `uv run` ones).
    static let valueOptions: Set<String> = [
        "--directory", "--project", "--cache-dir", "--python", "-p", "--config-file", "--color", "--with", "-w",
        "--with-editable", "--with-requirements", "--env-file", "--extra", "--group", "--only-group", "--no-group",
        "--package", "--index", "--default-index", "--index-url", "-i", "--extra-index-url", "--find-links", "-f",
        "--index-strategy", "--keyring-provider", "--resolution", "--prerelease", "--exclude-newer", "--link-mode",
        "--refresh-package", "--reinstall-package", "--upgrade-package", "-P", "--allow-insecure-host",
        "--python-platform", "--from", "--no-binary-package", "--no-build-package", "--config-setting", "-C",
    ]

    init(_ args: [String]) {
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg.hasPrefix("-") {
                var name = arg
                var value: String?
                if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                    name = String(arg[..<eq])
                    value = String(arg[arg.index(after: eq)...])
                } else if Self.valueOptions.contains(arg), i + 1 < args.count {
                    value = args[i + 1]
                    i += 1
                }
                if name == "--directory" { directory = value }
                if name == "--project" { project = value }
                // `uv run -m module` / `--module`: the next argument is what runs.
                if subcommand == "run", name == "-m" || name == "--module" {
                    programIndex = i + 1 < args.count ? i + 1 : nil
                    return
                }
                i += 1
                continue
            }
            if subcommand == nil {
                subcommand = arg
            } else if subcommand == "run" {
                programIndex = i
                return
            }
            i += 1
        }
    }
}
