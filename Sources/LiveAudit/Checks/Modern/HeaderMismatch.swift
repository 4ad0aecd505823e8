import MCPWire
import PreflightCore

struct ModernHeaderMismatch: LiveCheck {
    static let description = CheckDescription(
        id: "modern.header-mismatch", title: "Headers that disagree with the body get 400 and -32020", section: .modernProtocol,
        kind: .live, severity: .error,
        rationale: """
            2026-07-28 HTTP requests mirror the body in headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, \
            `Mcp-Param-*`) so that gateways can route and authorize without parsing JSON. A server MUST reject a \
            request whose headers are missing or disagree with the body with 400 and `HeaderMismatch` (-32020) \
            (MCP 2026-07-28 basic/transports/streamable-http.mdx §Server Validation, §Server Behavior for Custom \
            Headers): otherwise a gateway's decision and the server's action can differ. HTTP only.
            """,
        remediation:
            "Compare each mirrored header with the body before dispatch and answer 400 with -32020 on a mismatch (the 2026 SDKs' transports do).",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk, .deviant()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard f.http != nil else { return .skip("the server is reached over stdio, where requests carry no headers") }
        guard let answers = f.modern?.headerMismatch, !answers.isEmpty else {
            return LiveSkip.notMeasured(f, "the header probes did not run")
        }
        let findings = answers.compactMap { a -> Finding? in
            if a.status == 400, a.outcome.errorCode == ModernProtocol.ErrorCode.headerMismatch { return nil }
            let what = a.outcome.result != nil ? "was served (\(a.shown))" : "got \(a.shown)"
            return Finding("\(a.label) \(what), not HTTP 400 with -32020")
        }
        let evidence = JSONValue.strings(answers.map { "\($0.label): \($0.shown)" })
        return .from(
            findings, pass: "\(answers.count) requests with mismatched headers all got 400 and -32020", evidence: evidence)
    }
}
