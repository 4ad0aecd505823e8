import MCPSchema
import PreflightCore

struct ToolSchemaValid: LiveCheck {
    static let description = CheckDescription(
        id: "tools.schema-valid", title: "Tool schemas are JSON Schema objects", section: .protocol, kind: .live,
        severity: .error,
        rationale: """
            `inputSchema` MUST be a valid JSON Schema object, and `outputSchema` too when present (MCP 2025-11-25, \
            server/tools, Tool). Clients hand these to the model and validate against them; a schema of another \
            type, or a broken one, makes the tool uncallable or unvalidated.
            """,
        remediation:
            "Give every tool `inputSchema: {\"type\": \"object\", \"properties\": {...}}` (typed parameters do this in the SDKs).",
        failing: [.server("tools.schema-valid")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noTools(f) { return skip }
        var findings: [Finding] = []
        for tool in f.tools.items {
            let name = tool["name"]?.stringValue ?? "?"
            for key in ["inputSchema", "outputSchema"] {
                guard let schema = tool[key] else {
                    if key == "inputSchema" { findings.append(Finding("tool `\(name)` has no inputSchema")) }
                    continue
                }
                let problems = SchemaValidator.checkSchema(schema)
                if let first = problems.first { findings.append(Finding("tool `\(name)` \(key): \(first)")) }
            }
        }
        return .from(findings, pass: "all \(f.tools.items.count) tools have object schemas")
    }
}
