import MCPWire
import PreflightCore

struct ModernXMCPHeader: LiveCheck {
    static let description = CheckDescription(
        id: "modern.x-mcp-header", title: "x-mcp-header declarations are valid", section: .modernProtocol, kind: .live,
        severity: .error,
        rationale: """
            A tool parameter annotated `x-mcp-header` is mirrored into an `Mcp-Param-*` header on HTTP. The \
            annotation MUST be a non-empty HTTP token, unique (case-insensitively) within the schema, on a string, \
            integer or boolean property reached from the root through `properties` only; clients on HTTP MUST drop \
            a tool that breaks these rules (MCP 2026-07-28 basic/transports/streamable-http.mdx §Schema Extension). \
            Secret-looking parameters SHOULD NOT be mirrored (server/tools.mdx §x-mcp-header). Over stdio the tool \
            still works, so a broken declaration is a warning there.
            """,
        remediation:
            "Put `x-mcp-header` only on top-level string, integer or boolean properties with a unique token name (e.g. `\"x-mcp-header\": \"Region\"`); never on secrets.",
        failing: [ModernExamples.dataDefects], passing: [.deviant(), ModernExamples.sdk])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        if let skip = LiveSkip.noTools(f) { return skip }
        var findings: [Finding] = []
        var declared = 0
        for tool in f.tools.items {
            guard let schema = tool["inputSchema"] else { continue }
            let name = tool["name"]?.stringValue ?? "?"
            declared += ModernProtocol.headerDeclarations(schema).count
            for p in XMCPHeaderRules.problems(schema) {
                let status: Status = p.advisory || f.http == nil ? .warn : .fail
                let consequence = p.advisory || f.http == nil ? "" : ": HTTP clients drop the tool"
                findings.append(Finding("tool `\(name)`, \(p.path): \(p.reason)\(consequence)", status: status))
            }
        }
        let pass = declared == 0 ? "no tool declares x-mcp-header" : "\(declared) x-mcp-header declaration(s), all valid"
        return .from(findings, pass: pass)
    }
}
