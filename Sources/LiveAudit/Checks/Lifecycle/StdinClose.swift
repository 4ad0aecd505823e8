import PreflightCore

struct StdinClose: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.stdin-close", title: "Exits within 2 s of stdin closing", section: .lifecycle, kind: .live,
        severity: .error,
        rationale: """
            For stdio, the client shuts a server down by closing its input stream and waiting for it to exit, then \
            escalates to SIGTERM and SIGKILL (MCP 2025-11-25, basic/lifecycle, Shutdown). A server that ignores EOF \
            is killed every time, losing in-flight work and leaking what it held. On a saturated machine (load \
            average above the cores) Preflight waits as long again (at most 5 s more), and an exit in that time is a \
            warning.
            """,
        remediation: "Exit when stdin reaches end of file (the SDKs' stdio_server does); do not keep non-daemon threads alive.",
        failing: [.server("lifecycle.stdin-close"), .server("lifecycle.stdin-close-status")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.stdioOnly(f) { return skip }
        return ShutdownVerdict.output(f.stdinClose, what: "stdin-close", facts: f, cleanExitRequired: true)
    }
}
