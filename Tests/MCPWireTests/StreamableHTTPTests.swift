import Foundation
import MCPWire
import PreflightCore
import TestSupport
import Testing

/// The Streamable HTTP transport against real servers (the official SDK and fastmcp), both eras.
@Suite(.serialized) struct StreamableHTTPTests {
    static let timeout: Duration = .seconds(30)
    static let echo = JSONValue.object([("name", .string("echo")), ("arguments", .object([("text", .string("hi"))]))])

    static func toolNames(_ outcome: RPCOutcome) -> [String] {
        outcome.result?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    static func text(_ outcome: RPCOutcome) -> String? { outcome.result?["content"]?.arrayValue?.first?["text"]?.stringValue }

    @Test func modernEraOverTheSDKWithJSONAndSSEAnswers() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            let transcript = Transcript()
            try await StreamableHTTPTransport.with(try server.target(), mode: .modern, transcript: transcript) { t in
                let c = t.connection
                let (id, discover) = await c.requestWithID("server/discover", timeout: Self.timeout)
                #expect(discover.result?["supportedVersions"]?.arrayValue?.contains(.string("2026-07-28")) == true)
                let exchange = try #require(t.exchange(forRequest: id))
                #expect(exchange.status == 200 && exchange.isJSON)
                #expect(exchange.requestHeaders["MCP-Protocol-Version"] == "2026-07-28")
                #expect(exchange.requestHeaders["Mcp-Method"] == "server/discover")
                #expect(exchange.sessionID == nil)
                let body = try JSONParser.parse(exchange.requestBody)
                #expect(body["params"]?["_meta"]?[ModernProtocol.Meta.clientCapabilities] == .object([]))

                let tools = await c.request("tools/list", timeout: Self.timeout)
                #expect(Self.toolNames(tools).contains("get_time"))
                let (callID, call) = await c.requestWithID("tools/call", params: Self.echo, timeout: Self.timeout)
                #expect(Self.text(call) == "hi")
                #expect(t.exchange(forRequest: callID)?.requestHeaders["Mcp-Name"] == "echo")

                // A handler that notifies makes the SDK answer with an SSE stream.
                var envelope = ModernProtocol.Envelope()
                envelope.logLevel = "info"
                envelope.progressToken = .string("p1")
                let slow = envelope.wrap(.object([("name", .string("slow")), ("arguments", .object([("ms", .int(40))]))]))
                let (slowID, slowOutcome) = await c.requestWithID("tools/call", params: slow, timeout: Self.timeout)
                #expect(Self.text(slowOutcome) == "done")
                let stream = try #require(t.exchange(forRequest: slowID))
                #expect(stream.isSSE && stream.eventCount >= 2)
                #expect(stream.messages.contains { $0["method"] == .string("notifications/progress") })
                #expect(await c.notifications.contains { $0.method == "notifications/message" })
            }
            let (entries, _) = transcript.snapshot
            #expect(entries.contains { $0.direction == .sent && $0.http?.method == "POST" && $0.http?.path == "/mcp" })
            #expect(entries.contains { $0.http?.status == 200 })
            let jsonl = transcript.jsonl(secrets: [])
            #expect(jsonl.contains("\"exchange\"") && jsonl.contains("tools/call"))
        }
    }

    @Test func handshakeEraSessionGetStreamAndDelete() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            let target = try server.target()
            let session = try await StreamableHTTPTransport.with(target, mode: .handshake) { t -> String? in
                let c = t.connection
                let (initID, initialize) = await c.requestWithID(
                    "initialize", params: EraDetector.initializeParams(), timeout: Self.timeout)
                #expect(initialize.result?["protocolVersion"] == .string("2025-11-25"))
                #expect(t.negotiatedVersion == "2025-11-25")
                let session = try #require(t.sessionID)
                #expect(t.exchange(forRequest: initID)?.requestHeaders["Mcp-Session-Id"] == nil)
                await c.notify("notifications/initialized")
                #expect(t.wire.exchanges.last?.status == 202)

                let (listID, tools) = await c.requestWithID("tools/list", timeout: Self.timeout)
                #expect(Self.toolNames(tools).contains("echo"))
                let listed = try #require(t.exchange(forRequest: listID))
                #expect(listed.requestHeaders["Mcp-Session-Id"] == session)
                #expect(listed.requestHeaders["MCP-Protocol-Version"] == "2025-11-25")
                #expect(Self.text(await c.request("tools/call", params: Self.echo, timeout: Self.timeout)) == "hi")

                let get = await t.openGetStream()
                #expect(get.isOpen && get.mediaType == "text/event-stream", "\(get)")

                // Probes send exactly what they are told: an unknown session id gets 404.
                let unknown = await t.probe("tools/list") { $0.set("Mcp-Session-Id", "preflight-0123456789abcdef") }
                #expect(unknown.status == 404)
                let noSession = await t.probe("tools/list") { $0.remove("Mcp-Session-Id") }
                #expect(noSession.status == 400)
                return session
            }
            // The transport ended the session on close; the id is dead now.
            try await HTTPWire.with(target) { wire in
                let deleted = wire.exchanges.isEmpty
                #expect(deleted)
                let probe = await wire.send(
                    HTTPRequestSpec(
                        method: "POST", url: target.url,
                        headers: [
                            ("Content-Type", "application/json"), ("Accept", ModernProtocol.accept),
                            ("Mcp-Session-Id", try #require(session)), ("MCP-Protocol-Version", "2025-11-25"),
                        ],
                        body: Array(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8), timeout: Self.timeout))
                #expect(probe.status == 404, "\(probe.summary)")
            }
        }
    }

    @Test func jsonResponseModeAnswersJSONOnly() async throws {
        try await HTTPFixture.with("sdk_server.py", ["--json-response"]) { server in
            await StreamableHTTPTransport.with(try server.target(), mode: .handshake) { t in
                let c = t.connection
                _ = await c.request("initialize", params: EraDetector.initializeParams(), timeout: Self.timeout)
                await c.notify("notifications/initialized")
                let (id, tools) = await c.requestWithID("tools/list", timeout: Self.timeout)
                #expect(!Self.toolNames(tools).isEmpty)
                #expect(t.exchange(forRequest: id)?.isJSON == true)
                let deleted = await t.deleteSession()
                #expect(deleted?.status == 200)
            }
        }
    }

    @Test func fastmcpServesBothEras() async throws {
        try await HTTPFixture.with("fastmcp_server.py") { server in
            let target = try server.target()
            let add = JSONValue.object([("name", .string("add")), ("arguments", .object([("a", .int(2)), ("b", .int(3))]))])
            await StreamableHTTPTransport.with(target, mode: .modern) { t in
                let tools = await t.connection.request("tools/list", timeout: Self.timeout)
                #expect(Set(Self.toolNames(tools)).isSuperset(of: ["forecast", "add"]))
                let sum = await t.connection.request("tools/call", params: add, timeout: Self.timeout)
                #expect(Self.text(sum) == "5", "\(sum.summary)")
            }
            await StreamableHTTPTransport.with(target, mode: .handshake) { t in
                let c = t.connection
                let initialize = await c.request("initialize", params: EraDetector.initializeParams(), timeout: Self.timeout)
                #expect(initialize.result?["protocolVersion"] == .string("2025-11-25"))
                #expect(t.sessionID != nil)
                await c.notify("notifications/initialized")
                #expect(Self.text(await c.request("tools/call", params: add, timeout: Self.timeout)) == "5")
            }
        }
    }

    @Test func probesWithWrongHeadersOnPurpose() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            await StreamableHTTPTransport.with(try server.target(), mode: .modern) { t in
                let params = ModernProtocol.Envelope().wrap(nil)
                let foreign = await t.probe("tools/list", params: params) {
                    $0.set("Origin", "http://preflight-origin-check.invalid")
                }
                #expect(foreign.status == 403)
                let mismatch = await t.probe("tools/list", params: params) { $0.set("Mcp-Method", "prompts/list") }
                #expect(mismatch.status == 400 && mismatch.errorCode == -32020, "\(mismatch.summary)")
                let doubled = await t.probe("tools/list", params: params) { $0.add("Mcp-Method", "tools/list") }
                #expect(doubled.status == 400, "\(doubled.summary)")
                var old = ModernProtocol.Envelope()
                old.version = "1900-01-01"
                let unsupported = await t.probe("tools/list", params: old.wrap(nil))
                #expect(unsupported.status == 400 && unsupported.errorCode == -32022)
                #expect(unsupported.firstResponse?["error"]?["data"]?["requested"] == .string("1900-01-01"))
                let ping = await t.probe("ping", params: params)
                #expect(ping.status == 404 && ping.errorCode == -32601)
                // No GET stream in 2026-07-28: 405, and the opening says so at once.
                let get = await t.openGetStream()
                #expect(get.status == 405 && !get.isOpen && get.ended?.allow == "POST", "\(get)")
                // The connection keeps working: probes use their own ids.
                #expect(!Self.toolNames(await t.connection.request("tools/list", timeout: Self.timeout)).isEmpty)
            }
        }
    }

    @Test func sameOriginRedirectsAreFollowedAFewTimesAtMost() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            // Starlette redirects `/mcp/` to `/mcp` (307): same origin, followed with the same body.
            await StreamableHTTPTransport.with(try server.target("/mcp/"), mode: .modern) { t in
                let (id, tools) = await t.connection.requestWithID("tools/list", timeout: Self.timeout)
                #expect(!Self.toolNames(tools).isEmpty, "\(tools.summary)")
                let exchange = t.exchange(forRequest: id)
                #expect(exchange?.redirects.map(\.status) == [307] && exchange?.path == "/mcp")
            }
            var settings = HTTPWire.Settings()
            settings.maxRedirects = 0
            await HTTPWire.with(try server.target("/mcp/"), settings: settings) { wire in
                let params = ModernProtocol.Envelope().wrap(nil)
                let spec = HTTPRequestSpec(
                    method: "POST", url: wire.target.url, headers: ModernProtocol.headers(method: "tools/list", params: params),
                    body: ModernProtocol.body(id: .int(1), method: "tools/list", params: params), timeout: Self.timeout)
                let e = await wire.send(spec)
                #expect(e.failure == .tooManyRedirects(count: 0), "\(e.summary)")
                var asIs = spec
                asIs.followRedirects = false
                let reported = await wire.send(asIs)
                #expect(reported.status == 307 && reported.failure == nil && reported.location != nil)
            }
        }
    }

    @Test func credentialsGoOutButNeverIntoRecords() async throws {
        let token = "pf-test-bearer-7f3a9c1e5b2d4e6f"
        try await HTTPFixture.with("deviant.py", ["--token", token]) { server in
            let target = try server.target()
            var credentials = HTTPCredentials()
            try credentials.addBearer(fromEnvironment: "PF_TOKEN", environment: ["PF_TOKEN": token])
            try credentials.addHeader("X-Api-Key: pf-header-value-0a1b2c3d")
            #expect(!"\(credentials)".contains(token) && !String(reflecting: credentials).contains(token))
            let transcript = Transcript()
            try await StreamableHTTPTransport.with(target, mode: .modern, credentials: credentials, transcript: transcript) {
                t in
                let (id, tools) = await t.connection.requestWithID("tools/list", timeout: Self.timeout)
                #expect(!Self.toolNames(tools).isEmpty, "\(tools.summary)")
                let exchange = try #require(t.exchange(forRequest: id))
                let shown = try #require(exchange.requestHeaders["Authorization"])
                #expect(shown.hasPrefix("Bearer ") && !shown.contains(token))
                #expect(exchange.requestHeaders["X-Api-Key"].map { !$0.contains("pf-header-value-0a1b2c3d") } == true)
                // A listed tool's x-mcp-header argument is mirrored into its Mcp-Param header (else -32020).
                let region = JSONValue.object([
                    ("name", .string("query_region")), ("arguments", .object([("region", .string("eu-west1"))])),
                ])
                let (callID, call) = await t.connection.requestWithID("tools/call", params: region, timeout: Self.timeout)
                #expect(call.result != nil, "\(call.summary)")
                #expect(t.exchange(forRequest: callID)?.requestHeaders["Mcp-Param-Region"] == "eu-west1")
                // Without credentials on purpose: 401 with a challenge.
                let bare = await t.probe("tools/list", params: ModernProtocol.Envelope().wrap(nil), withCredentials: false)
                #expect(bare.status == 401 && !bare.wwwAuthenticate.isEmpty)
            }
            let jsonl = transcript.jsonl(secrets: [])
            #expect(!jsonl.contains(token) && !jsonl.contains("pf-header-value-0a1b2c3d"))
            #expect(jsonl.contains("Authorization"))
        }
    }

    @Test func aTricklingSSEAnswerIsAssembled() async throws {
        // Keep-alive comments for 2 s, then the message in 32-byte chunks 50 ms apart, `\n` line ends.
        try await HTTPFixture.with("deviant.py", ["--defect", "slow-sse", "--defect", "no-auth"]) { server in
            await StreamableHTTPTransport.with(try server.target(), mode: .modern) { t in
                let (id, tools) = await t.connection.requestWithID("tools/list", timeout: Self.timeout)
                #expect(Self.toolNames(tools).contains("query_region"), "\(tools.summary)")
                let exchange = t.exchange(forRequest: id)
                #expect(exchange?.isSSE == true && (exchange?.comments ?? 0) > 0)
            }
        }
    }

    @Test func aRequestWithoutAnAnswerEndsAtOnceWithItsReason() async throws {
        try await HTTPFixture.with("sdk_server.py", ["--era", "2026-07-28"]) { server in
            await StreamableHTTPTransport.with(try server.target(), mode: .handshake) { t in
                // A modern-only server refuses initialize with -32022: that is an answer.
                let initialize = await t.connection.request(
                    "initialize", params: EraDetector.initializeParams(), timeout: Self.timeout)
                #expect(initialize.errorCode == -32022)
            }
        }
        try await HTTPFixture.with("hostile.py", ["--case", "wrong-content-type"]) { server in
            try await StreamableHTTPTransport.with(try server.target(), mode: .modern) { t in
                let start = ContinuousClock.now
                let (id, outcome) = await t.connection.requestWithID("tools/list", timeout: .seconds(60))
                // No JSON-RPC answer will come: the request ends with the exchange, not at its timeout.
                guard case .transportFailure(200, let reason) = outcome else {
                    Issue.record("expected no answer, got \(outcome.summary)")
                    return
                }
                #expect(reason.contains("text/html"), "\(reason)")
                #expect(ContinuousClock.now - start < .seconds(30))
                let exchange = try #require(t.exchange(forRequest: id))
                #expect(exchange.status == 200 && exchange.mediaType == "text/html" && exchange.messages.isEmpty)
                #expect(exchange.bodyText.contains("Sign in"))
            }
        }
    }
}
