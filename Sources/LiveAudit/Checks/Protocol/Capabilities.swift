import MCPWire
import PreflightCore

struct Capabilities: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.capabilities", title: "Declared capabilities match the methods that answer", section: .protocol,
        kind: .live, severity: .warning,
        rationale: """
            Clients only call what the server declared (MCP 2025-11-25, basic/lifecycle, Capability Negotiation). \
            A declared capability whose list fails breaks the client; an undeclared one that works is never used. In \
            2026-07-28 the capabilities come from `server/discover` (server/discover.mdx) and `logging/setLevel` is \
            gone (a request asks for logs in its `_meta`).
            """,
        remediation:
            "Declare exactly the capabilities you implement: with the SDKs, register at least one tool/prompt/resource or none.",
        failing: [.server("protocol.capabilities"), .server("protocol.capabilities-method")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "listing") { return skip }
        let lists = [f.tools, f.prompts, f.resources, f.templates]
        for l in lists { if let skip = LiveSkip.closed(f, l.outcome) { return skip } }
        var findings: [Finding] = []
        for l in lists {
            let name = l.method == "resources/templates/list" ? "resources" : String(l.method.split(separator: "/").first ?? "")
            let answered = l.outcome?.result != nil
            if l.declared && !answered {
                // Templates are optional within `resources`; a missing list there is worth a warning only.
                let status: Status = l.method == "resources/templates/list" ? .warn : .fail
                findings.append(
                    Finding("`\(name)` is declared but \(l.method) got \(l.outcome?.summary ?? "no answer")", status: status))
            } else if !l.declared && answered && !l.items.isEmpty && l.method != "resources/templates/list" {
                findings.append(
                    Finding("\(l.method) answers with \(l.items.count) item(s) but `\(name)` is not declared", status: .warn))
            }
        }
        // Log messages are for clients that asked for the `logging` capability's messages. In 2026-07-28
        // a request asks for them itself (`_meta` logLevel): modern.log-opt-in judges that.
        if !f.isModern, f.handshake?.capabilities?["logging"] == nil, let n = f.notificationMethods["notifications/message"] {
            findings.append(
                Finding("the server sent \(n) notifications/message without declaring the `logging` capability", status: .warn))
        }
        // The other methods a declared capability promises: only "method not found" says one is missing.
        for m in f.capabilityMethods where m.outcome.errorCode == -32601 {
            findings.append(Finding("`\(m.capability)` is declared but \(m.method) got -32601 (method not found)"))
        }
        let declared = f.handshake?.capabilities?.objectValue?.map(\.0).sorted() ?? []
        return .from(
            findings, pass: "declared \(declared.isEmpty ? "no capabilities" : declared.joined(separator: ", ")), and they answer"
        )
    }
}
