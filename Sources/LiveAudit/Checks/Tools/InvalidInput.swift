import MCPWire
import PreflightCore

struct ToolInvalidInput: LiveCheck {
    static let description = CheckDescription(
        id: "tools.invalid-input", title: "Invalid arguments get an error, not a crash", section: .protocol,
        kind: .live, severity: .error,
        rationale: """
            Models send wrong arguments. A schema violation should come back as a tool error (`isError: true`, so the \
            model can correct itself) or -32602 (MCP 2025-11-25, server/tools, Error Handling) — never a crash, a \
            hang, or a success that acted on garbage.
            """,
        remediation:
            "Validate arguments against the schema before acting (the SDKs do with typed parameters) and raise a clear tool error.",
        failing: [.server("tools.invalid-input")],
        passing: [
            .server(),
            Example(server: ["--lax-validation"], note: "a lax validator (pydantic's) still rejects what it cannot coerce"),
        ])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        if let skip = LiveSkip.step(f, "invalid arguments") { return skip }
        guard !f.invalidCalls.isEmpty else {
            return .skip("no schema violation could be built for the callable tools (schemas accept anything)")
        }
        var findings: [Finding] = []
        for call in f.invalidCalls {
            switch call.outcome {
            case .result:
                // An error text without the flag is still a rejection; tools.error-flag reports the missing flag.
                if !call.isError && !ErrorText.looksLikeError(call.text) {
                    findings.append(Finding("tool `\(call.tool)` accepted \(call.violation) and reported success"))
                }
            case .error(let code, _, _, _):
                if code == -32603 || code == -32000 {
                    findings.append(
                        Finding("tool `\(call.tool)` answered \(call.violation) with internal error \(code)", status: .warn))
                }
            case .timedOut:
                findings.append(Finding("tool `\(call.tool)` hung on \(call.violation) (\(call.outcome.summary))"))
            case .closed:
                // Whatever ended the session, it ended on this call: the invalid input is the likely cause.
                findings.append(Finding("the server died on \(call.violation) to tool `\(call.tool)` (see lifecycle.crash)"))
            case .transportFailure(let status, let reason):
                // An HTTP error without a JSON-RPC body is still a refusal; no answer at all is not.
                if status == nil || (status ?? 0) >= 500 {
                    findings.append(Finding("tool `\(call.tool)` got no answer to \(call.violation): \(reason)"))
                }
            }
        }
        var evidence = JSONObjectBuilder()
        evidence.set("called", JSONValue.strings(f.toolCalls.map(\.tool)))
        evidence.set(
            "notExercised", .array(f.notCalled.map { .object([("tool", .string($0.tool)), ("reason", .string($0.reason))]) }))
        let skipped =
            f.notCalled.isEmpty
            ? "" : "; \(f.notCalled.count) tool\(f.notCalled.count == 1 ? "" : "s") not exercised (may change the world)"
        return .from(
            findings, pass: "\(f.invalidCalls.count) schema-violating calls all got an error\(skipped)", evidence: evidence.value)
    }
}
