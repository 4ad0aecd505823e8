import MCPWire
import PreflightCore

struct Ping: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.ping", title: "ping is answered promptly", section: .protocol, kind: .live, severity: .warning,
        rationale: """
            Clients and proxies use `ping` to tell a live connection from a dead one; the receiver MUST respond \
            promptly with an empty result (MCP 2025-11-25, basic/utilities/ping). The 2026-07-28 revision removed \
            `ping` (changelog, major change 5): for such servers this check is skipped.
            """,
        remediation: "Use the SDK's built-in ping handler; never block the message loop in a tool.",
        failing: [.server("protocol.ping")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "protocol probes") { return skip }
        if f.isModern {
            return .skip(
                "\(SkipReasons.pingRemoved) (changelog, major change 5): liveness is http.health-endpoint over HTTP, server/discover over stdio"
            )
        }
        guard let o = f.ping else { return .skip("ping was not sent") }
        if let skip = LiveSkip.closed(f, o) { return skip }
        guard let r = o.result else { return .fail("ping got \(o.summary)") }
        let ms = o.elapsed?.milliseconds ?? 0
        if let members = r.objectValue, !members.allSatisfy({ $0.0 == "_meta" }) {
            return .warn("ping answered with a non-empty result (\(JSONWriter.encode(r).prefix(80)))")
        }
        if ms > 1000 { return .warn("ping took \(ms) ms") }
        return .pass("ping answered in \(ms) ms", evidence: .object([("ms", .int(ms))]))
    }
}
