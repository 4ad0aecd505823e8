import MCPWire
import PreflightCore
import Testing

/// 2026-07-28 request shapes, header values and the discover classification.
@Suite struct ModernProtocolTests {
    static func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    @Test func envelopeCarriesTheRequiredFieldsAndKeepsOtherMeta() throws {
        var envelope = ModernProtocol.Envelope()
        envelope.logLevel = "debug"
        let params = envelope.wrap(try Self.json(#"{"name":"echo","_meta":{"progressToken":"p1"}}"#))
        let meta = try #require(params["_meta"])
        #expect(meta[ModernProtocol.Meta.protocolVersion] == .string("2026-07-28"))
        #expect(meta[ModernProtocol.Meta.clientCapabilities] == .object([]))
        #expect(meta[ModernProtocol.Meta.logLevel] == .string("debug"))
        #expect(meta["progressToken"] == .string("p1"))
        #expect(params["name"] == .string("echo"))
        // A probe's own envelope is left alone by stamping.
        let own = try Self.json(#"{"_meta":{"io.modelcontextprotocol/protocolVersion":"1900-01-01"}}"#)
        #expect(envelope.stamp(own) == own)
        // Leaving a required field out is possible on purpose.
        var bare = ModernProtocol.Envelope()
        bare.capabilities = nil
        #expect(bare.wrap(nil)["_meta"]?[ModernProtocol.Meta.clientCapabilities] == nil)
    }

    @Test func headersMirrorTheBody() throws {
        let params = try Self.json(#"{"name":"get_weather","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}"#)
        let h = ModernProtocol.headers(method: "tools/call", params: params)
        #expect(h["mcp-protocol-version"] == "2026-07-28")
        #expect(h["Mcp-Method"] == "tools/call")
        #expect(h["Mcp-Name"] == "get_weather")
        #expect(h["Accept"] == "application/json, text/event-stream")
        let read = ModernProtocol.headers(method: "resources/read", params: try Self.json(#"{"uri":"config://app"}"#))
        #expect(read["Mcp-Name"] == "config://app")
        #expect(ModernProtocol.headers(method: "tools/list", params: nil)["Mcp-Name"] == nil)
    }

    @Test func valuesThatWouldNotSurviveAHeaderAreBase64Wrapped() {
        #expect(ModernProtocol.encodeHeaderValue("Seattle, WA") == "Seattle, WA")
        for value in ["café", " leading", "trailing ", "tab\there", "=?base64?abc?=", "line\nbreak"] {
            let encoded = ModernProtocol.encodeHeaderValue(value)
            #expect(encoded.hasPrefix("=?base64?") && encoded.hasSuffix("?="), "\(value.debugDescription)")
            #expect(ModernProtocol.decodeHeaderValue(encoded) == value)
        }
        #expect(ModernProtocol.encodeHeaderValue("café") == "=?base64?Y2Fmw6k=?=")
        #expect(ModernProtocol.decodeHeaderValue("=?base64?!!!?=") == nil)
    }

    @Test func paramHeadersFollowPropertiesOnly() throws {
        let schema = try Self.json(
            #"""
            {"type":"object","properties":{
              "region":{"type":"string","x-mcp-header":"Region"},
              "count":{"type":"integer","x-mcp-header":"Count"},
              "flag":{"type":"boolean","x-mcp-header":"Flag"},
              "ratio":{"type":"number","x-mcp-header":"Ratio"},
              "nested":{"type":"object","properties":{"zone":{"type":"string","x-mcp-header":"Zone"}}},
              "list":{"type":"array","items":{"type":"string","x-mcp-header":"Item"}}}}
            """#)
        let args = try Self.json(
            #"{"region":"us-west1","count":3,"flag":false,"ratio":0.5,"nested":{"zone":"ü"},"list":["a"]}"#)
        let h = ModernProtocol.paramHeaders(inputSchema: schema, arguments: args)
        #expect(h["Mcp-Param-Region"] == "us-west1")
        #expect(h["Mcp-Param-Count"] == "3")
        #expect(h["Mcp-Param-Flag"] == "false")
        #expect(h["Mcp-Param-Zone"] == ModernProtocol.encodeHeaderValue("ü"))
        #expect(h["Mcp-Param-Ratio"] == nil && h["Mcp-Param-Item"] == nil)
        let absent = ModernProtocol.paramHeaders(inputSchema: schema, arguments: try Self.json(#"{"region":null}"#))
        #expect(absent.isEmpty)
    }

    @Test func discoverAnswersAreClassifiedWithoutKeyingOnOneCode() throws {
        typealias C = DiscoverClassification
        let result = try Self.json(#"{"result":{"supportedVersions":["2026-07-28","2025-11-25"],"capabilities":{}}}"#)
        #expect(C.classify(result) == .modern(version: "2026-07-28", supported: ["2026-07-28", "2025-11-25"]))
        let onlyOld = try Self.json(#"{"result":{"supportedVersions":["2025-11-25"],"capabilities":{}}}"#)
        guard case .fallback = C.classify(onlyOld) else { Issue.record("go-sdk style discover must fall back"); return }
        let unsupported = try Self.json(
            #"{"error":{"code":-32022,"message":"x","data":{"supported":["2026-07-28"],"requested":"1900-01-01"}}}"#)
        #expect(C.classify(unsupported) == .modern(version: "2026-07-28", supported: ["2026-07-28"]))
        let future = try Self.json(#"{"error":{"code":-32022,"message":"x","data":{"supported":["2099-01-01"]}}}"#)
        #expect(C.classify(future) == .incompatible(supported: ["2099-01-01"]))
        let mismatch = try Self.json(#"{"error":{"code":-32020,"message":"x"}}"#)
        guard case .modern = C.classify(mismatch) else { Issue.record("-32020 proves a modern server"); return }
        for code in [-32601, -32600, -32602, -32603, -32000] {
            let e = try Self.json(#"{"error":{"code":\#(code),"message":"x"}}"#)
            guard case .fallback = C.classify(e) else { Issue.record("\(code) must fall back"); continue }
        }
        guard case .fallback = C.classify(nil) else { Issue.record("no answer must fall back"); return }
    }

    @Test func headerListKeepsOrderAndDuplicates() {
        var h: HeaderList = [("Mcp-Method", "tools/list")]
        h.add("mcp-method", "prompts/list")
        #expect(h.values("MCP-METHOD") == ["tools/list", "prompts/list"])
        h.set("Mcp-Method", "x")
        #expect(h.values("mcp-method") == ["x"])
        #expect(h.removing("MCP-method").isEmpty)
    }
}
