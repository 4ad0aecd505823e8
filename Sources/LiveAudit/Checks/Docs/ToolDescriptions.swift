import PreflightCore

struct ToolDescriptions: LiveCheck {
    static let description = CheckDescription(
        id: "docs.tool-descriptions", title: "Tools and parameters are described", section: .documentation,
        kind: .live, severity: .warning,
        rationale: """
            The model chooses tools and fills arguments from their descriptions alone (checklist: tool descriptions \
            clear and actionable for agents). An empty or one-word description is a tool the model misuses; a \
            1,000-character essay wastes context.
            """,
        remediation:
            "Give each tool 20 to 1,000 characters on what it does and when to use it, and each parameter a description (docstring `Args:` or `Field(description=...)`).",
        failing: [.server("docs.tool-descriptions")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noTools(f) { return skip }
        var findings: [Finding] = []
        for tool in f.tools.items {
            let name = tool["name"]?.stringValue ?? "?"
            let text = (tool["description"]?.stringValue ?? "").trimmed
            if text.count < 20 {
                findings.append(
                    Finding("tool `\(name)` has a \(text.isEmpty ? "missing" : "\(text.count)-character") description"))
            } else if text.count > 1000 {
                findings.append(Finding("tool `\(name)` has a \(text.count)-character description (over 1,000)", status: .warn))
            }
            let undescribed = (tool["inputSchema"]?["properties"]?.objectValue ?? []).filter {
                ($0.1["description"]?.stringValue ?? "").trimmed.isEmpty
            }.map(\.0)
            if !undescribed.isEmpty {
                findings.append(
                    Finding(
                        "tool `\(name)`: parameter\(undescribed.count == 1 ? "" : "s") \(undescribed.map { "`\($0)`" }.joined(separator: ", ")) undescribed"
                    ))
            }
        }
        return .from(findings, pass: "every tool and parameter of \(f.tools.items.count) tools is described")
    }
}
