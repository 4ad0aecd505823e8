import MCPWire
import PreflightCore

struct JSONRPCErrors: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.jsonrpc-errors", title: "JSON-RPC errors use the standard codes", section: .protocol, kind: .live,
        severity: .warning,
        rationale: """
            Clients branch on error codes: -32601 for an unknown method, -32700 (with `id: null`) for unparseable \
            JSON, -32602 for invalid params (JSON-RPC 2.0 §5.1, which MCP adopts: MCP 2025-11-25, basic/index, \
            Responses). Silence or a generic error leaves the client waiting or retrying blindly.
            """,
        remediation:
            "Let the SDK's dispatcher answer unknown methods and bad params; do not swallow parse errors in a custom transport loop.",
        failing: [.server("protocol.jsonrpc-errors")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "protocol probes") { return skip }
        for o in [f.unknownMethod, f.badParams] { if let skip = LiveSkip.closed(f, o) { return skip } }
        var findings: [Finding] = []
        if let o = f.unknownMethod, o.errorCode != -32601 {
            findings.append(Finding("an unknown method got \(o.summary), not -32601"))
        }
        if let m = f.malformed {
            if !m.answered {
                findings.append(Finding("a malformed JSON message got no answer (expected -32700 with id null)", status: .warn))
            } else if m.code != -32700 || !m.idIsNull {
                findings.append(
                    Finding(
                        "a malformed JSON message got code \(m.code.map(String.init) ?? "?")\(m.idIsNull ? "" : " without a null id"), not -32700 with id null"
                    ))
            }
        }
        if let o = f.badParams, o.result != nil || (o.errorCode != nil && o.errorCode != -32602) || o.errorCode == nil {
            let status: Status = o.result != nil || o.errorCode == nil ? .fail : .warn
            findings.append(Finding("tools/call without a tool name got \(o.summary), not -32602", status: status))
        }
        return .from(findings, pass: "unknown method -32601, malformed JSON -32700 with id null, bad params -32602")
    }
}
