import MCPWire
import PreflightCore

struct ProtocolInitialize: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.initialize", title: "The initialize handshake completes", section: .protocol, kind: .live,
        severity: .error,
        rationale: """
            Every session starts with `initialize`; the result MUST carry `protocolVersion`, `capabilities` and \
            `serverInfo` (MCP 2025-11-25, basic/lifecycle, Initialization). A server that cannot complete it in time \
            never gets a tool called.
            """,
        remediation:
            "Answer `initialize` with protocolVersion, capabilities and serverInfo {name, version}; do slow setup lazily, after the handshake.",
        failing: [.server("protocol.initialize")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .fail("the server could not be started: \(why)") }
        guard let h = f.handshake else { return .fail("no initialize exchange took place") }
        guard let result = h.outcome.result else {
            // The server's own last words usually say why (a missing module, a bad config, a crash).
            let tail = f.stderrLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(3)
            let said =
                tail.isEmpty
                ? "" : "; the server's stderr ended with: " + tail.map { $0.prefixString(200) }.joined(separator: " | ")
            var evidence = JSONObjectBuilder()
            evidence.set("stderrTail", JSONValue.strings(Array(f.stderrLines.suffix(20))))
            return .fail("initialize got \(h.outcome.summary)\(said)", evidence: evidence.value)
        }
        var missing: [String] = []
        if h.protocolVersion == nil { missing.append("protocolVersion") }
        if result["capabilities"]?.objectValue == nil { missing.append("capabilities") }
        if h.serverName == nil { missing.append("serverInfo.name") }
        if result["serverInfo"]?["version"] == nil { missing.append("serverInfo.version") }
        let ms = h.outcome.elapsed?.milliseconds ?? 0
        var evidence = JSONObjectBuilder()
        evidence.set("protocolVersion", h.protocolVersion)
        evidence.set("serverName", h.serverName)
        evidence.set("serverVersion", h.serverVersion)
        evidence.set("elapsedMs", ms)
        if !missing.isEmpty {
            return .fail("the initialize result lacks \(missing.joined(separator: ", "))", evidence: evidence.value)
        }
        return .pass(
            "handshake in \(ms) ms: \(h.serverName ?? "?") \(h.serverVersion ?? ""), protocol \(h.protocolVersion ?? "?")",
            evidence: evidence.value)
    }
}
