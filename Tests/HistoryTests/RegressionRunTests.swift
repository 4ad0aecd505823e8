import Foundation
import Load
import PreflightCore
import PreflightKit
import Testing

@testable import History

/// Two real runs recorded in a real file: the second judged against the first.
@Suite struct RegressionRunTests {
    static func project(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regress-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    static func check(_ dir: URL, store: SQLiteHistoryStore, baseline: BaselineChoice?) async throws -> AuditOutcome {
        var request = AuditRequest(project: dir.path)
        request.history = HistorySettings(store: store, baseline: baseline)
        return try await Engine().audit(request)
    }

    @Test func aCheckThatPassedAndNowFailsIsARegression() async throws {
        let dir = try Self.project([
            "README.md": "# Weather\n\n## Installation\n\n```bash\nuv sync\n```\n", "pyproject.toml": "[project]\nname = \"w\"\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try HistoryLocation.open(HistoryLocation.defaultPath(project: dir.path))

        let first = try await Self.check(dir, store: store, baseline: .last)
        let skipped = try #require(first.report.checks.first { $0.id == "checks.regression" })
        #expect(skipped.status == .skip)
        #expect(skipped.message.contains("no earlier check run"))
        #expect(first.report.checks.first { $0.id == "docs.readme-setup" }?.status == .pass)
        let firstID = try #require(first.history?.runID)

        try Data("# Weather\n\nA server.\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        let second = try await Self.check(dir, store: store, baseline: .last)
        let regression = try #require(second.report.checks.first { $0.id == "checks.regression" })
        #expect(regression.status == .fail)
        #expect(regression.findings.contains { $0.message.contains("`docs.readme-setup` passed in run \(firstID)") })
        #expect(second.report.failingIDs.contains("checks.regression"))
        // The static audit measured no latency: perf.regression says so rather than passing.
        #expect(second.report.checks.first { $0.id == "perf.regression" }?.status == .skip)

        let runs = try await store.runs(RunQuery())
        #expect(runs.count == 2)
        #expect(runs.first?.baselineRunID == firstID)
        #expect(runs.first?.checks.first { $0.id == "checks.regression" }?.status == .fail)
        #expect(second.history?.trends?.runs.count == 2)

        // Against itself (the run just recorded), nothing regressed.
        let third = try await Self.check(dir, store: store, baseline: .last)
        #expect(third.report.checks.first { $0.id == "checks.regression" }?.status == .pass)
    }

    @Test func aBaselineThatIsNotInTheHistoryIsAUsageError() async throws {
        let dir = try Self.project(["README.md": "# x\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try HistoryLocation.open(dir.appendingPathComponent("h.sqlite").path)
        await #expect(throws: AuditError.self) { _ = try await Self.check(dir, store: store, baseline: .run(42)) }
        #expect(try await store.runs(RunQuery()).isEmpty)
    }

    @Test func withoutHistoryTheRegressionChecksSkipAndNothingIsWritten() async throws {
        let dir = try Self.project(["README.md": "# x\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try await Engine().audit(AuditRequest(project: dir.path))
        #expect(outcome.history == nil)
        for id in ["checks.regression", "perf.regression"] {
            #expect(outcome.report.checks.first { $0.id == CheckID(id) }?.status == .skip)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".preflight").path))
    }

    /// Load runs against a server answering every call after 1 ms, then after 40 ms: 100 calls, so
    /// that the p95 is compared (the p99 would need 500).
    @Test func aSlowerLoadRegressesAgainstTheBaseline() async throws {
        let dir = try Self.project([:])
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try HistoryLocation.open(dir.appendingPathComponent("h.sqlite").path)
        func load(_ delayMs: Int, baseline: BaselineChoice?) async throws -> LoadOutcome {
            var shape = LoadShape(pace: .closed(concurrency: 1), stop: .requests(100))
            shape.timeout = .seconds(30)
            var request = LoadRequest(
                server: ServerCommand(argv: Fixture.loadServer(["--delays", "\(delayMs):1"])), tools: [ToolLoad(name: "work")],
                shape: shape)
            // Generous limits: this test is about the baseline, not the checklist's figures.
            request.thresholds = [try LoadThreshold.parse("p(95)<20000")]
            request.history = HistorySettings(store: store, baseline: baseline)
            return try await LoadEngine().run(request)
        }
        let fast = try await load(1, baseline: .last)
        #expect(fast.report.baseline?.skipped?.contains("no earlier load run") == true)
        #expect(fast.report.passed)
        let fastID = try #require(fast.history?.runID)

        let slow = try await load(40, baseline: .last)
        let comparison = try #require(slow.report.baseline)
        #expect(comparison.runId == fastID)
        #expect(comparison.compared == ["work"])
        #expect(comparison.latency.map(\.metric) == ["p95"])
        #expect(comparison.notCompared.map(\.reason) == ["p99 needs 500 calls in both runs, had 100"])
        #expect(comparison.latency.allSatisfy { $0.currentMs > $0.baselineMs * 1.2 })
        #expect(!slow.report.passed)
        #expect(LoadTextRenderer.render(slow.report).contains("regression"))

        // Faster than its baseline never regresses, however busy the machine.
        let again = try await load(1, baseline: .run(try #require(slow.history?.runID)))
        #expect(again.report.baseline?.latency.isEmpty == true)
        #expect(again.report.passed)

        let stored = try await store.runs(RunQuery(kind: .load))
        #expect(stored.count == 3)
        #expect(try LoadReport.decode(Data(try #require(stored.dropFirst().first).reportJSON.utf8)).baseline?.runId == fastID)
        #expect(stored.first?.tools.first?.load == "closed loop, 1 in flight, 1 instance")
    }
}

enum Fixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var python: String {
        let venv = repoRoot.appendingPathComponent(".test-env/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    static func loadServer(_ options: [String]) -> [String] {
        [python, "-u", repoRoot.appendingPathComponent("Tests/Fixtures/servers/load_server.py").path] + options
    }
}
