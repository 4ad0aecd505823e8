import MCPWire
import PreflightCore

struct HTTPGracefulDrain: LiveCheck {
    static let slowTool = "[tools.examples.slow]\nms = 1500\n"

    static let description = CheckDescription(
        id: "http.graceful-drain", title: "A request in flight at SIGTERM still gets its answer", section: .lifecycle,
        kind: .live, severity: .error,
        rationale: """
            Orchestrators stop an HTTP server with SIGTERM and kill it after a grace period (Kubernetes \
            `terminationGracePeriodSeconds`, 30 s; Docker 10 s); rolling deploys do it all day. A server that \
            drops the requests in flight turns every deploy into failed tool calls. With `--server CMD --url URL` \
            Preflight keeps the slowest read-only tool call it saw in flight, sends SIGTERM, and expects the \
            answer, then the exit within the grace period. A 2026-07-28 `subscriptions/listen` stream open at the \
            time SHOULD end with its completion result (basic/patterns/subscriptions.mdx §Graceful Closure). No \
            MCP rule covers the drain itself: this is operational practice (stdio's analogue: basic/transports/\
            stdio.mdx §Shutdown).
            """,
        remediation:
            "Stop accepting on SIGTERM, finish the requests in flight, end open streams (send a listen stream's completion result), then exit (uvicorn does with `timeout_graceful_shutdown`; do not `os._exit` in a signal handler).",
        failing: [.deviant("ignore-sigterm-inflight", managed: true, config: slowTool)],
        passing: [.deviant(managed: true, config: slowTool)])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        guard h.managed else { return .skip("needs --server CMD --url URL: Preflight stops only a server it started") }
        if let skip = LiveSkip.handshake(f) { return skip }
        guard let d = h.drain else { return LiveSkip.notMeasured(f, "the stop with a request in flight did not run") }
        if let failure = d.failure { return .skip(failure) }
        var evidence = JSONObjectBuilder()
        evidence.set("request", d.request)
        evidence.set("requestMs", d.expectedMs)
        evidence.set("answer", d.outcome?.summary)
        evidence.set("exited", d.exited)
        evidence.set("elapsedMs", d.elapsedMs)
        evidence.set("exitCode", d.exitCode.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("signal", d.signal.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("listen", d.listen?.summary)
        evidence.set("stderrTail", JSONValue.strings(d.stderrTail))
        if d.finishedBeforeSignal {
            return .skip(
                "inconclusive: \(d.request) (\(d.expectedMs) ms) finished before SIGTERM landed; give a slow read-only tool's arguments in [tools.examples.NAME]",
                evidence: evidence.value)
        }
        var findings: [Finding] = []
        switch d.outcome {
        case .result?, .error?: break
        case let other?: findings.append(Finding("\(d.request), in flight at SIGTERM, got \(other.summary): dropped"))
        case nil: findings.append(Finding("\(d.request), in flight at SIGTERM, got no answer"))
        }
        if !d.exited { findings.append(Finding("still running \(d.limitMs) ms after SIGTERM")) }
        if d.listen != nil {
            if d.listenCompleted == nil {
                findings.append(
                    Finding(
                        "the subscriptions/listen stream stayed open after SIGTERM until Preflight hung up: a listening client holds up the shutdown",
                        status: .warn))
            } else if d.listenCompleted == false {
                findings.append(
                    Finding("the subscriptions/listen stream ended without its completion result (SHOULD)", status: .warn))
            }
        }
        let exit = d.exitCode.map { "exit code \($0)" } ?? d.signal.map { "signal \($0)" } ?? "exited"
        return .from(
            findings,
            pass: "\(d.request) was answered during the drain; the server exited \(d.elapsedMs) ms after SIGTERM (\(exit))",
            evidence: evidence.value)
    }
}
