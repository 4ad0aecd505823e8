import Foundation
import Load
import MCPWire
import PreflightCore
import Processes

/// `Tests/Fixtures/servers/load_server.py` and ways to load it.
enum LoadFixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = repoRoot.appendingPathComponent("Tests/Fixtures/servers/load_server.py").path

    static var python: String {
        let venv = repoRoot.appendingPathComponent(".test-env/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    static func argv(_ options: [String] = []) -> [String] { [python, "-u", script] + options }

    static func transport(_ options: [String] = []) -> StdioLoadTransport {
        StdioLoadTransport(
            launch: ChildLaunch(argv: argv(options), environment: ProcessInfo.processInfo.environment),
            protocolVersion: "2025-11-25")
    }

    /// Calls `work` with `{"n": 1}`.
    static let work: LoadRunner.Chooser = { facts in
        facts.tool(named: "work") == nil
            ? .failure(LoadFailure("no work tool")) : .success([.tool("work", arguments: .object([("n", .int(1))]))])
    }

    static func shape(_ pace: LoadShape.Pace, _ stop: LoadShape.Stop) -> LoadShape {
        var s = LoadShape(pace: pace, stop: stop)
        // Generous: a loaded CI machine must not turn slow answers into timeouts.
        s.timeout = .seconds(30)
        s.sampleInterval = .milliseconds(100)
        return s
    }

    static func run(_ options: [String], _ shape: LoadShape) async throws -> LoadResult {
        try await LoadRunner.run(transport(options), shape: shape, choose: work)
    }

    static func report(_ result: LoadResult, _ shape: LoadShape, thresholds: [LoadThreshold] = LoadThreshold.defaults())
        -> LoadReport
    {
        LoadReport(
            result,
            context: LoadReport.Context(
                preflightVersion: "test", startedAt: "2026-01-01T00:00:00Z",
                target: LoadTargetInfo(transport: "stdio", command: ["load_server.py"], url: nil), shape: shape,
                thresholds: thresholds))
    }

    /// Nearest-rank percentile of raw values: the smallest value with at least p% of values at or below it.
    static func exactPercentile(_ sorted: [UInt64], _ p: Double) -> UInt64 {
        let rank = max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[min(sorted.count, rank) - 1]
    }
}
