import MCPWire
import PreflightCore

struct HTTPProtocolVersionHeader: LiveCheck {
    static let description = CheckDescription(
        id: "http.protocol-version-header", title: "An unsupported MCP-Protocol-Version header gets 400",
        section: .httpTransport, kind: .live, severity: .error,
        rationale: """
            From 2025-06-18 every request after initialize carries `MCP-Protocol-Version`; a server MUST answer an \
            invalid or unsupported one with 400 (MCP 2025-11-25 basic/transports.mdx §Protocol Version Header) and \
            SHOULD assume 2025-03-26 when it is absent. In 2026-07-28 the header MUST be on every request and MUST \
            match the body's `_meta` version; an unsupported one MUST get 400 (streamable-http.mdx §Protocol \
            Version Header). A server that ignores it serves clients whose requests it may misread.
            """,
        remediation:
            "Validate MCP-Protocol-Version on every request against the versions you serve and answer 400 otherwise (the SDKs' session managers do).",
        failing: [
            .deviant(
                "session-id-invalid-chars", "unknown-session-200", "protocol-version-header-ignored",
                arguments: ["--era", "2025-11-25"])
        ],
        passing: [.http("sdk_server.py", "--era", "2025-11-25"), .http("sdk_server.py")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        if let skip = LiveSkip.handshake(f) { return skip }
        if f.transport == .httpSSE {
            return .skip("\(SkipReasons.httpSSE) (2024-11-05), which has no MCP-Protocol-Version header")
        }
        guard let unsupported = h.versionHeader.first else {
            if let v = f.era?.version, !f.isModern, !StreamableHTTPTransport.sendsVersionHeader(v) {
                return .skip("the session negotiated \(v), before MCP-Protocol-Version existed (2025-06-18)")
            }
            return LiveSkip.notMeasured(f, "the version-header probes did not run")
        }
        let evidence = JSONValue.strings(h.versionHeader.map { "\($0.label): \($0.shown)" })
        var findings: [Finding] = []
        if unsupported.status != 400 {
            let what = unsupported.outcome.result != nil ? "was served" : "got \(unsupported.shown)"
            findings.append(Finding("a request with \(unsupported.label) \(what), not HTTP 400"))
        }
        var notes: [String] = []
        for answer in h.versionHeader.dropFirst() {
            if answer.label.hasPrefix("no ") {
                notes.append("without the header: \(answer.shown)")
            } else if answer.outcome.result == nil {
                findings.append(Finding("a request with the negotiated \(answer.label) got \(answer.shown)"))
            }
        }
        let note = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        return .from(findings, pass: "an unsupported MCP-Protocol-Version gets HTTP 400\(note)", evidence: evidence)
    }
}
