import PreflightCore

struct Restart: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.restart", title: "Restarts after SIGKILL", section: .lifecycle, kind: .live, severity: .error,
        rationale: """
            Crashes and OOM kills do not run cleanup. A server that leaves a lock file, socket or half-written state \
            behind and then refuses to start turns one crash into an outage.
            """,
        remediation:
            "Make startup tolerate stale state: take locks with flock (released by the kernel), recreate sockets, validate state files.",
        failing: [.server("lifecycle.restart")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "restarting the server") { return skip }
        guard let r = f.restart else {
            if !f.handshakeOK {
                return .skip("the main instance did not complete the handshake, so no fresh instance was started")
            }
            return .skip("the restart probe did not run: the deadline (--timeout) came first")
        }
        guard r.firstOK else { return .skip("the first instance of the restart probe did not complete the handshake") }
        return r.secondOK ? .pass(r.detail) : .fail(r.detail)
    }
}
