import ArgumentParser
import Foundation
import PreflightCore
import PreflightKit
import Reporters

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Audit an MCP server project and report its production readiness.")

    @Argument(help: "The project folder (default: the current folder; none with --server means a live-only audit).")
    var path: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var audit: AuditOptions

    @OptionGroup var history: HistoryOptions

    @Flag(name: .customLong("live-only"), help: "Report only the live checks (the project is still read for context).")
    var liveOnly = false

    func run() async throws {
        let plan = try output.plan()
        var request = try audit.request(path: path)
        if liveOnly && request.server == nil && request.http == nil {
            throw UsageError("--live-only needs a server (--server, -- CMD or --url)")
        }
        request.liveOnly = liveOnly
        request.history = try history.settings(project: request.project)
        request.history?.readTrends = plan.targets.contains { $0.format == .html }
        let outcome = try await audit.audit(request)
        if let warning = outcome.history?.warning { HistoryOptions.warn(warning) }
        try plan.write(outcome.report, charts: ReportCharts.check(outcome.report, trends: outcome.history?.trends))
        if !outcome.report.passed { throw ExitCode(1) }
    }
}
