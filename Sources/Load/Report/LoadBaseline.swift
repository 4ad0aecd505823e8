/// `preflight load --baseline`: this run against a recorded one. Regressions fail the run.
public struct LoadBaseline: Sendable, Codable, Equatable {
    /// The run compared with; absent when there was none.
    public var runId: Int64?
    public var startedAt: String?
    /// Why nothing was compared (no earlier load run in the history, no tool in common).
    public var skipped: String?
    /// Tools whose p95 and p99 were compared.
    public var compared: [String]
    /// Tools not compared, with why (not measured then, measured under another load).
    public var notCompared: [NotCompared]
    /// p95 or p99 worse than the baseline's beyond `[thresholds] regression-percent` and `regression-min-ms`.
    public var latency: [LatencyChange]
    /// Threshold expressions that held in the baseline and fail now.
    public var thresholds: [String]

    public struct NotCompared: Sendable, Codable, Equatable {
        public var tool: String
        public var reason: String

        public init(tool: String, reason: String) {
            self.tool = tool
            self.reason = reason
        }
    }

    public struct LatencyChange: Sendable, Codable, Equatable {
        public var tool: String
        /// `p95` or `p99`.
        public var metric: String
        public var baselineMs: Double
        public var currentMs: Double
        public var changePercent: Double

        public init(tool: String, metric: String, baselineMs: Double, currentMs: Double, changePercent: Double) {
            self.tool = tool
            self.metric = metric
            self.baselineMs = baselineMs
            self.currentMs = currentMs
            self.changePercent = changePercent
        }
    }

    public init(
        runId: Int64?, startedAt: String?, skipped: String? = nil, compared: [String] = [], notCompared: [NotCompared] = [],
        latency: [LatencyChange] = [], thresholds: [String] = []
    ) {
        self.runId = runId
        self.startedAt = startedAt
        self.skipped = skipped
        self.compared = compared
        self.notCompared = notCompared
        self.latency = latency
        self.thresholds = thresholds
    }

    /// No regression (a skipped comparison has none).
    public var passed: Bool { latency.isEmpty && thresholds.isEmpty }
}

extension LoadReport {
    /// The report with its baseline comparison; a regression fails it.
    public func compared(_ baseline: LoadBaseline) -> LoadReport {
        var r = self
        r.baseline = baseline
        r.passed = ended.isEmpty && thresholds.allSatisfy(\.passed) && baseline.passed
        return r
    }
}
