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
            clients.
            """,
        remediation:
            "Echo a requested version you support; for any other, answer with your latest supported version (the SDKs do this).",
        failing: [.server("protocol.version-negotiation")], passing: [.server()])

    /// A revision is a date no older than the first MCP revision; newer ones Preflight does not know yet count.
    static func isRevision(_ version: String) -> Bool {
        version.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil && version >= LiveOptions.revisions[0]
    }

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        guard !f.negotiation.isEmpty else { return .skip("version negotiation did not run: the deadline (--timeout) came first") }
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
}
