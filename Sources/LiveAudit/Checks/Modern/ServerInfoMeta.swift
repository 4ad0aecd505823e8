import PreflightCore

struct ModernServerInfoMeta: LiveCheck {
    static let description = CheckDescription(
        id: "modern.server-info-meta", title: "Results identify the server in _meta", section: .modernProtocol,
        kind: .live, severity: .warning,
        rationale: """
            Without a handshake there is no `serverInfo` exchange: 2026-07-28 results SHOULD carry \
            `_meta["io.modelcontextprotocol/serverInfo"]` with `name` and `version` (MCP 2026-07-28 basic/index.mdx \
            §`_meta`, per-response fields; server/discover.mdx §DiscoverResult), and the same identity on every \
            result. Clients and gateways use it for logs, metrics and version pinning.
            """,
        remediation: "Add `_meta: {\"io.modelcontextprotocol/serverInfo\": {name, version}}` to every result (the 2026 SDKs do).",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let ledger = f.modern?.ledger, !ledger.results.isEmpty else { return LiveSkip.notMeasured(f, "no result was seen") }
        var findings = ledger.missingServerInfo.sorted { $0.key < $1.key }.map {
            Finding("\($0.value) of \(ledger.results[$0.key] ?? 0) \($0.key) results carry no _meta serverInfo {name, version}")
        }
        if ledger.serverIdentities.count > 1 {
            findings.append(
                Finding("results name different servers: \(ledger.serverIdentities.sorted().joined(separator: "; "))"))
        }
        return .from(findings, pass: "every result names \(ledger.serverIdentities.first ?? "the server") in _meta")
    }
}
