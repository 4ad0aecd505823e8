import ArgumentParser
import Foundation
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

    func run() async throws {
        let started = Date()
        let clock = ContinuousClock.now
        let outputs = try OutputPlan.make(formats: format, outputs: output)
        var config = try ConfigLoader.load(explicit: config, projectPath: path)
        for raw in disable {
            let id = CheckID(raw)
            guard CheckCatalog.ids.contains(id) else { throw UsageError("--disable: unknown check id '\(raw)'") }
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
        let results = StaticAuditor().run(project, config: config)
        let report = Report(
            toolVersion: PreflightVersion.current, target: Target(project: path), startedAt: Timestamps.iso8601(started),
            durationMs: Int((ContinuousClock.now - clock) / .milliseconds(1)), checks: results, config: config)
        let secrets = SecretLedger.collect(project: project)
        let color = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true && isatty(1) == 1
        try outputs.write(report, color: color, secrets: secrets)
        if !report.passed { throw ExitCode(1) }
    }
}
