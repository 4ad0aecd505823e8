import ArgumentParser
import Foundation
import History
import PreflightCore
import PreflightKit
import Reporters

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List recorded runs, each check's status over them and each tool's p95/p99 over them.")

    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json }

    @Option(
        name: .long,
        help: "The history database (default: .preflight/history.sqlite in the current folder, or $PREFLIGHT_HISTORY).")
    var history: String?

    @Option(name: .long, help: "The newest runs to show.")
    var limit = 20

    @Option(name: .long, help: "Only runs of this kind: check or load.")
    var kind: String?

    @Option(name: .long, help: "Show this check's status in every run, changed or not.")
    var check: String?

    @Option(name: .long, help: "Show only this tool's latency.")
    var tool: String?

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    func run() async throws {
        guard limit >= 1 else { throw UsageError("--limit must be at least 1") }
        let runKind = try kind.map { text in
            guard let k = RunKind(rawValue: text) else { throw UsageError("--kind takes check or load, got '\(text)'") }
            return k
        }
        if let check, !Catalog.ids.contains(CheckID(check)) {
            throw UsageError("--check: unknown check id '\(check)'\(Spelling.hint(check, Catalog.ids.map(\.rawValue)))")
        }
        let (resolved, _) = try HistoryOptions.path(history, project: nil, needed: false)
        guard let path = resolved else { throw UsageError("no history: \(HistoryLocation.environmentVariable) turns it off") }
        let trends: HistoryTrends
        // Reading never creates a database where there is none.
        if FileManager.default.fileExists(atPath: path) {
            do {
                let store = try SQLiteHistoryStore(path: path)
                trends = try await HistoryTrends.read(from: store, kind: runKind, limit: limit, check: check, tool: tool)
            } catch {
                throw UsageError("history: \(error)")
            }
        } else {
            trends = HistoryTrends(location: path, runs: [], checks: [], tools: [])
        }
        let rendered = format == .json ? HistoryRenderer.json(trends) : HistoryRenderer.text(trends, onlyCheck: check)
        FileHandle.standardOutput.write(Data(rendered.utf8))
    }
}
