import Foundation
import MCPWire
import PreflightCore

struct VersionNegotiation: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.version-negotiation", title: "Protocol versions are negotiated", section: .protocol, kind: .live,
        severity: .error,
        rationale: """
            If the server supports the requested version it MUST answer with the same one; otherwise it MUST answer \
            with another version it supports, preferably its latest (MCP 2025-11-25, basic/lifecycle, Version \
            Negotiation). A server that answers with a version it does not speak, or errors, strands older and newer \
            clients. In 2026-07-28 nothing is negotiated: each request names its version, `server/discover` lists \
            the supported ones, and a request at a version the server does not speak MUST be refused (basic/\
            versioning.mdx §Protocol Version Negotiation); modern.unsupported-version checks the exact error.
            """,
        remediation:
            "Echo a requested version you support; for any other, answer with your latest supported version (the SDKs do this). In 2026-07-28, refuse requests at versions you do not serve.",
        failing: [.server("protocol.version-negotiation"), .deviant("meta-version-ignored")],
        passing: [.server(), .http("sdk_server.py"), .http("sdk_server.py", "--era", "2025-11-25")])

    /// A revision is a date no older than the first MCP revision; newer ones Preflight does not know yet count.
    static func isRevision(_ version: String) -> Bool {
        version.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil && version >= LiveOptions.revisions[0]
    }

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        if f.isModern { return modern(f) }
        guard !f.negotiation.isEmpty else { return LiveSkip.notMeasured(f, "version negotiation did not run") }
        // What the server speaks: every real revision it echoed when asked for it.
        let supported = Set(
            f.negotiation.filter { $0.answered == $0.requested && Self.isRevision($0.requested) }.map(\.requested))
        var findings: [Finding] = []
        var rows: [JSONValue] = []
        for n in f.negotiation {
            rows.append(
                .object([
                    ("requested", .string(n.requested)),
                    ("answered", n.answered.map { .string($0) } ?? .string(n.outcome.summary)),
                ]))
            guard let answered = n.answered else {
                findings.append(Finding("initialize with \(n.requested) got \(n.outcome.summary) instead of a version to use"))
                continue
            }
            if !Self.isRevision(answered) {
                findings.append(Finding("asked for \(n.requested), the server answered \(answered), which is no MCP revision"))
            } else if answered != n.requested && !supported.contains(answered) && LiveOptions.revisions.contains(answered) {
                findings.append(
                    Finding("asked for \(n.requested), the server answered \(answered), a version it does not itself accept"))
            }
        }
        if supported.isEmpty {
            findings.append(Finding("the server echoed none of \(LiveOptions.revisions.joined(separator: ", "))"))
        }
        return .from(
            findings,
            pass: "supports \(supported.sorted().joined(separator: ", ")); other versions are answered with a supported one",
            evidence: .array(rows))
    }

    /// 2026-07-28: the version rides on every request; one the server does not speak must not be served.
    func modern(_ f: LiveFacts) -> CheckOutput {
        guard let m = f.modern, !m.unsupportedVersion.isEmpty else {
            return LiveSkip.notMeasured(f, "the 2026-07-28 probes did not run")
        }
        let supported =
            f.handshake?.outcome.result?["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var evidence = JSONObjectBuilder()
        evidence.set("supportedVersions", JSONValue.strings(supported))
        evidence.set("unsupported", .array(m.unsupportedVersion.map { .string("\($0.label): \($0.shown)") }))
        let served = m.unsupportedVersion.filter { $0.outcome.result != nil }
        let findings = served.map {
            Finding("\($0.label) was served: the server answers a version it does not speak instead of refusing it")
        }
        return .from(
            findings,
            pass: "no handshake: every request names its version; supportedVersions \(supported.joined(separator: ", ")); "
                + "\(ModernProbes.unsupported) is refused (\(m.unsupportedVersion.map(\.shown).joined(separator: ", ")))",
            evidence: evidence.value)
    }
}
