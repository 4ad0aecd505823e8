/// What a regression is judged on: one run's verdicts and its latency per tool. Built from a report
/// for the current run and from the history for the baseline, so both sides are read alike.
public struct RunDigest: Sendable, Equatable {
    /// The run's id in the history; nil for the run being made.
    public var runID: Int64?
    public var startedAt: String
    /// Check id → status (a `check` run); threshold expression → pass or fail (a `load` run).
    public var statuses: [String: Status]
    /// Tool name → its latency, when measured.
    public var latency: [String: ToolLatency]

    public init(
        runID: Int64? = nil, startedAt: String = "", statuses: [String: Status] = [:], latency: [String: ToolLatency] = [:]
    ) {
        self.runID = runID
        self.startedAt = startedAt
        self.statuses = statuses
        self.latency = latency
    }

    /// "run 12 (2026-11-30T08:00:00Z)", or "the baseline" when it has no id.
    public var name: String {
        guard let runID else { return "the baseline" }
        return startedAt.isEmpty ? "run \(runID)" : "run \(runID) (\(startedAt))"
    }
}

/// One tool's latency in one run, with the conditions it was measured under: figures measured
/// under different loads are not compared.
public struct ToolLatency: Sendable, Equatable {
    public var p95Ms: Double
    public var p99Ms: Double
    public var calls: Int
    /// How it was loaded, e.g. "1 in flight" or "closed loop, 16 in flight, 1 instance".
    public var load: String

    public init(p95Ms: Double, p99Ms: Double, calls: Int, load: String) {
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.calls = calls
        self.load = load
    }
}
