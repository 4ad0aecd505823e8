import Foundation
import MCPWire
import PreflightCore

/// The 2026-07-28 probes: every request stands alone, so each rule is one request shaped on purpose
/// (a version the server cannot speak, an envelope missing a field, headers that disagree with the
/// body). Over HTTP each probe is its own exchange, kept for the evidence; over stdio it goes
/// through the connection with its own `_meta`, which the connection leaves as it is.
struct ModernProbes {
    let c: MCPConnection
    let peer: Peer
    let facts: LiveFacts
    let timeout: Duration

    static let unsupported = "1900-01-01"

    var version: String { facts.era?.version ?? ModernProtocol.version }
    var envelope: ModernProtocol.Envelope { ModernProtocol.Envelope(version: version) }

    func run(into m: inout LiveFacts.ModernFacts) async {
        let old = ModernProtocol.Envelope(version: Self.unsupported)
        m.unsupportedVersion = [
            await ask("server/discover", envelope: old, label: "server/discover at \(Self.unsupported)"),
            await ask("tools/list", envelope: old, label: "tools/list at \(Self.unsupported)"),
        ]
        m.missingCapabilities = await ask(
            "tools/list", envelope: ModernProtocol.Envelope(version: version, capabilities: nil),
            label: "tools/list without clientCapabilities")
        m.sequence = [
            await ask("tools/list", envelope: envelope, label: "tools/list (1 of 3)"),
            await ask("tools/list", envelope: old, label: "tools/list at \(Self.unsupported) (2 of 3)"),
            await ask("tools/list", envelope: envelope, label: "tools/list (3 of 3)"),
        ]
        if case .http(let t) = peer {
            // A transport that has sent nothing yet: no discover before it, no state to rely on.
            let fresh = StreamableHTTPTransport.make(wire: t.wire, mode: .modern(version: version))
            let id = JSONValue.string("preflight-fresh-tools-list")
            let exchange = await fresh.probe(
                "tools/list", params: envelope.wrap(nil), id: id, timeout: timeout, label: "tools/list on a fresh connection")
            m.withoutDiscover = LiveFacts.ProbeAnswer(label: "tools/list on a fresh connection", exchange: exchange, id: id)
        }
        if facts.resources.declared {
            m.missingResource = await ask(
                "resources/read", params: .object([("uri", .string(Self.missingURI))]), envelope: envelope,
                label: "resources/read of a missing resource")
        }
        if case .http(let t) = peer { m.headerMismatch = await HeaderProbes(t: t, facts: facts, timeout: timeout).run() }
        m.toolOrders = [Self.names(facts.tools.items)]
        if facts.tools.declared {
            for _ in 0..<3 {
                let listing = await SessionSteps.list(c, "tools/list", key: "tools", timeout: timeout)
                if listing.failure == nil { m.toolOrders.append(Self.names(listing.items)) }
            }
        }
        await logProbes(&m)
        // Reads are cacheable too (caching.mdx): a few listed resources go through the ledger.
        for resource in facts.resources.items.prefix(3) {
            guard let uri = resource["uri"]?.stringValue else { continue }
            _ = await c.request("resources/read", params: .object([("uri", .string(uri))]), timeout: timeout)
        }
    }

    static var missingURI: String { "preflight-missing://\(UUID().uuidString.lowercased())" }

    static func names(_ tools: [JSONValue]) -> [String] { tools.map { $0["name"]?.stringValue ?? "?" } }

    /// One request with its own envelope: over HTTP a probe (its exchange kept), over stdio and
    /// HTTP+SSE through the connection.
    func ask(_ method: String, params: JSONValue? = nil, envelope: ModernProtocol.Envelope, label: String) async
        -> LiveFacts.ProbeAnswer
    {
        let wrapped = envelope.wrap(params)
        if case .http(let t) = peer {
            let id = JSONValue.string("preflight-\(label.replacingOccurrences(of: " ", with: "-"))")
            let exchange = await t.probe(method, params: wrapped, id: id, timeout: timeout, label: label)
            return LiveFacts.ProbeAnswer(label: label, exchange: exchange, id: id)
        }
        return LiveFacts.ProbeAnswer(label: label, outcome: await c.request(method, params: wrapped, timeout: timeout))
    }

    /// A call through the connection (its HTTP exchange looked up afterwards).
    func call(_ params: JSONValue, label: String) async -> LiveFacts.ProbeAnswer {
        let (id, outcome) = await c.requestWithID("tools/call", params: params, timeout: timeout)
        var answer = LiveFacts.ProbeAnswer(label: label, outcome: outcome)
        if case .http(let t) = peer, let exchange = await t.settledExchange(forRequest: id) {
            answer.exchange = exchange
            answer.status = exchange.status
        }
        return answer
    }

    /// Logs only for a request that asked (`io.modelcontextprotocol/logLevel`): one call that asks
    /// for everything, to show whether the server logs at all, and one with a level that does not exist.
    func logProbes(_ m: inout LiveFacts.ModernFacts) async {
        let answered = facts.toolCalls.filter { $0.outcome.result != nil && !$0.isError }
        guard let call = answered.max(by: { ($0.outcome.elapsed ?? .zero) < ($1.outcome.elapsed ?? .zero) }) else { return }
        m.logTool = call.tool
        let params = JSONValue.object([("name", .string(call.tool)), ("arguments", call.arguments)])
        var debug = envelope
        debug.logLevel = "debug"
        let before = await messageCount()
        m.optInCall = await self.call(debug.wrap(params), label: "tools/call \(call.tool) with logLevel debug")
        m.logsWithOptIn = await messageCount() - before
        var invalid = envelope
        invalid.logLevel = "preflight-invalid"
        m.invalidLevel = await self.call(invalid.wrap(params), label: "tools/call \(call.tool) with an invalid logLevel")
    }

    func messageCount() async -> Int { await c.notifications.filter { $0.method == "notifications/message" }.count }
}

/// modern.header-mismatch's probes (HTTP only): each sends a body and a header that disagree.
struct HeaderProbes {
    let t: StreamableHTTPTransport
    let facts: LiveFacts
    let timeout: Duration

    var version: String { facts.era?.version ?? ModernProtocol.version }

    func run() async -> [LiveFacts.ProbeAnswer] {
        let envelope = ModernProtocol.Envelope(version: version)
        var out = [
            await probe("tools/list", params: envelope.wrap(nil), label: "tools/list with Mcp-Method: prompts/list") {
                $0.set("Mcp-Method", "prompts/list")
            },
            await probe("tools/list", params: envelope.wrap(nil), label: "tools/list without Mcp-Method") {
                $0.remove("Mcp-Method")
            },
            await probe(
                "resources/read", params: envelope.wrap(.object([("uri", .string(ModernProbes.missingURI))])),
                label: "resources/read with Mcp-Name: preflight-other"
            ) { $0.set("Mcp-Name", "preflight-other") },
            await probe(
                "tools/list", params: ModernProtocol.Envelope(version: ModernProbes.unsupported).wrap(nil),
                label: "MCP-Protocol-Version \(version) with _meta \(ModernProbes.unsupported)"
            ) { [version] in $0.set("MCP-Protocol-Version", version) },
        ]
        if let param = await paramProbe(envelope) { out.append(param) }
        return out
    }

    func probe(_ method: String, params: JSONValue, label: String, edit: @escaping (inout HeaderList) -> Void) async
        -> LiveFacts.ProbeAnswer
    {
        let id = JSONValue.string("preflight-header-\(label.count)-\(method)")
        let exchange = await t.probe(method, params: params, id: id, timeout: timeout, label: label, headers: edit)
        return LiveFacts.ProbeAnswer(label: label, exchange: exchange, id: id)
    }

    /// A call of a read-only tool that declares an `x-mcp-header`, with a different `Mcp-Param-*` value.
    func paramProbe(_ envelope: ModernProtocol.Envelope) async -> LiveFacts.ProbeAnswer? {
        for tool in facts.tools.items where tool["annotations"]?["readOnlyHint"]?.boolValue == true {
            guard let name = tool["name"]?.stringValue, let schema = tool["inputSchema"] else { continue }
            let arguments =
                facts.toolCalls.first { $0.tool == name }?.arguments ?? ToolArguments.valid(tool: tool, examples: nil).arguments
            for (path, token) in ModernProtocol.headerDeclarations(schema) where XMCPHeaderRules.problems(schema).isEmpty {
                var node: JSONValue? = arguments
                for key in path { node = node?[key] }
                guard let value = node, !value.isNull else { continue }
                let other: String
                switch value {
                case .bool(let b): other = b ? "false" : "true"
                case .number(let n): other = n == "7" ? "8" : "7"
                default: other = "preflight-mismatch"
                }
                let params = envelope.wrap(.object([("name", .string(name)), ("arguments", arguments)]))
                return await probe("tools/call", params: params, label: "tools/call \(name) with Mcp-Param-\(token): \(other)") {
                    $0.set("Mcp-Param-\(token)", other)
                }
            }
        }
        return nil
    }
}
