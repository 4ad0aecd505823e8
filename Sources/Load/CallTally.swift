/// What happened to the measured calls of one tool on one instance: latencies and outcomes.
/// Transport-neutral: every client (stdio, HTTP) fills one per tool; tallies merge.
public struct CallTally: Sendable, Equatable {
    /// From each call's intended send time (open loop: its slot in the schedule, so a stalled
    /// server's queue counts; closed loop: when it was sent). Timeouts count at their timeout.
    public var latency = LatencyHistogram()
    /// From when each call was actually written (open loop only; the closed loop's are `latency`).
    public var uncorrected = LatencyHistogram()
    public var ok: UInt64 = 0
    /// Results with `isError: true`.
    public var toolErrors: UInt64 = 0
    /// JSON-RPC error responses by code.
    public var rpcErrors: [Int64: UInt64] = [:]
    /// The first message seen for each code (server text: redacted before it is reported).
    public var rpcErrorMessages: [Int64: String] = [:]
    public var timeouts: UInt64 = 0
    /// In flight when the server closed its stdout (exited) or the run was stopped.
    public var disconnected: UInt64 = 0
    /// Over HTTP: exchanges that ended without a JSON-RPC answer, by HTTP status (a 429, a 503 page);
    /// 0 when no response came at all (refused, reset).
    public var httpErrors: [Int: UInt64] = [:]
    /// The first reason seen for each status (server text: redacted before it is reported).
    public var httpErrorReasons: [Int: String] = [:]

    public init() {}

    /// Every call that ended, whatever its outcome.
    public var calls: UInt64 {
        ok + toolErrors + rpcErrors.values.reduce(0, +) + timeouts + disconnected + httpErrors.values.reduce(0, +)
    }
    public var failures: UInt64 { calls - ok }

    public mutating func merge(_ other: CallTally) {
        latency.merge(other.latency)
        uncorrected.merge(other.uncorrected)
        ok += other.ok
        toolErrors += other.toolErrors
        for (code, n) in other.rpcErrors { rpcErrors[code, default: 0] += n }
        for (code, m) in other.rpcErrorMessages where rpcErrorMessages[code] == nil { rpcErrorMessages[code] = m }
        timeouts += other.timeouts
        disconnected += other.disconnected
        for (status, n) in other.httpErrors { httpErrors[status, default: 0] += n }
        for (status, m) in other.httpErrorReasons where httpErrorReasons[status] == nil { httpErrorReasons[status] = m }
    }
}

/// One instance's share of the run, as its client saw it.
public struct InstanceTally: Sendable {
    /// Per tool, in the order of the plan's calls.
    public var tools: [CallTally]
    /// When the measured window began and the last measured call ended (monotonic nanoseconds).
    public var measuredFromNs: UInt64 = 0
    public var lastCompletionNs: UInt64 = 0
    /// Answers whose id matched no call in flight (late answers to timed-out calls, duplicates).
    public var strayResponses: UInt64 = 0
    /// Lines on stdout that are not JSON-RPC messages.
    public var invalidLines: UInt64 = 0
    public var notifications: UInt64 = 0
    /// Requests from the server (answered: `ping` with `{}`, the rest with -32601).
    public var serverRequests: UInt64 = 0
    /// Calls sent during the warm-up, not measured.
    public var warmupCalls: UInt64 = 0
    /// CPU time of the client's own thread over the load, in nanoseconds.
    public var clientCPUNs: UInt64 = 0
    /// Why the client stopped before the plan's end: the server closed its output, a write failed.
    public var ended: String?
    /// Corrected latencies in nanoseconds, as measured, when the plan asked to keep them (tests).
    public var rawLatencies: [UInt64] = []

    public init(tools: Int) { self.tools = Array(repeating: CallTally(), count: tools) }
}
