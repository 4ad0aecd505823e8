import MCPWire
import PreflightCore

/// Steps shared by every probe instance: the handshake and paginated listings.
enum SessionSteps {
    static let clientInfo = JSONValue.object([("name", .string("mcp-preflight")), ("version", .string(PreflightVersion.current))])

    static func initialize(_ c: MCPConnection, version: String, timeout: Duration) async -> LiveFacts.Handshake {
        let params = JSONValue.object([
            ("protocolVersion", .string(version)),
            ("capabilities", .object([])),
            ("clientInfo", clientInfo),
        ])
        let outcome = await c.request("initialize", params: params, timeout: timeout)
        var h = LiveFacts.Handshake(requestedVersion: version, outcome: outcome)
        if let r = outcome.result {
            h.protocolVersion = r["protocolVersion"]?.stringValue
            h.serverName = r["serverInfo"]?["name"]?.stringValue
            h.serverVersion = r["serverInfo"]?["version"]?.stringValue
            h.capabilities = r["capabilities"]
            h.instructions = r["instructions"]?.stringValue
        }
        if h.protocolVersion != nil { await c.notify("notifications/initialized") }
        return h
    }

    /// Follows `nextCursor` to the end (bounded), detecting cursors that repeat.
    static func list(_ c: MCPConnection, _ method: String, key: String, timeout: Duration, maxPages: Int = 100) async
        -> LiveFacts.Listing
    {
        var listing = LiveFacts.Listing(method: method)
        var cursor: String?
        var seen: Set<String> = []
        while listing.pages < maxPages {
            let params: JSONValue? = cursor.map { .object([("cursor", .string($0))]) }
            let outcome = await c.request(method, params: params, timeout: timeout)
            listing.outcome = outcome
            guard let result = outcome.result else {
                listing.failure = outcome.summary
                return listing
            }
            listing.pages += 1
            listing.items += result[key]?.arrayValue ?? []
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { return listing }
            if !seen.insert(next).inserted {
                listing.cursorLoop = true
                // Pages served again on the way round are not new items.
                var unique: [JSONValue] = []
                for item in listing.items where !unique.contains(item) { unique.append(item) }
                listing.items = unique
                return listing
            }
            cursor = next
        }
        listing.cursorLoop = true
        return listing
    }
}
