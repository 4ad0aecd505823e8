import PreflightCore

struct HTTPTransportCurrent: LiveCheck {
    static let description = CheckDescription(
        id: "http.transport-current", title: "The server uses Streamable HTTP, not the deprecated HTTP+SSE",
        section: .httpTransport, kind: .live, severity: .warning,
        rationale: """
            The 2024-11-05 HTTP+SSE transport (a GET event stream plus a POST endpoint) was replaced by Streamable \
            HTTP in 2025-03-26 and is Deprecated since 2026-07-28 (deprecated.mdx): clients drop it, and its one \
            long-lived stream per session defeats load balancers and serverless platforms. Preflight still audits \
            such a server (the era is detected by its `endpoint` event, 2026-07-28 streamable-http.mdx §Backward \
            Compatibility) and says so here.
            """,
        remediation:
            "Serve Streamable HTTP on one endpoint (mcp SDK: `streamable_http_app()`; fastmcp: `transport=\"http\"`); keep the SSE endpoint only while old clients need it.",
        failing: [.http("legacy_sse.py", path: "/sse", config: legacyConfig)], passing: [.http("sdk_server.py")])

    /// The HTTP+SSE fixture's `echo` carries no annotations: allowed, so that it is called too.
    static let legacyConfig = "[tools]\nallow = [\"echo\"]\n"

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard f.http != nil else { return LiveSkip.needsURL }
        if let skip = LiveSkip.handshake(f) { return skip }
        if f.transport == .httpSSE {
            let version = f.era?.version.map { " (it negotiated \($0))" } ?? ""
            return .fail(
                "the server uses the 2024-11-05 HTTP+SSE transport\(version), Deprecated since 2026-07-28: move to Streamable HTTP"
            )
        }
        let era = f.isModern ? "2026-07-28, stateless" : "\(f.era?.version ?? "handshake era"), with sessions"
        return .pass("Streamable HTTP (\(era))" + (f.era?.dualEra == true ? ", also serving handshake clients" : ""))
    }
}
