import Foundation
import PreflightCore

struct ToolNamesValid: LiveCheck {
    static let description = CheckDescription(
        id: "tools.names-valid", title: "Tool names are valid and unique", section: .protocol, kind: .live,
        severity: .error,
        rationale: """
            Tool names SHOULD be 1 to 128 characters of A-Z, a-z, 0-9, `_`, `-` and `.`, and unique within the \
            server (MCP 2025-11-25, server/tools, Tool Names). Other names are rejected or mangled by clients and \
            model APIs; duplicates make one tool unreachable.
            """,
        remediation: "Rename tools to `^[A-Za-z0-9_.-]{1,128}$` (e.g. `get_forecast`) and keep names unique.",
        failing: [.server("tools.names-valid")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noTools(f) { return skip }
        var findings: [Finding] = []
        var seen: Set<String> = []
        for tool in f.tools.items {
            guard let name = tool["name"]?.stringValue else {
                findings.append(Finding("a tool has no string name"))
                continue
            }
            if name.range(of: #"^[A-Za-z0-9_.\-]{1,128}$"#, options: .regularExpression) == nil {
                findings.append(Finding("tool name `\(name.prefixString(60))` is not 1–128 characters of A-Z a-z 0-9 _ - ."))
            }
            if !seen.insert(name).inserted { findings.append(Finding("tool name `\(name)` is listed twice")) }
        }
        return .from(findings, pass: "\(f.tools.items.count) valid, unique tool names")
    }
}
