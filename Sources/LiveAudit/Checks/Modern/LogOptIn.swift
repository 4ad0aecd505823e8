import PreflightCore

struct ModernLogOptIn: LiveCheck {
    static let description = CheckDescription(
        id: "modern.log-opt-in", title: "No log notifications without the logLevel opt-in", section: .modernProtocol,
        kind: .live, severity: .error,
        rationale: """
            In 2026-07-28 a client asks for log messages per request, with `_meta` \
            `io.modelcontextprotocol/logLevel`; a server MUST NOT send `notifications/message` for a request \
            without it, and only at or above the level asked for (MCP 2026-07-28 server/utilities/logging.mdx \
            §Per-request log level; changelog, major change 5). An invalid level SHOULD get -32602 (§Error \
            Handling). Preflight's requests never ask, except one tool call that asks for `debug` to show whether \
            the server logs at all.
            """,
        remediation:
            "Send log notifications only for requests whose `_meta` names a logLevel, at or above it (the 2026 SDKs' `ctx.info()` does); reject unknown levels with -32602.",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let m = f.modern else { return LiveSkip.notMeasured(f, "the 2026-07-28 probes did not run") }
        var findings: [Finding] = []
        if m.logsWithoutOptIn > 0 {
            findings.append(
                Finding(
                    "\(m.logsWithoutOptIn) notifications/message arrived for requests that did not ask for logs (no logLevel)"))
        }
        if let invalid = m.invalidLevel, invalid.outcome.errorCode != -32602 {
            findings.append(Finding("\(invalid.label) got \(invalid.shown), not -32602 (SHOULD)", status: .warn))
        }
        let shown: String
        if let tool = m.logTool {
            shown =
                m.logsWithOptIn > 0
                ? "; with logLevel debug, \(tool) sent \(m.logsWithOptIn) log message(s)"
                : "; the server sent no log message even when asked (\(tool) with logLevel debug)"
        } else {
            shown = "; no tool could be called to ask for logs"
        }
        return .from(findings, pass: "no log message without the opt-in\(shown)")
    }
}
