import MCPWire
import PreflightCore

struct Capabilities: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.capabilities", title: "Declared capabilities match the methods that answer", section: .protocol,
        kind: .live, severity: .warning,
        rationale: """
            Clients only call what the server declared (MCP 2025-11-25, basic/lifecycle, Capability Negotiation). \
            A declared capability whose list fails breaks the client; an undeclared one that works is never used.
            """,
        remediation:
            "Declare exactly the capabilities you implement: with the SDKs, register at least one tool/prompt/resource or none.",
        failing: [.server("protocol.capabilities")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        var findings: [Finding] = []
        for l in [f.tools, f.prompts, f.resources] {
            let name = String(l.method.split(separator: "/").first ?? "")
            let answered = l.outcome?.result != nil
            if l.declared && !answered {
                findings.append(Finding("`\(name)` is declared but \(l.method) got \(l.outcome?.summary ?? "no answer")"))
            } else if !l.declared && answered && !l.items.isEmpty {
                findings.append(
                    Finding("\(l.method) answers with \(l.items.count) item(s) but `\(name)` is not declared", status: .warn))
            }
        }
        let declared = f.handshake?.capabilities?.objectValue?.map(\.0).sorted() ?? []
        return .from(
            findings, pass: "declared \(declared.isEmpty ? "no capabilities" : declared.joined(separator: ", ")), and they answer"
        )
    }
}
