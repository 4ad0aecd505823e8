import PreflightCore

struct ModernResultType: LiveCheck {
    static let description = CheckDescription(
        id: "modern.result-type", title: "Every result says its resultType", section: .modernProtocol, kind: .live,
        severity: .error,
        rationale: """
            In 2026-07-28 every result MUST carry `resultType` (`complete`, or `input_required` for a multi-round \
            trip), and a client MUST treat an unknown value as invalid (MCP 2026-07-28 basic/index.mdx §Result \
            Responses, §ResultType; schema.ts `Result`). Every result of the run is checked as it arrives.
            """,
        remediation: "Set `resultType: \"complete\"` on every result (the 2026 SDKs do; hand-written servers must add it).",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk, ModernExamples.sdkStdio])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let ledger = f.modern?.ledger, !ledger.results.isEmpty else { return LiveSkip.notMeasured(f, "no result was seen") }
        var findings = ledger.missingResultType.sorted { $0.key < $1.key }.map {
            Finding("\($0.value) of \(ledger.results[$0.key] ?? 0) \($0.key) results lack resultType")
        }
        findings += ledger.unknownResultType.sorted { $0.key < $1.key }.map {
            Finding("a \($0.key) result has resultType \($0.value), neither complete nor input_required")
        }
        let total = ledger.results.values.reduce(0, +)
        return .from(findings, pass: "all \(total) results of \(ledger.results.count) methods carry resultType")
    }
}
