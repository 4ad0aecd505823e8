import ArgumentParser
import Foundation
import PreflightCore
import PreflightKit

/// The options that shape an audit, shared by `check` and `checklist`.
struct AuditOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: preflight.toml in the project, when present).")
    var config: String?

    @Option(
        name: .customLong("client-config"),
        help: "An MCP client config file to audit as well (claude_desktop_config.json, mcp.json). Repeatable.")
    var clientConfig: [String] = []

    @Option(name: .long, help: "Fails of this severity or worse fail the run.")
    var failureThreshold: Severity?

    @Option(name: .long, help: "Disable a check by id. Repeatable.")
    var disable: [String] = []

    @Option(name: .long, help: "The Python interpreter that parses the project's source (default: one the project allows).")
    var python: String?

    @Option(
        name: .long,
        help:
            "Run this server command (shell-like quoting) and audit it live: over stdio, or with --url over HTTP. Or give argv after `--`."
    )
    var server: String?

    @Option(
        name: .long,
        help:
            "Audit the MCP server at this URL over HTTP (Streamable HTTP or HTTP+SSE). With --server, start it first and stop it after."
    )
    var url: String?

    @Option(name: .long, help: "`Name: value` header for every HTTP request (a credential: never printed or stored). Repeatable.")
    var header: [String] = []

    @Option(name: .customLong("bearer-env"), help: "Send `Authorization: Bearer` with the value of this environment variable.")
    var bearerEnv: String?

    @Flag(
        name: .customLong("probe-rate-limit"),
        help: "Send a bounded burst to check rate limiting even without [http] expected-rate-per-second.")
    var probeRateLimit = false

    @Option(name: .long, help: "Working directory of the server (default: the project folder).")
    var cwd: String?

    @Option(name: .long, help: "NAME=VALUE for the server's environment. Repeatable.")
    var env: [String] = []

    @Option(name: .long, help: "Deadline of the whole live audit, in seconds.")
    var timeout: Double = 120

    @Option(name: .long, help: "Write every frame both ways as JSONL (secrets redacted).")
    var transcript: String?

    @Option(name: .customLong("allow-tool"), help: "Allow calling this tool although it is not annotated read-only. Repeatable.")
    var allowTool: [String] = []

    @Flag(name: .customLong("allow-all-tools"), help: "Allow calling every tool, including ones that may change the world.")
    var allowAllTools = false

    @Option(
        name: .customLong("require-env"),
        help: "A variable the server requires (checked by env.validated-on-startup). Repeatable.")
    var requireEnv: [String] = []

    @Flag(
        name: .customLong("run-tools"),
        help: "Also run the project's own tools (pytest, ruff, mypy, uv lock --check, pip-audit, hadolint, docker build).")
    var runTools = false

    @Argument(parsing: .postTerminator, help: "The server's argv, after `--` (instead of --server).")
    var serverArgv: [String] = []

    /// The server argv from `--server "cmd args"` or from everything after `--`.
    func serverCommand() throws -> [String]? {
        if let server {
            guard serverArgv.isEmpty else { throw UsageError("give the server either with --server or after --, not both") }
            let argv = ServerCommand.words(server)
            guard !argv.isEmpty else { throw UsageError("--server needs a command") }
            return argv
        }
        return serverArgv.isEmpty ? nil : serverArgv
    }

    /// The typed request for `path` (nil: the current folder, unless a server alone is audited).
    func request(path: String?) throws -> AuditRequest {
        let argv = try serverCommand()
        guard timeout > 0 else { throw UsageError("--timeout must be positive") }
        if url == nil, !header.isEmpty || bearerEnv != nil || probeRateLimit {
            throw UsageError("--header, --bearer-env and --probe-rate-limit go with --url")
        }
        // No folder and a server: the server alone is audited.
        let project = path ?? (argv == nil && url == nil ? "." : nil)
        // Checked before anything is written there: a mistyped path is an error, not an empty project
        // that fails nine checks and gets a `.preflight` history folder.
        if let project {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: project, isDirectory: &isDirectory) else {
                throw UsageError("\(project): no such file or directory")
            }
            guard isDirectory.boolValue else { throw UsageError("\(project): not a directory") }
        }
        var config = try ConfigLoader.load(explicit: self.config, projectPath: project)
        for raw in disable {
            let id = CheckID(raw)
            guard Catalog.ids.contains(id) else {
                throw UsageError("--disable: unknown check id '\(raw)'\(Spelling.hint(raw, Catalog.ids.map(\.rawValue)))")
            }
            config.disabled.insert(id)
        }
        if let failureThreshold { config.failureThreshold = failureThreshold }
        for file in clientConfig where !FileManager.default.isReadableFile(atPath: file) {
            throw UsageError("--client-config \(file): cannot read the file")
        }
        var request = AuditRequest(project: project, config: config)
        if let argv { request.server = ServerCommand(argv: argv, cwd: cwd, environment: try ServerCommand.environment(env)) }
        if let url {
            request.http = HTTPEndpoint(url: url, headers: header, bearerEnv: bearerEnv, probeRateLimit: probeRateLimit)
        }
        request.runTools = runTools
        request.python = python
        request.clientConfigs = clientConfig
        request.live.timeout = .milliseconds(Int(timeout * 1000))
        request.live.recordTranscript = transcript != nil
        request.live.allowedTools = allowTool
        request.live.allowAllTools = allowAllTools
        request.live.requiredEnv = requireEnv
        return request
    }

    /// Runs the audit with the progress line, and writes the transcript when asked.
    func audit(_ request: AuditRequest) async throws -> AuditOutcome {
        let run = Engine().start(request)
        let progress = Task { await Progress.show(run.events) }
        let outcome = try await run.outcome()
        await progress.value
        if let transcript, let text = outcome.transcript { try Output.write(text, to: transcript) }
        return outcome
    }
}
