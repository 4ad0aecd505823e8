import Foundation
import PreflightCore
import Processes
import ProjectAudit

/// A stdio server as its client would start it: argv after expansion, the program found on the
/// client's PATH, the working directory and the complete environment.
public struct LaunchPlan: Sendable {
    /// argv with variables expanded; `argv[0]` is the resolved program.
    public var argv: [String]
    /// The command as the client passes it (expanded, not resolved).
    public var command: String
    public var cwd: String
    public var environment: [String: String]
    /// The PATH the client searched.
    public var searchPath: String

    var launch: ChildLaunch { ChildLaunch(argv: argv, cwd: cwd, environment: environment) }
}

/// Builds the `LaunchPlan` of an entry, or the diagnoses that stop the client before it can start anything.
struct LaunchPlanner: Sendable {
    /// Doctor's own environment: the login shell's, as far as doctor can tell.
    let environment: [String: String]
    let workingDirectory: String
    /// The PATH a desktop-launched app sees.
    let desktopPATH: String

    enum Outcome {
        case ready(LaunchPlan)
        case blocked([Diagnosis])
    }

    func plan(_ entry: ClientEntry) -> Outcome {
        let client = entry.client
        let expander = VariableExpander(
            style: client.expansion, environment: environment, workspace: entry.project ?? workingDirectory)
        guard let rawCommand = entry.server.command?.stringValue, !rawCommand.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return .blocked([
                Diagnosis(
                    .entryShape, .fail, "`command` is missing or not a non-empty string",
                    fix: "Give the program to run as a string: `\"command\": \"/absolute/path/to/program\"`.")
            ])
        }
        let command: String
        let args: [String]
        let configuredCwd: String?
        var configuredEnv: [(String, String)] = []
        do {
            command = try expander.expand(rawCommand)
            args = try entry.server.args.map { value throws(VariableExpander.Unresolved) in
                try expander.expand(Self.text(value))
            }
            configuredCwd = try entry.server.cwd.map { c throws(VariableExpander.Unresolved) in try expander.expand(c) }
            for (name, value) in entry.server.env where !value.isNull {
                configuredEnv.append((name, try expander.expand(Self.text(value))))
            }
        } catch {
            let cause: Diagnosis.Cause = { if case .input = error { return .needsInput } else { return .unresolvedVariable } }()
            return .blocked([
                Diagnosis(
                    cause, cause == .needsInput ? .info : .fail, "\(error)",
                    fix: cause == .needsInput
                        ? "Nothing to fix: doctor cannot answer the prompt, so the server was not started."
                        : "Set the variable before starting \(client.displayName), or give a default: `${NAME:-value}`.")
            ])
        }

        let home = environment["HOME"] ?? NSHomeDirectory()
        let defaultDirectory = entry.project ?? (client.startsInRoot ? "/" : workingDirectory)
        var cwd = defaultDirectory
        if let configuredCwd, !configuredCwd.isEmpty {
            cwd =
                configuredCwd.hasPrefix("/")
                ? configuredCwd : (defaultDirectory as NSString).appendingPathComponent(configuredCwd)
        }
        cwd = (cwd as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .blocked([
                Diagnosis(
                    .cwdMissing, .fail, "the working directory `\(configuredCwd ?? cwd)` does not exist (resolved: \(cwd))",
                    fix: "Point `cwd` at the project's absolute path.", check: nil)
            ])
        }

        var env: [String: String] = [:]
        if let inherited = client.inheritedVariables {
            for name in inherited { env[name] = environment[name] }
            for name in entry.forwardedVariables { env[name] = environment[name] }
        } else {
            env = environment
        }
        if client.usesDesktopPATH { env["PATH"] = desktopPATH }
        for (name, value) in readEnvFile(entry.envFile, relativeTo: entry.project ?? workingDirectory) { env[name] = value }
        for (name, value) in configuredEnv { env[name] = value }
        let searchPath = env["PATH"] ?? ""

        guard let program = resolve(command, cwd: cwd, path: searchPath) else {
            return .blocked([notFound(command, client: client, searchPath: searchPath, home: home)])
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: program, isDirectory: &isDir),
            isDir.boolValue
                || !FileManager.default.isExecutableFile(atPath: program)
        {
            return .blocked([
                Diagnosis(
                    .notExecutable, .fail,
                    "`\(command)` (\(program)) is \(isDir.boolValue ? "a directory" : "not executable")",
                    fix: isDir.boolValue
                        ? "Name the program inside it, e.g. its `.venv/bin/<entry point>`."
                        : "Make it executable (`chmod +x \(program)`) or run it through its interpreter.")
            ])
        }
        return .ready(LaunchPlan(argv: [program] + args, command: command, cwd: cwd, environment: env, searchPath: searchPath))
    }

    /// Clients pass strings; numbers and booleans reach the server as their JSON text.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return JSONWriter.encode(value)
        }
    }

    /// How the OS finds the program: a path with a slash is relative to the server's working directory.
    func resolve(_ command: String, cwd: String, path: String) -> String? {
        if command.contains("/") {
            let full = command.hasPrefix("/") ? command : (cwd as NSString).appendingPathComponent(command)
            return FileManager.default.fileExists(atPath: full) ? (full as NSString).standardizingPath : nil
        }
        return Executables.which(command, path: path)
    }

    func notFound(_ command: String, client: MCPClient, searchPath: String, home: String) -> Diagnosis {
        let program = ClientPrograms.name(command)
        let cause: Diagnosis.Cause =
            ["uv", "uvx"].contains(program)
            ? .uvNotFound : (["npx", "node", "npm"].contains(program) ? .npxNotFound : .commandNotFound)
        if command.contains("/") {
            return Diagnosis(
                command.hasPrefix("/") ? cause : .relativePath, .fail, "`\(command)` does not exist",
                details: command.hasPrefix("/") ? [] : ["relative paths resolve against the server's working directory"],
                fix: "Use the absolute path of the program (`which \(program)` prints it).")
        }
        let elsewhere = ClientPrograms.locate(program, shellPATH: environment["PATH"], home: home)
        var details = ["\(client.displayName) searched PATH=\(searchPath)"]
        var fix: String
        if let elsewhere {
            details.append(
                "found at \(elsewhere)\(client.usesDesktopPATH ? " on your shell's PATH, which \(client.displayName) does not see" : "")"
            )
            fix = "Use the absolute path: `\"command\": \"\(elsewhere)\"`."
        } else {
            switch cause {
            case .uvNotFound:
                fix =
                    "Install uv (https://docs.astral.sh/uv/getting-started/installation/), then use the absolute path `which uv` prints."
            case .npxNotFound: fix = "Install Node.js (npx comes with it), then use the absolute path `which npx` prints."
            default: fix = "Install `\(program)` or use the absolute path of the program."
            }
        }
        let place = client.usesDesktopPATH ? "on \(client.displayName)'s PATH" : "on PATH"
        return Diagnosis(cause, .fail, "`\(command)` is not \(place)", details: details, fix: fix, check: "client.command-exists")
    }

    /// VS Code's `envFile`: `NAME=value` lines (comments and `export` allowed).
    func readEnvFile(_ path: String?, relativeTo base: String) -> [(String, String)] {
        guard let path else { return [] }
        let full = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        guard let text = try? String(contentsOfFile: full, encoding: .utf8) else { return [] }
        return DotEnvFile(path: full, text: text).entries.map { ($0.key, $0.value) }
    }
}

/// Program names and where installers put them.
enum ClientPrograms {
    /// `/usr/bin/uv.exe` → `uv`.
    static func name(_ command: String) -> String {
        var name = (command.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? command).lowercased()
        for ext in [".exe", ".cmd", ".bat"] where name.hasSuffix(ext) { name.removeLast(ext.count) }
        return name
    }

    /// The program on the shell's PATH or in the folders installers use (uv, pipx, cargo, Homebrew, nvm, volta, bun).
    static func locate(_ program: String, shellPATH: String?, home: String) -> String? {
        if let found = Executables.which(program, path: shellPATH) { return found }
        var dirs = [
            home + "/.local/bin", home + "/.cargo/bin", "/opt/homebrew/bin", "/usr/local/bin", home + "/.volta/bin",
            home + "/.bun/bin", home + "/.pyenv/shims",
        ]
        let nvm = home + "/.nvm/versions/node"
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: nvm) {
            dirs += versions.sorted().reversed().map { "\(nvm)/\($0)/bin" }
        }
        return Executables.which(program, path: dirs.joined(separator: ":"))
    }
}
