import Foundation
import PreflightCore

struct NotificationRate: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.notification-rate", title: "Server notifications stay at a sane rate", section: .protocol,
        kind: .live, severity: .warning,
        rationale: """
            Every notification a server sends (log messages, progress, list changes) is read, parsed and dispatched by \
            the client, and shares the one stdout stream with responses (MCP 2025-11-25, basic/transports, stdio). A \
            server that floods it starves its own responses and burns the client's CPU.
            """,
        remediation:
            "Send `notifications/message` only at or above the level the client set with `logging/setLevel`; throttle progress notifications.",
        failing: [.server("protocol.notification-rate")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        guard f.mainSessionMs > 0 else { return .skip("the main session did not run") }
        let limit = context.thresholds.notificationsPerSecond
        let notifications = SessionRate(f.notificationCount, sessionMs: f.mainSessionMs)
        let rate = notifications.perSecond
        var evidence = JSONObjectBuilder()
        evidence.set("notifications", f.notificationCount)
        evidence.set("sessionMs", f.mainSessionMs)
        evidence.set("perSecond", .double(rate, digits: 1))
        let message = "\(f.notificationCount) notifications in \(f.mainSessionMs) ms (\(Int(rate.rounded()))/s)"
        if notifications.floods(limit) {
            return .fail(message + ", over \(Int(limit))/s", evidence: evidence.value)
        }
        return .pass(message, evidence: evidence.value)
    }
}
