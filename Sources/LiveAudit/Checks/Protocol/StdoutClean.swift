import MCPWire
import PreflightCore

struct StdoutClean: LiveCheck {
    static let description = CheckDescription(
        id: "stdio.stdout-clean", title: "stdout carries only JSON-RPC messages", section: .protocol, kind: .live,
        severity: .error,
        rationale: """
            Over stdio the server MUST NOT write anything to stdout that is not a valid MCP message; messages are \
            newline-delimited and contain no embedded newlines (MCP 2025-11-25, basic/transports, stdio). One banner \
            line or stray print breaks the client's parser.
            """,
        remediation: "Send logs and banners to stderr; make sure dependencies do not print to stdout at import time.",
        failing: [.server("stdio.stdout-clean")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.stdioOnly(f) { return skip }
        let evidence = JSONValue.object([("bytes", .int(f.stdoutBytes)), ("messages", .int(f.stdoutMessages))])
        guard let first = f.impurities.first else {
            return .pass("\(f.stdoutMessages) messages, \(f.stdoutBytes) bytes on stdout, all valid JSON-RPC", evidence: evidence)
        }
        let more = f.impurities.count > 1 ? " (and \(f.impurities.count - 1) more)" : ""
        return .fail("stdout carried \(first.reason): \"\(first.excerpt.prefixString(100))\"\(more)", evidence: evidence)
    }
}
