import PreflightCore

struct Concurrency: LiveCheck {
    static let description = CheckDescription(
        id: "perf.concurrency", title: "Concurrent requests get their own answers", section: .performance, kind: .live,
        severity: .error,
        rationale: """
            Clients pipeline requests and match answers by id (MCP 2025-11-25, basic/index, Responses: the response \
            MUST carry the id of the request). A server that answers out of place, drops, or mixes ids under \
            concurrency corrupts the session.
            """,
        remediation: "Do not share per-request state across handlers; let the SDK match responses to request ids.",
        failing: [.server("perf.concurrency")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        guard let c = f.concurrency else { return LiveSkip.notMeasured(f, "the concurrency probe did not run") }
        var findings: [Finding] = []
        if c.strayResponses > 0 {
            findings.append(Finding("\(c.strayResponses) response(s) carried an id that matched no pending request"))
        }
        findings += c.mismatched.map { Finding($0) }
        // No answer in time is not a mixed-up answer (a rate limiter, a slow tool): worth a look, not a fail.
        if !c.timedOut.isEmpty {
            findings.append(
                Finding(
                    "\(c.timedOut.count) of \(c.inFlight) concurrent requests got no answer in time (\(c.timedOut[0])); a rate limit or a server that serialises requests",
                    status: .warn))
        }
        return .from(findings, pass: "\(c.inFlight) requests in flight at once, \(c.answered) answered with matching ids")
    }
}
