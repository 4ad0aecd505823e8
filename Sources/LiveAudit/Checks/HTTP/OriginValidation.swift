import MCPWire
import PreflightCore

struct HTTPOriginValidation: LiveCheck {
    static let description = CheckDescription(
        id: "http.origin-validation", title: "A foreign Origin is refused with 403", section: .httpTransport, kind: .live,
        severity: .error,
        rationale: """
            A web page can make a browser send requests to a server on localhost or the local network (DNS \
            rebinding). Servers MUST validate the `Origin` header of every connection and, when it is present and \
            invalid, answer 403 (MCP 2026-07-28 basic/transports/streamable-http.mdx §Security & Endpoint 1; \
            2025-11-25 basic/transports.mdx §Security Warning; 2024-11-05 §HTTP with SSE, which names no status, so \
            any 4xx passes there). Requests without `Origin` (every non-browser client) are served.
            """,
        remediation:
            "Reject requests whose Origin is not one you serve with 403 (mcp SDK: the default transport security settings; fastmcp: `host_origin_protection=True`; or a middleware in front).",
        failing: [.deviant("no-origin-check", "no-auth")], passing: [.http("sdk_server.py"), .deviant()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        guard let foreign = h.foreignOrigin else {
            return .skip("not probed: \(f.era?.failure ?? h.tlsFailure ?? "the server did not answer")")
        }
        var evidence = JSONObjectBuilder()
        evidence.set("withForeignOrigin", foreign.summary)
        evidence.set("withoutOrigin", h.originBaseline?.summary)
        guard let status = foreign.status else {
            return .skip(
                "the request with a foreign Origin got no answer (\(foreign.failure?.description ?? "?"))",
                evidence: evidence.value)
        }
        let sent = "a request with Origin: \(HTTPProbes.foreignOrigin)"
        switch status {
        case 200..<300:
            return .fail(
                "\(sent) was served (\(status)): a web page could drive this server (DNS rebinding)", evidence: evidence.value)
        case 401:
            return .skip(
                "\(sent) got 401: authorization came first, so the Origin check is not visible", evidence: evidence.value)
        case 403:
            if let baseline = h.originBaseline, !baseline.succeeded {
                return .skip(
                    "the same request without Origin was not served either (\(baseline.summary))", evidence: evidence.value)
            }
            return .pass("\(sent) got 403; without Origin it is served", evidence: evidence.value)
        case 400..<500:
            if f.transport == .httpSSE {
                return .pass("\(sent) got \(status) (2024-11-05 names no status)", evidence: evidence.value)
            }
            return .warn("\(sent) was refused with \(status), not 403", evidence: evidence.value)
        default:
            return .skip("\(sent) got \(status): inconclusive", evidence: evidence.value)
        }
    }
}
