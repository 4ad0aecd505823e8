public struct Location: Sendable, Hashable, Comparable {
    /// Relative to the project root, `/` separated.
    public var path: String
    public var line: Int?

    public init(_ path: String, line: Int? = nil) {
        self.path = path
        self.line = line
    }

    public static func < (lhs: Location, rhs: Location) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        return (lhs.line ?? 0) < (rhs.line ?? 0)
    }

    public var display: String { line.map { "\(path):\($0)" } ?? path }
}

/// One problem a check found, at one place.
public struct Finding: Sendable, Hashable {
    public var message: String
    public var location: Location?
    /// `fail` or `warn`.
    public var status: Status
    /// A suppression declared on the object itself (e.g. a Kubernetes annotation) rather than by a
    /// comment next to the location; the assembler honours it like an inline one.
    public var suppression: Suppression?

    public init(_ message: String, at location: Location? = nil, status: Status = .fail, suppression: Suppression? = nil) {
        self.message = message
        self.location = location
        self.status = status
        self.suppression = suppression
    }
}

extension Finding {
    /// Worst first, then by place, then by message: a stable order for every report.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.status != b.status { return a.status < b.status }
        let la = a.location ?? Location("")
        let lb = b.location ?? Location("")
        if la != lb { return la < lb }
        return a.message < b.message
    }
}

/// What a check returns: either problems (each at a place) or a decided pass/skip/manual.
public struct CheckOutput: Sendable {
    public var status: Status
    public var message: String
    public var findings: [Finding]
    public var evidence: JSONValue?

    public init(status: Status, message: String, findings: [Finding] = [], evidence: JSONValue? = nil) {
        self.status = status
        self.message = message
        self.findings = findings
        self.evidence = evidence
    }

    public static func pass(_ message: String, evidence: JSONValue? = nil) -> CheckOutput {
        CheckOutput(status: .pass, message: message, evidence: evidence)
    }

    public static func skip(_ reason: String, evidence: JSONValue? = nil) -> CheckOutput {
        CheckOutput(status: .skip, message: reason, evidence: evidence)
    }

    public static func manual(_ message: String) -> CheckOutput { CheckOutput(status: .manual, message: message) }

    public static func fail(_ message: String, at location: Location? = nil, evidence: JSONValue? = nil) -> CheckOutput {
        CheckOutput(status: .fail, message: message, findings: [Finding(message, at: location)], evidence: evidence)
    }

    public static func warn(_ message: String, at location: Location? = nil, evidence: JSONValue? = nil) -> CheckOutput {
        CheckOutput(
            status: .warn, message: message, findings: [Finding(message, at: location, status: .warn)], evidence: evidence)
    }

    /// Passes with `passMessage` when `findings` is empty, otherwise reports them.
    public static func from(_ findings: [Finding], pass passMessage: String, evidence: JSONValue? = nil) -> CheckOutput {
        guard !findings.isEmpty else { return .pass(passMessage, evidence: evidence) }
        let worst = findings.map(\.status).min() ?? .fail
        return CheckOutput(status: worst, message: summarize(findings), findings: findings, evidence: evidence)
    }

    /// The first finding's message, and how many more there are: every one is in `CheckResult.findings`.
    static func summarize(_ findings: [Finding]) -> String {
        let sorted = findings.sorted(by: Finding.reportOrder)
        guard let first = sorted.first else { return "" }
        return sorted.count == 1 ? first.message : "\(first.message) (and \(sorted.count - 1) more)"
    }
}
