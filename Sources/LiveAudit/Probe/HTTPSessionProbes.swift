import Foundation
import MCPWire
import PreflightCore

/// http.session-id and http.protocol-version-header: sessions of their own on the server (opened,
/// probed and ended again), after the main session.
struct HTTPSessionProbes {
    let wire: HTTPWire
    let era: LiveFacts.EraFacts
    let timeout: Duration

    static func bogusSession() -> String { "preflight-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    func run(into h: inout LiveFacts.HTTPFacts) async {
        switch era.era {
        case .handshake?: await handshake(&h)
        case .modern?: await modern(&h)
        default: break
        }
    }

    /// 2025-11-25 basic/transports.mdx §Session Management and §Protocol Version Header.
    func handshake(_ h: inout LiveFacts.HTTPFacts) async {
        var s = LiveFacts.Session()
        var options = StreamableHTTPTransport.Options()
        options.exchangeTimeout = timeout
        options.deleteSessionAtEnd = false
        let first = StreamableHTTPTransport.make(wire: wire, mode: .handshake, options: options)
        let opened = await SessionSteps.initialize(first.connection, version: LiveOptions.latestRevision, timeout: timeout)
        if let id = first.sessionID { s.ids.append(id) }
        let second = StreamableHTTPTransport.make(wire: wire, mode: .handshake)
        _ = await SessionSteps.initialize(second.connection, version: LiveOptions.latestRevision, timeout: timeout)
        if let id = second.sessionID { s.ids.append(id) }
        await second.close()
        if opened.protocolVersion != nil, let negotiated = first.negotiatedVersion,
            StreamableHTTPTransport.sendsVersionHeader(negotiated)
        {
            h.versionHeader = [
                await answer(first, "unsupported MCP-Protocol-Version 1999-01-01") {
                    $0.set("MCP-Protocol-Version", "1999-01-01")
                },
                await answer(first, "MCP-Protocol-Version \(negotiated)") { _ in },
                await answer(first, "no MCP-Protocol-Version") { $0.remove("MCP-Protocol-Version") },
            ]
        }
        if first.sessionID != nil {
            s.unknownSession = await first.probe("tools/list", timeout: timeout, label: "unknown session") {
                $0.set("Mcp-Session-Id", Self.bogusSession())
            }
            s.missingSession = await first.probe("tools/list", timeout: timeout, label: "no session") {
                $0.remove("Mcp-Session-Id")
            }
            s.delete = await first.deleteSession(timeout: timeout)
            if s.delete?.succeeded == true {
                s.afterDelete = await first.probe("tools/list", timeout: timeout, label: "deleted session")
            }
        }
        await first.close()
        h.session = s
    }

    /// 2026-07-28 streamable-http.mdx §Earlier Streamable HTTP Revisions (no session ids) and
    /// §Protocol Version Header.
    func modern(_ h: inout LiveFacts.HTTPFacts) async {
        let version = era.version ?? ModernProtocol.version
        let t = StreamableHTTPTransport.make(wire: wire, mode: .modern(version: version))
        var s = LiveFacts.Session()
        // Every 2026-07-28 exchange so far: none may have minted a session.
        for e in wire.exchanges
        where e.requestHeaders["MCP-Protocol-Version"].map({ !ModernProtocol.handshakeVersions.contains($0) }) == true {
            if let id = e.sessionID, s.mintedModern.count < 5 { s.mintedModern.append("\(e.label ?? e.method): \(id)") }
        }
        let envelope = ModernProtocol.Envelope(version: version)
        let bogus = await t.probe("tools/list", params: envelope.wrap(nil), timeout: timeout, label: "bogus Mcp-Session-Id") {
            $0.set("Mcp-Session-Id", Self.bogusSession())
        }
        s.bogusModern = bogus
        s.bogusModernServed = bogus.succeeded && bogus.firstResponse?["result"] != nil
        h.session = s
        let unsupported = ModernProtocol.Envelope(version: "1999-01-01")
        let id = JSONValue.string("preflight-version-header")
        h.versionHeader = [
            LiveFacts.ProbeAnswer(
                label: "unsupported MCP-Protocol-Version 1999-01-01",
                exchange: await t.probe(
                    "tools/list", params: unsupported.wrap(nil), id: id, timeout: timeout,
                    label: "unsupported MCP-Protocol-Version"), id: id),
            LiveFacts.ProbeAnswer(
                label: "no MCP-Protocol-Version",
                exchange: await t.probe(
                    "tools/list", params: envelope.wrap(nil), id: id, timeout: timeout, label: "no MCP-Protocol-Version"
                ) { $0.remove("MCP-Protocol-Version") }, id: id),
        ]
    }

    private func answer(_ t: StreamableHTTPTransport, _ label: String, edit: (inout HeaderList) -> Void) async
        -> LiveFacts.ProbeAnswer
    {
        let id = JSONValue.string("preflight-version-header")
        return LiveFacts.ProbeAnswer(
            label: label, exchange: await t.probe("tools/list", id: id, timeout: timeout, label: label, headers: edit), id: id)
    }
}
