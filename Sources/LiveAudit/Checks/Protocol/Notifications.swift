import MCPWire
import PreflightCore

struct Notifications: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.notifications", title: "Notifications get no response", section: .protocol, kind: .live,
        severity: .warning,
        rationale: """
            A notification has no id and the receiver MUST NOT send a response (MCP 2025-11-25, basic/index, \
            Notifications; JSON-RPC 2.0 §4.1). Stray responses confuse clients that match by id.
            """,
        remediation: "Dispatch messages without an id as notifications: handle or ignore them, never reply.",
        failing: [.server("protocol.notifications")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "protocol probes") { return skip }
        if f.notificationAnswers.isEmpty { return .pass("an unknown notification and an id-less ping got no response") }
        return .fail("the server answered a notification: \(f.notificationAnswers[0])", evidence: .strings(f.notificationAnswers))
    }
}
