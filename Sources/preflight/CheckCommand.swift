import ArgumentParser
import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import ProjectAudit
import Reporters

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Audit an MCP server project and report its production readiness.")

    @Argument(help: "The project folder.")
    var path: String = "."

    @Option(
        name: .long, help: "Output format: text, json, sarif, junit, markdown. Repeat for several; pairs with --output in order.")
    var format: [String] = []

    @Option(name: .long, help: "Write the matching --format to this file instead of stdout. Repeatable.")
    var output: [String] = []

    @Option(name: .long, help: "Configuration file (default: preflight.toml in the project, when present).")
    var config: String?

    @Option(
        name: .customLong("client-config"),
        help: "An MCP client config file to audit as well (claude_desktop_config.json, mcp.json). Repeatable.")
    var clientConfig: [String] = []

    @Option(name: .long, help: "Only report results at or above this severity as failing the run: info, warning, error.")
    var failureThreshold: String?

    @Option(name: .long, help: "Disable a check by id. Repeatable.")
    var disable: [String] = []

    @Option(name: .long, help: "The Python interpreter used to parse Python source (default: python3 on PATH).")
    var python: String?

    @Flag(name: .long, help: "No colour in text output (NO_COLOR is honoured too).")
    var noColor = false

    @Flag(name: .shortAndLong, help: "Show details of passing checks too.")
    var verbose = false

    @Option(name: .long, help: "Run this stdio server command (shell-like quoting) and audit it live. Or give argv after `--`.")
    var server: String?

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

    func run() async throws {
        let started = Date()
        let clock = ContinuousClock.now
        let outputs = try OutputPlan.make(formats: format, outputs: output)
        var config = try ConfigLoader.load(explicit: config, projectPath: path)
        for raw in disable {
            let id = CheckID(raw)
            guard FullCatalog.ids.contains(id) else { throw UsageError("--disable: unknown check id '\(raw)'") }
            config.disabled.insert(id)
        }
        if let raw = failureThreshold {
            guard let severity = Severity(rawValue: raw) else {
                throw UsageError("--failure-threshold must be info, warning or error")
            }
            config.failureThreshold = severity
        }
        for file in clientConfig where !FileManager.default.isReadableFile(atPath: file) {
            throw UsageError("--client-config \(file): cannot read the file")
        }
        let loader = ProjectLoader(python: python, extraClientConfigs: clientConfig)
        let project: Project
        do {
            project = try await loader.load(path)
        } catch {
            throw UsageError(error.description)
        }
        var results = StaticAuditor().run(project, config: config)
        let runResults = await RunWiring.run(project, config: config, enabled: runTools, results: &results)
        results += runResults
        var target = Target(project: path)
        var metrics: [(String, JSONValue)] = []
        var secrets = SecretLedger.collect(project: project)
        if let argv = try serverCommand() {
            guard timeout > 0 else { throw UsageError("--timeout must be positive") }
            var options = try LiveWiring.options(
                argv: argv, cwd: cwd ?? path, env: env, timeout: timeout, allowTools: allowTool, allowAll: allowAllTools,
                requireEnv: requireEnv, config: config, project: project)
            let recording = transcript.map { _ in Transcript() }
            options.transcript = recording
            if isatty(2) == 1 { options.progress = Progress.line }
            LiveWiring.installSignalHandlers()
            let facts = await LiveProbe.run(options)
            Progress.clear()
            results += LiveAuditor().run(
                facts, context: LiveContext(config: config, project: project), suppressions: project.suppressions)
            target = Target(project: path, transport: .stdio, command: argv)
            metrics = LiveWiring.metrics(facts, config: config)
            // What running this server cost Preflight itself: the bound that docs/robustness.md promises.
            if let peak = ProcessInspector.peakRSSBytes() { metrics.append(("preflightPeakRssBytes", .int(peak))) }
            for pair in env {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2, SecretNames.looksSecret(parts[0]) { secrets.insert(parts[1]) }
            }
            if let transcript, let recording {
                do {
                    try Data(recording.jsonl(secrets: secrets).utf8).write(to: URL(fileURLWithPath: transcript))
                } catch {
                    throw UsageError("cannot write \(transcript): \(error.localizedDescription)")
                }
            }
        }
        let report = Report(
            toolVersion: PreflightVersion.current, target: target, startedAt: Timestamps.iso8601(started),
            durationMs: Int((ContinuousClock.now - clock) / .milliseconds(1)), checks: results, metrics: metrics, config: config)
        let color = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true && isatty(1) == 1
        try outputs.write(report, color: color, secrets: secrets)
        if !report.passed { throw ExitCode(1) }
    }

    /// The server argv from `--server "cmd args"` or from everything after `--`.
    func serverCommand() throws -> [String]? {
        if let server {
            guard serverArgv.isEmpty else { throw UsageError("give the server either with --server or after --, not both") }
            let argv = KeyValueArguments.shellWords(server)
            guard !argv.isEmpty else { throw UsageError("--server needs a command") }
            return argv
        }
        return serverArgv.isEmpty ? nil : serverArgv
    }
}
