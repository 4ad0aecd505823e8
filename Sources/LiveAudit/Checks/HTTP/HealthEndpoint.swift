import PreflightCore

struct HTTPHealthEndpoint: LiveCheck {
    static let description = CheckDescription(
        id: "http.health-endpoint", title: "A health path answers 200 quickly, without credentials", section: .httpTransport,
        kind: .live, severity: .warning,
        rationale: """
            Load balancers and Kubernetes liveness and readiness probes need a cheap GET that answers 200 within their \
            timeout (1 s by default) and needs no token. The MCP endpoint is no such target: it takes POST with \
            headers and a body, may need authorization, and 2026-07-28 removed `ping` (changelog, major change 5). \
            Preflight asks `[http] health-paths` in order (default /health, /healthz, /livez, /readyz, /health/live); \
            the first 2xx counts. Operational practice, not an MCP requirement.
            """,
        remediation:
            "Serve `GET /health` returning 200 `{\"status\":\"ok\"}` without authentication, from a route that touches nothing slow; point the orchestrator's probes at it.",
        failing: [.http("sdk_server.py", "--no-health", probeRateLimit: true)], passing: [.http("sdk_server.py")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        guard !h.health.isEmpty else {
            return .skip("not probed: \(f.era?.failure ?? h.tlsFailure ?? "the server did not answer")")
        }
        let evidence = JSONValue.array(
            h.health.map { p in
                var o = JSONObjectBuilder()
                o.set("path", p.path)
                o.set("status", p.status.map { JSONValue.int($0) } ?? .null)
                o.set("ms", p.milliseconds)
                o.set("failure", p.failure)
                return o.value
            })
        if let ok = h.health.first(where: { ($0.status ?? 0) / 100 == 2 }) {
            if ok.milliseconds > 1000 {
                return .fail(
                    "GET \(ok.path) answered \(ok.status ?? 0) but took \(ok.milliseconds) ms (probes give up after 1 s)",
                    evidence: evidence)
            }
            return .pass("GET \(ok.path) answered \(ok.status ?? 0) in \(ok.milliseconds) ms", evidence: evidence)
        }
        let answers = h.health.map { "\($0.path) \($0.status.map(String.init) ?? "no answer")" }.joined(separator: ", ")
        if h.health.contains(where: { $0.status == 401 || $0.status == 403 }) {
            return .fail(
                "the health path needs authorization (\(answers)): orchestrator probes send no token", evidence: evidence)
        }
        return .fail("no health path answered 2xx (\(answers))", evidence: evidence)
    }
}
