import PreflightCore
import Testing

@testable import History

/// Each history check's own examples run as its tests, and the skips say why.
@Suite struct HistoryCheckExamplesTests {
    static let ids = HistoryRegistry.all.map { $0.description.id.rawValue }

    static func check(_ id: String) -> (any HistoryCheck.Type)? {
        HistoryRegistry.all.first { $0.description.id.rawValue == id }
    }

    static func evaluate(_ type: any HistoryCheck.Type, _ example: Example) throws -> CheckResult {
        let runs = try #require(example.runs)
        let config =
            try example.config.map { try PreflightConfig.parse($0, source: "example", knownChecks: []) } ?? PreflightConfig()
        let baseline: Baseline = runs.baseline.map { .run($0) } ?? .unavailable("no earlier run")
        return ResultAssembler(config: config, suppressions: []).assemble(
            type.description, type.init().run(current: runs.current, baseline: baseline, config: config))
    }

    @Test("examples", arguments: ids)
    func examples(_ id: String) throws {
        let type = try #require(Self.check(id))
        let d = type.description
        #expect(!d.failing.isEmpty && !d.passing.isEmpty && !d.rationale.isEmpty && !d.remediation.isEmpty)
        #expect(d.rationale.contains("Maintenance"), "cites the checklist's Maintenance section")
        for (i, example) in d.failing.enumerated() {
            let r = try Self.evaluate(type, example)
            #expect(
                [.fail, .warn].contains(r.status),
                "\(id) failing example \(i) (\(example.note ?? "")) gave \(r.status): \(r.message)")
            #expect(!r.findings.isEmpty)
        }
        for (i, example) in d.passing.enumerated() {
            let r = try Self.evaluate(type, example)
            #expect(r.status == .pass, "\(id) passing example \(i) (\(example.note ?? "")) gave \(r.status): \(r.message)")
        }
    }

    @Test("skips say why", arguments: ids)
    func skips(_ id: String) throws {
        let type = try #require(Self.check(id))
        let current = RunDigest(statuses: ["docs.readme-setup": .pass])
        let config = PreflightConfig()
        let none = type.init().run(current: current, baseline: .notRequested, config: config)
        #expect(none.status == .skip)
        #expect(none.message.contains("--baseline"))
        let missing = type.init().run(current: current, baseline: .unavailable("no earlier check run in x"), config: config)
        #expect(missing.status == .skip && missing.message == "no earlier check run in x")
    }

    @Test func latencyIsComparedOnlyUnderTheSameLoad() throws {
        let base = RunDigest(
            runID: 4, startedAt: "t", latency: ["a": ToolLatency(p95Ms: 1, p99Ms: 2, calls: 10, load: "1 in flight")])
        let now = RunDigest(latency: ["a": ToolLatency(p95Ms: 50, p99Ms: 90, calls: 10, load: "4 in flight")])
        let out = LatencyRegressionCheck().run(current: now, baseline: .run(base), config: PreflightConfig())
        #expect(out.status == .skip)
        #expect(out.message.contains("another load"))
    }

    @Test func thresholdsAreConfigurable() throws {
        var config = PreflightConfig()
        config.thresholds.regressionPercent = 100
        config.thresholds.regressionMinMs = 0
        let base = RunDigest(runID: 1, latency: ["a": ToolLatency(p95Ms: 0.2, p99Ms: 0.3, calls: 1000, load: "x")])
        let slower = RunDigest(latency: ["a": ToolLatency(p95Ms: 0.3, p99Ms: 0.7, calls: 1000, load: "x")])
        let c = Regressions.latency(current: slower, baseline: base, thresholds: config.thresholds)
        #expect(c.regressions.map(\.metric) == ["p99"])
        #expect(c.regressions.first.map { Int($0.changePercent.rounded()) } == 133)
    }

    /// At least 5 calls beyond a percentile in both runs: 100 for a p95, 500 for a p99.
    @Test func percentilesNeedEnoughCalls() {
        #expect(Regressions.minimumCalls(95) == 100 && Regressions.minimumCalls(99) == 500)
        func digest(_ id: Int64?, _ p95: Double, _ p99: Double, calls: Int) -> RunDigest {
            RunDigest(runID: id, latency: ["a": ToolLatency(p95Ms: p95, p99Ms: p99, calls: calls, load: "x")])
        }
        let t = Thresholds()
        let hundred = Regressions.latency(
            current: digest(nil, 50, 90, calls: 100), baseline: digest(1, 5, 9, calls: 400), thresholds: t)
        #expect(hundred.regressions.map(\.metric) == ["p95"])
        #expect(hundred.tooFewCalls.map(\.reason) == ["p99 needs 500 calls in both runs, had 100"])
        let few = Regressions.latency(
            current: digest(nil, 50, 90, calls: 99), baseline: digest(1, 5, 9, calls: 1000), thresholds: t)
        #expect(few.compared.isEmpty && few.regressions.isEmpty)
        #expect(few.notCompared.first?.reason.contains("too few calls") == true)
        let out = LatencyRegressionCheck().run(
            current: digest(nil, 50, 90, calls: 99), baseline: .run(digest(1, 5, 9, calls: 1000)), config: PreflightConfig())
        #expect(out.status == .skip && out.message.contains("too few calls"))
    }

    @Test func theRegressionChecksThemselvesAreNotCompared() {
        let base = RunDigest(runID: 1, statuses: ["perf.regression": .pass, "checks.regression": .pass, "a.b": .pass])
        let now = RunDigest(statuses: ["perf.regression": .fail, "checks.regression": .fail, "a.b": .pass])
        let out = CheckRegressionCheck().run(current: now, baseline: .run(base), config: PreflightConfig())
        #expect(out.status == .pass)
    }
}
