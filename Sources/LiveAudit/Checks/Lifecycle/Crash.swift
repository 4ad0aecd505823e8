import PreflightCore

struct CrashDuringAudit: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.crash", title: "The server stays up for the whole audit", section: .lifecycle, kind: .live,
        severity: .error,
        rationale: """
            A stdio server lives as long as its client session: it should end only when the client closes stdin or \
            signals it (MCP 2025-11-25, basic/lifecycle, Shutdown). One that exits on its own mid-session, on a \
            request, a load or a bad argument, drops every call in flight and the client's tools disappear.
            """,
        remediation:
            "Read the stderr tail in the evidence: catch the failing request's exception at the handler and return an error result instead of exiting.",
        failing: [.server("lifecycle.crash")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        guard let crash = f.crash else {
            if !f.handshakeOK { return .skip("the initialize handshake failed (see protocol.initialize)") }
            let through = f.cutShort.map { " until the deadline (before \($0))" } ?? ""
            return .pass("stayed up through every step\(through)")
        }
        var evidence = JSONObjectBuilder()
        evidence.set("step", crash.step)
        evidence.set("exitCode", crash.exit?.exitCode.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("signal", crash.exit?.signal.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("stderrTail", JSONValue.strings(crash.stderrTail))
        let last = crash.stderrTail.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let said = last.map { "; its stderr ended with: \($0.prefixString(200))" } ?? ""
        return .fail(
            "the server \(crash.verb) during \(crash.step) (\(crash.how)); the checks after it were not run\(said)",
            evidence: evidence.value)
    }
}
