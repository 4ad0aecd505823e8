/// One entry of the report: the decided outcome of one check id.
public struct CheckResult: Sendable, Equatable {
    public var id: CheckID
    public var status: Status
    public var severity: Severity
    public var title: String
    public var section: Section
    public var kind: CheckKind
    public var message: String
    public var remediation: String
    public var locations: [Location]
    /// Every open problem, each at its place: `message` summarises them, reports list them all.
    public var findings: [Finding]
    public var evidence: JSONValue?
    public var suppressed: Bool
    /// Why it was suppressed (inline comment reason), when `suppressed`.
    public var suppressionReason: String?

    public init(
        id: CheckID, status: Status, severity: Severity, title: String, section: Section, kind: CheckKind,
        message: String, remediation: String, locations: [Location] = [], findings: [Finding] = [],
        evidence: JSONValue? = nil, suppressed: Bool = false, suppressionReason: String? = nil
    ) {
        self.id = id
        self.status = status
        self.severity = severity
        self.title = title
        self.section = section
        self.kind = kind
        self.message = message
        self.remediation = remediation
        self.locations = locations
        self.findings = findings
        self.evidence = evidence
        self.suppressed = suppressed
        self.suppressionReason = suppressionReason
    }

    /// Whether this result fails the run under `config`.
    public func failsRun(_ config: PreflightConfig) -> Bool {
        guard !suppressed else { return false }
        switch status {
        case .fail, .error: return severity >= config.failureThreshold
        case .warn: return config.failOnWarn && severity >= config.failureThreshold
        default: return false
        }
    }
}
