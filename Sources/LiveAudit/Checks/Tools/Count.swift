import PreflightCore

struct ToolCount: LiveCheck {
    static let description = CheckDescription(
        id: "tools.count", title: "The tool count is manageable", section: .protocol, kind: .live, severity: .warning,
        rationale: """
            Every tool costs context and choice: past 10–15 tools models pick the wrong one more often and the \
            definitions crowd the context window (checklist: reduce number of tools, target 10-15 max).
            """,
        remediation: "Merge related tools, drop rarely used ones, or split the server by audience.",
        failing: [.server("tools.count")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "listing") { return skip }
        let n = f.tools.items.count
        let warnAbove = context.thresholds.toolsWarn
        let failAbove = context.thresholds.toolsFail
        let evidence = JSONValue.object([("count", .int(n))])
        if n > failAbove { return .fail("\(n) tools (more than \(failAbove))", evidence: evidence) }
        if n > warnAbove { return .warn("\(n) tools (more than \(warnAbove))", evidence: evidence) }
        return .pass("\(n) tool\(n == 1 ? "" : "s")", evidence: evidence)
    }
}
