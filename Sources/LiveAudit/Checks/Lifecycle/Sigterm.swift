import PreflightCore

struct Sigterm: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.sigterm", title: "Exits cleanly on SIGTERM, leaving no children", section: .lifecycle,
        kind: .live, severity: .error,
        rationale: """
            Docker, Kubernetes and systemd stop containers with SIGTERM and kill them after a grace period (default \
            10 s); clients escalate to SIGTERM too (MCP 2025-11-25, basic/lifecycle, Shutdown). A server that ignores \
            it is SIGKILLed mid-request; children it leaves behind keep ports, files and memory.
            """,
        remediation:
            "Handle SIGTERM by finishing in-flight work and exiting; terminate child processes (or run them in your process group).",
        failing: [.server("lifecycle.sigterm"), .server("lifecycle.sigterm-children")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "stopping the server") { return skip }
        return ShutdownVerdict.output(f.sigterm, what: "SIGTERM", facts: f)
    }
}
