import MCPWire
import PreflightCore

/// Probes of JSON-RPC and MCP basics that need no tool. In 2026-07-28 `ping` is gone: the barrier
/// after a probe is `server/discover`, and `logging/setLevel` is no longer a method (the log level
/// travels in each request's `_meta`).
enum ProtocolProbes {
    static func run(_ c: MCPConnection, facts f: inout LiveFacts, capabilities caps: JSONValue?, timeout: Duration) async {
        let barrier = f.barrierMethod
        if !f.isModern { f.ping = await c.request("ping", timeout: min(timeout, .seconds(5))) }
        f.unknownMethod = await c.request("preflight/no-such-method", params: .object([]), timeout: timeout)
        f.malformed = await malformed(c, barrier: barrier, timeout: timeout)
        f.badParams = await c.request("tools/call", params: .object([("arguments", .object([]))]), timeout: timeout)
        if f.tools.declared {
            f.invalidCursor = await c.request(
                "tools/list", params: .object([("cursor", .string("preflight-invalid-cursor-\u{1F6EB}"))]), timeout: timeout)
        }
        f.notificationAnswers = await notifications(c, barrier: barrier, timeout: timeout)
        f.capabilityMethods = await capabilityMethods(
            c, capabilities: caps, prompts: f.prompts.items, modern: f.isModern, timeout: timeout)
    }

    /// A line that is not JSON: the server must answer -32700 with a null id (JSON-RPC 2.0 §5.1).
    static func malformed(_ c: MCPConnection, barrier: String, timeout: Duration) async -> (
        answered: Bool, code: Int?, idIsNull: Bool
    ) {
        let before = await c.strayResponses.count
        await c.sendRaw(Array("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"ping\"\n".utf8))
        // A request after it: its answer means the server has read past the malformed line.
        _ = await c.request(barrier, timeout: timeout)
        let strays = await c.strayResponses.dropFirst(before)
        guard let answer = strays.first else { return (false, nil, false) }
        return (true, answer["error"]?["code"]?.intValue, answer["id"]?.isNull ?? false)
    }

    /// Notifications must never be answered (JSON-RPC 2.0 §4.1): send two, then a barrier request.
    static func notifications(_ c: MCPConnection, barrier: String, timeout: Duration) async -> [String] {
        let before = await c.strayResponses.count
        await c.notify("notifications/preflight-probe", params: .object([]))
        await c.sendRaw(Array("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n".utf8))
        _ = await c.request(barrier, timeout: timeout)
        return await c.strayResponses.dropFirst(before).map { JSONWriter.encode($0).prefixString(200) }
    }

    /// The methods that declared capabilities promise beyond listing: `logging/setLevel` for
    /// `logging` (handshake eras only), `completion/complete` for `completions`. Only "method not
    /// found" says they are missing.
    static func capabilityMethods(
        _ c: MCPConnection, capabilities: JSONValue?, prompts: [JSONValue], modern: Bool, timeout: Duration
    ) async -> [LiveFacts.CapabilityMethod] {
        var out: [LiveFacts.CapabilityMethod] = []
        if capabilities?["logging"] != nil, !modern {
            let outcome = await c.request("logging/setLevel", params: .object([("level", .string("info"))]), timeout: timeout)
            out.append(.init(capability: "logging", method: "logging/setLevel", outcome: outcome))
        }
        if capabilities?["completions"] != nil {
            let prompt = prompts.first?["name"]?.stringValue ?? "preflight-probe"
            let argument = prompts.first?["arguments"]?.arrayValue?.first?["name"]?.stringValue ?? "value"
            let params = JSONValue.object([
                ("ref", .object([("type", .string("ref/prompt")), ("name", .string(prompt))])),
                ("argument", .object([("name", .string(argument)), ("value", .string(""))])),
            ])
            let outcome = await c.request("completion/complete", params: params, timeout: timeout)
            out.append(.init(capability: "completions", method: "completion/complete", outcome: outcome))
        }
        return out
    }
}
