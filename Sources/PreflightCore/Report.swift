public struct Target: Sendable, Equatable {
    public enum Transport: String, Sendable { case stdio, http }
    public var project: String?
    public var transport: Transport?
    public var command: [String]?
    public var url: String?

    public init(project: String?, transport: Transport? = nil, command: [String]? = nil, url: String? = nil) {
        self.project = project
        self.transport = transport
        self.command = command
        self.url = url
    }
}

public struct Summary: Sendable, Equatable {
    public var counts: [Status: Int]
    /// 0-100: severity-weighted share of decided checks that pass (a warn earns half).
    /// Skipped, manual and suppressed checks do not count either way.
    public var score: Int

    public init(_ results: [CheckResult]) {
        var counts: [Status: Int] = [:]
        for status in Status.allCases { counts[status] = 0 }
        var earned = 0
        var possible = 0
        for r in results {
            counts[r.status, default: 0] += 1
            guard !r.suppressed else { continue }
            let w = r.severity.weight * 2
            switch r.status {
            case .pass: earned += w; possible += w
            case .warn: earned += w / 2; possible += w
            case .fail, .error: possible += w
            case .skip, .manual: break
            }
        }
        self.counts = counts
        self.score = possible == 0 ? 100 : Int((Double(earned) * 100 / Double(possible)).rounded())
    }

    public subscript(status: Status) -> Int { counts[status] ?? 0 }
}

/// The one value every output format renders. Reporters format it; they never compute facts.
public struct Report: Sendable {
    public var toolVersion: String
    public var target: Target
    public var startedAt: String
    public var durationMs: Int
    /// Sorted by id.
    public var checks: [CheckResult]
    /// Ordered metrics object (`coldStartMs`, `contextTokens`, `latency`, ...); empty for static runs.
    public var metrics: [(String, JSONValue)]
    public var summary: Summary
    /// Whether the run fails under the config's threshold, and the ids that make it fail.
    public var failingIDs: [CheckID]
    public var failureThreshold: Severity
    /// How long each phase took (`load`, `run-tools`, `static`, `live`), in milliseconds, in order.
    public var phases: [(String, Int)]
    /// What a reader must know before the checks: the server crashed, the deadline cut the audit short.
    public var notices: [String]

    public init(
        toolVersion: String, target: Target, startedAt: String, durationMs: Int, checks: [CheckResult],
        metrics: [(String, JSONValue)] = [], config: PreflightConfig, phases: [(String, Int)] = [], notices: [String] = []
    ) {
        self.toolVersion = toolVersion
        self.target = target
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.checks = checks.sorted { $0.id < $1.id }
        self.metrics = metrics
        self.summary = Summary(checks)
        self.failingIDs = self.checks.filter { $0.failsRun(config) }.map(\.id)
        self.failureThreshold = config.failureThreshold
        self.phases = phases
        self.notices = notices
    }

    public var passed: Bool { failingIDs.isEmpty }

    /// The same report with every secret value redacted from the text that came from the project
    /// or the server: messages, findings, evidence, suppression reasons, the server command, metrics.
    /// Ids, statuses, severities, keys and Preflight's own titles and remediations are not touched,
    /// so a report's structure is identical with and without redaction.
    /// `credentials` (the user's `--header` / `--bearer-env` values) are redacted whatever they look like.
    public func redacted(_ secrets: Set<String>, credentials: Set<String> = []) -> Report {
        let scrubber = Redaction.Scrubber(secrets, credentials: credentials)
        guard !scrubber.isEmpty else { return self }
        var copy = self
        let scrub = scrubber.scrub as (String) -> String
        copy.target.command = target.command?.map(scrub)
        copy.target.url = target.url.map(scrub)
        copy.target.project = target.project.map(scrub)
        copy.checks = checks.map { r in
            var r = r
            r.message = scrub(r.message)
            r.findings = r.findings.map { f in
                var f = f
                f.message = scrub(f.message)
                return f
            }
            r.evidence = r.evidence.map(scrubber.scrub)
            r.suppressionReason = r.suppressionReason.map(scrub)
            return r
        }
        copy.metrics = metrics.map { ($0.0, scrubber.scrub($0.1)) }
        copy.notices = notices.map(scrub)
        return copy
    }
}

public enum PreflightVersion {
    public static let current = "0.1.0"
}
