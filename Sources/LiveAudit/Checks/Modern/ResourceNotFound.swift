import PreflightCore

struct ModernResourceNotFound: LiveCheck {
    static let description = CheckDescription(
        id: "modern.resource-not-found", title: "A missing resource gets -32602", section: .modernProtocol, kind: .live,
        severity: .error,
        rationale: """
            In 2026-07-28 reading a resource that does not exist MUST get -32602 (Invalid params), never an empty \
            `contents` (MCP 2026-07-28 server/resources.mdx §Error Handling; changelog, minor change 6); the old \
            -32002 MUST NOT be emitted any more (basic/index.mdx §Error Codes). Preflight reads \
            `preflight-missing://<uuid>`, which no template can match.
            """,
        remediation: "Answer an unknown resource URI with -32602 (the 2026 SDKs do; replace any hand-written -32002).",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard f.resources.declared else { return .skip("the server declares no resources") }
        guard let a = f.modern?.missingResource else { return LiveSkip.notMeasured(f, "the missing resource was not read") }
        let evidence = JSONValue.string("\(a.label): \(a.shown)")
        switch a.outcome {
        case .error(-32602, _, _, _): return .pass("a missing resource gets -32602 (\(a.shown))", evidence: evidence)
        case .error(-32002, _, _, _):
            return .fail("a missing resource gets -32002, the pre-2026 code: 2026-07-28 requires -32602", evidence: evidence)
        case .error(let code, _, _, _): return .fail("a missing resource gets error \(code), not -32602", evidence: evidence)
        case .result(let r, _):
            let empty = r["contents"]?.arrayValue?.isEmpty ?? true
            return .fail(
                "a missing resource was answered with a result\(empty ? " with empty contents" : ""), not -32602",
                evidence: evidence)
        default:
            if let skip = LiveSkip.closed(f, a.outcome) { return skip }
            return .fail("a missing resource got \(a.outcome.summary), not -32602", evidence: evidence)
        }
    }
}
