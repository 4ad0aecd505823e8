import PreflightCore

struct ToolAnnotations: LiveCheck {
    static let description = CheckDescription(
        id: "tools.annotations", title: "Tools declare read-only / destructive hints", section: .protocol, kind: .live,
        severity: .warning,
        rationale: """
            `readOnlyHint` and `destructiveHint` let clients ask before a tool changes the world and run safe ones \
            freely (MCP 2025-11-25, server/tools, ToolAnnotations). Without them a careful client must treat every \
            tool as destructive, and Preflight will not call it.
            """,
        remediation:
            "Annotate every tool, e.g. `@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))`, or `destructiveHint=True` for writes.",
        failing: [.server("tools.annotations")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noTools(f) { return skip }
        let findings = f.tools.items.compactMap { tool -> Finding? in
            let a = tool["annotations"]
            if a?["readOnlyHint"]?.boolValue != nil || a?["destructiveHint"]?.boolValue != nil { return nil }
            return Finding("tool `\(tool["name"]?.stringValue ?? "?")` declares neither readOnlyHint nor destructiveHint")
        }
        return .from(findings, pass: "every tool declares readOnlyHint or destructiveHint")
    }
}
