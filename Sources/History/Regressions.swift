import Load
import PreflightCore

/// The baseline a run is judged against, as the run was asked for it.
public enum Baseline: Sendable {
    /// No `--baseline`.
    case notRequested
    /// Asked for, but there is nothing to compare with: why.
    case unavailable(String)
    case run(RunDigest)
}

/// A p95 or p99 worse than the baseline's by more than the thresholds allow.
public struct LatencyRegression: Sendable, Equatable, Codable {
    public var tool: String
    /// `p95` or `p99`.
    public var metric: String
    public var baselineMs: Double
    public var currentMs: Double

    public var changePercent: Double { baselineMs > 0 ? (currentMs / baselineMs - 1) * 100 : 100 }

    public var message: String {
        "tool `\(tool)`: \(metric) \(Regressions.ms(currentMs)) ms, was \(Regressions.ms(baselineMs)) ms (+\(Int(changePercent.rounded()))%)"
    }
}

/// Something that passed in the baseline and does not now.
public struct StatusRegression: Sendable, Equatable, Codable {
    public var id: String
    public var was: Status
    public var now: Status
}

/// The comparisons behind `perf.regression`, `checks.regression` and `load --baseline`: one
/// definition, so that both commands judge alike.
public enum Regressions {
    public struct LatencyComparison: Sendable, Equatable {
        public var regressions: [LatencyRegression] = []
        /// Tools compared (their p95, and their p99 when enough calls were made).
        public var compared: [String] = []
        /// Percentiles of compared tools left out for want of calls.
        public var tooFewCalls: [(tool: String, reason: String)] = []
        /// Tools measured now but not comparable, with why.
        public var notCompared: [(tool: String, reason: String)] = []

        public static func == (a: Self, b: Self) -> Bool {
            func text(_ list: [(tool: String, reason: String)]) -> [String] { list.map { "\($0.tool)\u{0}\($0.reason)" } }
            return a.regressions == b.regressions && a.compared == b.compared && text(a.notCompared) == text(b.notCompared)
                && text(a.tooFewCalls) == text(b.tooFewCalls)
        }
    }

    /// Per tool measured in both runs under the same load: p95 and p99 against the baseline's.
    public static func latency(current: RunDigest, baseline: RunDigest, thresholds: Thresholds) -> LatencyComparison {
        var out = LatencyComparison()
        for tool in current.latency.keys.sorted() {
            guard let now = current.latency[tool] else { continue }
            guard let then = baseline.latency[tool] else {
                out.notCompared.append((tool, "not measured in \(baseline.name)"))
                continue
            }
            guard now.load == then.load else {
                out.notCompared.append((tool, "measured under another load (\(now.load); \(baseline.name): \(then.load))"))
                continue
            }
            let calls = min(now.calls, then.calls)
            guard calls >= minimumCalls(95) else {
                out.notCompared.append((tool, "too few calls for a p95 (\(calls); it needs \(minimumCalls(95)) in both runs)"))
                continue
            }
            out.compared.append(tool)
            for (q, a, b) in [(95.0, then.p95Ms, now.p95Ms), (99.0, then.p99Ms, now.p99Ms)] {
                let metric = "p\(Int(q))"
                guard calls >= minimumCalls(q) else {
                    out.tooFewCalls.append((tool, "\(metric) needs \(minimumCalls(q)) calls in both runs, had \(calls)"))
                    continue
                }
                if worse(b, than: a, thresholds) {
                    out.regressions.append(LatencyRegression(tool: tool, metric: metric, baselineMs: a, currentMs: b))
                }
            }
        }
        return out
    }

    /// A percentile is compared only when at least 5 calls of each run lie beyond it: the p99 of
    /// 100 calls is their second slowest, and moves with any hiccup of the machine.
    public static func minimumCalls(_ percentile: Double) -> Int {
        Int((5 / (1 - percentile / 100)).rounded())
    }

    /// Worse by more than `regression-percent` and by at least `regression-min-ms`.
    static func worse(_ now: Double, than then: Double, _ t: Thresholds) -> Bool {
        now - then >= t.regressionMinMs && now > then * (1 + t.regressionPercent / 100)
    }

    /// Every id that passed in the baseline and now fails or warns; `ignoring` leaves out the
    /// regression checks themselves.
    public static func statuses(current: RunDigest, baseline: RunDigest, ignoring: Set<String> = []) -> [StatusRegression] {
        current.statuses.keys.sorted().compactMap { id in
            guard !ignoring.contains(id), baseline.statuses[id] == .pass, let now = current.statuses[id],
                now == .fail || now == .warn
            else { return nil }
            return StatusRegression(id: id, was: .pass, now: now)
        }
    }

    static func ms(_ v: Double) -> String {
        v >= 100 ? String(Int(v.rounded())) : String((v * 100).rounded() / 100)
    }
}

extension Regressions {
    /// `load --baseline`: the comparison for the report; nil without `--baseline`.
    public static func load(current: RunDigest, baseline: Baseline, thresholds: Thresholds) -> LoadBaseline? {
        switch baseline {
        case .notRequested: return nil
        case .unavailable(let why): return LoadBaseline(runId: nil, startedAt: nil, skipped: why)
        case .run(let base):
            let c = latency(current: current, baseline: base, thresholds: thresholds)
            let commonThresholds = current.statuses.keys.filter { base.statuses[$0] != nil }
            var out = LoadBaseline(
                runId: base.runID, startedAt: base.startedAt,
                compared: c.compared,
                notCompared: (c.notCompared + c.tooFewCalls).map { LoadBaseline.NotCompared(tool: $0.tool, reason: $0.reason) },
                latency: c.regressions.map {
                    LoadBaseline.LatencyChange(
                        tool: $0.tool, metric: $0.metric, baselineMs: $0.baselineMs, currentMs: $0.currentMs,
                        changePercent: ($0.changePercent * 10).rounded() / 10)
                },
                thresholds: statuses(current: current, baseline: base).map(\.id))
            if c.compared.isEmpty && commonThresholds.isEmpty {
                out.skipped = "nothing in common with \(base.name): no tool measured under the same load, no same threshold"
            }
            return out
        }
    }
}
