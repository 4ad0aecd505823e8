/// Turns a check's raw output into its report entry: config (disable, severity, attestations)
/// and inline suppressions are applied here, in one place, for every kind of check.
public struct ResultAssembler: Sendable {
    public var config: PreflightConfig
    public var suppressions: [Suppression]
    /// Evidence that other phases gathered for a check (hadolint's findings for docker.* checks),
    /// added under its own key beside the check's own evidence.
    public var evidence: [CheckID: [(key: String, value: JSONValue)]]

    public init(
        config: PreflightConfig, suppressions: [Suppression], evidence: [CheckID: [(key: String, value: JSONValue)]] = [:]
    ) {
        self.config = config
        self.suppressions = suppressions
        self.evidence = evidence
    }

    public func disabledResult(_ d: CheckDescription) -> CheckResult {
        entry(d, status: .skip, message: "disabled in \(config.source ?? "the configuration")")
    }

    public func assemble(_ d: CheckDescription, _ output: CheckOutput) -> CheckResult {
        var output = output
        for (key, value) in evidence[d.id] ?? [] { output.evidence = merged(output.evidence, key: key, value) }
        // Process items (attest checks, and operations checks whose evidence may live outside the
        // repository) pass on a recorded attestation; code checks are silenced only by suppressions.
        if d.kind == .attest || output.status == .manual || (d.section == .operations && output.status != .pass) {
            if let a = config.attestations[d.id] {
                var evidence = JSONObjectBuilder()
                evidence.set("by", a.by)
                evidence.set("date", a.date)
                if !a.evidence.isEmpty { evidence.set("evidence", a.evidence) }
                return entry(d, status: .pass, message: "attested by \(a.by) on \(a.date)", evidence: evidence.value)
            }
            if d.kind == .attest {
                return entry(d, status: .manual, message: output.message, evidence: output.evidence)
            }
        }
        guard output.status == .fail || output.status == .warn, !output.findings.isEmpty else {
            return entry(d, status: output.status, message: output.message, evidence: output.evidence)
        }
        var open: [Finding] = []
        var silenced: [(Finding, Suppression)] = []
        var reasonless: [Suppression] = []
        for finding in output.findings {
            let carried = finding.suppression.flatMap { $0.ids.contains(d.id) ? $0 : nil }
            let match = carried ?? finding.location.flatMap { loc in suppressions.first { $0.covers(d.id, at: loc) } }
            if let match, !match.reason.isEmpty {
                silenced.append((finding, match))
            } else {
                if let match { reasonless.append(match) }
                open.append(finding)
            }
        }
        var evidence = output.evidence
        if !silenced.isEmpty {
            let list = JSONValue.array(
                silenced.map { f, s in
                    var b = JSONObjectBuilder()
                    b.set("location", f.location?.display)
                    b.set("reason", s.reason)
                    return b.value
                })
            evidence = merged(evidence, key: "suppressed", list)
        }
        if open.isEmpty {
            let reasons = Set(silenced.map(\.1.reason)).sorted().joined(separator: "; ")
            var result = entry(
                d, status: output.status, message: output.message, locations: silenced.compactMap(\.0.location),
                evidence: evidence)
            result.suppressed = true
            result.suppressionReason = reasons
            return result
        }
        var message = CheckOutput.summarize(open)
        if let first = reasonless.first {
            message += " (suppression at \(first.path):\(first.line) ignored: it gives no reason)"
        }
        let status = open.map(\.status).min() ?? output.status
        var result = entry(
            d, status: status, message: message, locations: Array(Set(open.compactMap(\.location))).sorted(),
            evidence: evidence)
        result.findings = open.map { Finding($0.message, at: $0.location, status: $0.status) }.sorted(by: Finding.reportOrder)
        return result
    }

    private func merged(_ evidence: JSONValue?, key: String, _ value: JSONValue) -> JSONValue {
        if case .object(var members) = evidence ?? .object([]) {
            members.append((key, value))
            return .object(members)
        }
        return .object([("details", evidence ?? .null), (key, value)])
    }

    private func entry(
        _ d: CheckDescription, status: Status, message: String, locations: [Location] = [], evidence: JSONValue? = nil
    ) -> CheckResult {
        CheckResult(
            id: d.id, status: status, severity: config.severityOverrides[d.id] ?? d.severity, title: d.title,
            section: d.section, kind: d.kind, message: message, remediation: d.remediation, locations: locations,
            evidence: evidence)
    }
}
