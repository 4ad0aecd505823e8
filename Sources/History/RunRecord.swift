import PreflightCore

/// What produced a run: `preflight check` or `preflight load`.
public enum RunKind: String, Sendable, Codable, CaseIterable {
    case check, load
}

/// One recorded run, as the history keeps it. Every text in it comes from an already redacted report.
public struct RunRecord: Sendable, Equatable {
    /// Assigned by the store when the run is recorded.
    public var id: Int64?
    public var kind: RunKind
    /// ISO 8601, when the run started.
    public var startedAt: String
    public var durationMs: Int
    public var target: RunTarget
    public var preflightVersion: String
    /// The project's `HEAD` when it is a git work tree.
    public var gitCommit: String?
    public var passed: Bool
    /// Check runs only: the report's score and its count per status.
    public var score: Int?
    public var counts: [Status: Int]
    public var checks: [CheckRecord]
    public var tools: [ToolRecord]
    public var metrics: RunMetrics
    /// The run this one was compared with (`--baseline`).
    public var baselineRunID: Int64?
    /// The whole redacted report: the JSON report of a check run, the LoadReport of a load run.
    public var reportJSON: String

    public init(
        id: Int64? = nil, kind: RunKind, startedAt: String, durationMs: Int, target: RunTarget, preflightVersion: String,
        gitCommit: String? = nil, passed: Bool, score: Int? = nil, counts: [Status: Int] = [:], checks: [CheckRecord] = [],
        tools: [ToolRecord] = [], metrics: RunMetrics = RunMetrics(), baselineRunID: Int64? = nil, reportJSON: String
    ) {
        self.id = id
        self.kind = kind
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.target = target
        self.preflightVersion = preflightVersion
        self.gitCommit = gitCommit
        self.passed = passed
        self.score = score
        self.counts = counts
        self.checks = checks
        self.tools = tools
        self.metrics = metrics
        self.baselineRunID = baselineRunID
        self.reportJSON = reportJSON
    }
}

public struct RunTarget: Sendable, Equatable {
    public var project: String?
    /// `stdio` or `http`; nil for a static audit.
    public var transport: String?
    public var command: [String]?
    public var url: String?

    public init(project: String? = nil, transport: String? = nil, command: [String]? = nil, url: String? = nil) {
        self.project = project
        self.transport = transport
        self.command = command
        self.url = url
    }

    /// One line for listings: the project, then the server.
    public var display: String {
        var parts: [String] = []
        if let project { parts.append(project) }
        if let command, !command.isEmpty { parts.append("\(transport ?? "stdio"): \(command.joined(separator: " "))") }
        if let url { parts.append("\(transport ?? "http"): \(url)") }
        return parts.isEmpty ? "-" : parts.joined(separator: " · ")
    }
}

public struct CheckRecord: Sendable, Equatable {
    public var id: String
    public var status: Status
    public var severity: Severity
    public var message: String

    public init(id: String, status: Status, severity: Severity, message: String) {
        self.id = id
        self.status = status
        self.severity = severity
        self.message = message
    }
}

/// One tool's latency and counts in a run.
public struct ToolRecord: Sendable, Equatable {
    public var tool: String
    public var calls: Int
    public var errors: Int
    public var p50Ms: Double
    public var p90Ms: Double
    public var p95Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    /// Load runs: calls a second.
    public var throughputPerSecond: Double?
    /// The conditions of the measurement ("1 in flight", "closed loop, 16 in flight, 1 instance").
    public var load: String

    public init(
        tool: String, calls: Int, errors: Int, p50Ms: Double, p90Ms: Double, p95Ms: Double, p99Ms: Double, maxMs: Double,
        throughputPerSecond: Double? = nil, load: String
    ) {
        self.tool = tool
        self.calls = calls
        self.errors = errors
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.throughputPerSecond = throughputPerSecond
        self.load = load
    }
}

/// The run's other measurements; nil when not measured.
public struct RunMetrics: Sendable, Equatable {
    public var coldStartMs: Double?
    public var contextTokens: Int?
    /// The server's resident memory (whole process tree): first reading, peak, last reading.
    public var memoryStartBytes: Int?
    public var memoryPeakBytes: Int?
    public var memoryEndBytes: Int?

    public init(
        coldStartMs: Double? = nil, contextTokens: Int? = nil, memoryStartBytes: Int? = nil, memoryPeakBytes: Int? = nil,
        memoryEndBytes: Int? = nil
    ) {
        self.coldStartMs = coldStartMs
        self.contextTokens = contextTokens
        self.memoryStartBytes = memoryStartBytes
        self.memoryPeakBytes = memoryPeakBytes
        self.memoryEndBytes = memoryEndBytes
    }

    /// (name, value) pairs as stored, in a fixed order.
    var named: [(String, Double)] {
        var out: [(String, Double)] = []
        if let coldStartMs { out.append(("coldStartMs", coldStartMs)) }
        if let contextTokens { out.append(("contextTokens", Double(contextTokens))) }
        if let memoryStartBytes { out.append(("memoryStartBytes", Double(memoryStartBytes))) }
        if let memoryPeakBytes { out.append(("memoryPeakBytes", Double(memoryPeakBytes))) }
        if let memoryEndBytes { out.append(("memoryEndBytes", Double(memoryEndBytes))) }
        return out
    }

    init(named: [(String, Double)]) {
        for (name, value) in named {
            switch name {
            case "coldStartMs": coldStartMs = value
            case "contextTokens": contextTokens = Int(value)
            case "memoryStartBytes": memoryStartBytes = Int(value)
            case "memoryPeakBytes": memoryPeakBytes = Int(value)
            case "memoryEndBytes": memoryEndBytes = Int(value)
            default: break
            }
        }
    }
}
