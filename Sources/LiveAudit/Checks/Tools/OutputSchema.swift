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
        let findings = withSchema.compactMap { call -> Finding? in
            guard let first = call.outputSchemaErrors.first else { return nil }
            return Finding("tool `\(call.tool)`: \(first)")
        }
        return .from(
            findings,
            pass: "\(withSchema.count) tool result\(withSchema.count == 1 ? "" : "s") validate against their outputSchema")
    }
}
