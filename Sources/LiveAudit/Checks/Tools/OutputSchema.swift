import PreflightCore

struct ToolOutputSchema: LiveCheck {
    static let description = CheckDescription(
        id: "tools.output-schema", title: "Structured results match their output schema", section: .protocol,
        kind: .live, severity: .error,
        rationale: """
            When a tool declares an `outputSchema`, servers MUST provide structured results that conform to it \
            (MCP 2025-11-25, server/tools, Output Schema); clients validate and reject the rest.
            """,
        remediation:
            "Return data that matches the declared schema (in the SDKs, return the annotated Pydantic model / TypedDict).",
        failing: [.server("tools.output-schema")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        let withSchema = f.toolCalls.filter { call in
            f.tools.items.contains { $0["name"]?.stringValue == call.tool && $0["outputSchema"] != nil }
        }
        guard !withSchema.isEmpty else { return .skip("no called tool declares an outputSchema") }
        // Only successful results carry structured content to validate.
        let validated = withSchema.filter { $0.outcome.result != nil && !$0.isError }
        guard !validated.isEmpty else {
            let names = withSchema.map { "`\($0.tool)`" }.joined(separator: ", ")
            return .skip(
                "nothing to validate: every call of \(names) returned an error; give arguments that work in [tools.examples.NAME]"
            )
        }
        let findings = validated.compactMap { call -> Finding? in
            guard let first = call.outputSchemaErrors.first else { return nil }
            return Finding("tool `\(call.tool)`: \(first)")
        }
        let n = validated.count
        return .from(
            findings, pass: "\(n) tool result\(n == 1 ? "" : "s") validated against \(n == 1 ? "its" : "their") outputSchema")
    }
}
