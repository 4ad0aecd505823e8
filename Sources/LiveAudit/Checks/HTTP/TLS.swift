import PreflightCore

struct HTTPTLS: LiveCheck {
    static let description = CheckDescription(
        id: "http.tls", title: "Off loopback, the endpoint is https with a certificate that verifies", section: .httpTransport,
        kind: .live, severity: .error,
        rationale: """
            Bearer tokens and session ids ride in the headers of every request: over plain http anyone on the path \
            reads them (RFC 6750 §5.3: bearer tokens MUST be protected by TLS). MCP authorization follows OAuth 2.1 \
            §1.5 on communication security and requires https for authorization servers (MCP 2026-07-28, \
            basic/authorization/security-considerations.mdx §Communication Security); canonical server URIs are \
            https (basic/authorization/index.mdx §Canonical Server URI). Plain http is harmless only on loopback. \
            An https certificate that does not verify (self-signed, expired, another host) is refused by every \
            client that checks it. The URL alone decides the first part; the TLS handshake the second.
            """,
        remediation:
            "Serve the endpoint over https with a certificate from a trusted CA for its host name (terminate TLS at a reverse proxy or load balancer); keep plain http for 127.0.0.1.",
        failing: [.deviant(arguments: ["--tls"], note: "a self-signed certificate")], passing: [.http("sdk_server.py")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        var evidence = JSONObjectBuilder()
        evidence.set("scheme", h.scheme)
        evidence.set("loopback", h.loopback)
        if let problem = h.tlsFailure {
            evidence.set("tls", problem)
            return .fail("\(h.url): \(problem)", evidence: evidence.value)
        }
        if h.scheme == "http" {
            if h.loopback {
                return .pass(
                    "plain http on loopback: only this machine can reach it (serve https anywhere else)", evidence: evidence.value
                )
            }
            return .fail(
                "plain http to a host off loopback: bearer tokens and session ids travel in clear text", evidence: evidence.value)
        }
        // https: the handshake and the certificate verified if anything at all was answered.
        guard f.era?.era != nil || f.http?.auth?.unauthenticated.status != nil else {
            return .skip("nothing answered over https, so the certificate was not seen (\(f.era?.failure ?? "no answer"))")
        }
        return .pass("https; the certificate verified for \(h.url)", evidence: evidence.value)
    }
}
