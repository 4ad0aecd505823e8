import Foundation
import MCPWire
import PreflightCore
import Processes
import TestSupport
import Testing

/// The 2024-11-05 HTTP+SSE transport, and era detection over HTTP and stdio against real servers.
@Suite(.serialized) struct LegacyAndEraTests {
    static let timeout: Duration = .seconds(30)

    @Test func httpSSEConversation() async throws {
        try await HTTPFixture.with("legacy_sse.py") { server in
            let result = await LegacySSETransport.with(try server.target("/sse")) { t in
                #expect(t.endpoint.path == "/messages")
                let c = t.connection
                let (initID, initialize) = await c.requestWithID(
                    "initialize", params: EraDetector.initializeParams(version: "2024-11-05"), timeout: Self.timeout)
                #expect(initialize.result?["protocolVersion"] == .string("2024-11-05"))
                #expect(t.exchange(forRequest: initID)?.status == 202)
                await c.notify("notifications/initialized")
                let tools = await c.request("tools/list", timeout: Self.timeout)
                #expect(tools.result?["tools"]?.arrayValue?.first?["name"] == .string("echo"))
                let call = await c.request(
                    "tools/call", params: .object([("name", .string("echo")), ("arguments", .object([("text", .string("x"))]))]),
                    timeout: Self.timeout)
                #expect(call.result != nil, "\(call.summary)")
                return true
            }
            #expect((try? result.get()) == true)
        }
    }

    @Test func httpSSEOpenFailuresAreValuesNotHangs() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            // The SDK's MCP endpoint is no HTTP+SSE stream: a GET without a session is refused.
            let result = await LegacySSETransport.with(try server.target()) { _ in true }
            guard case .failure(let failure) = result else { Issue.record("opened a stream on /mcp"); return }
            #expect(failure.opening.status.map { $0 >= 400 } == true, "\(failure)")
        }
    }

    static func detect(_ script: String, _ args: [String] = [], path: String = "/mcp") async throws -> EraVerdict {
        try await HTTPFixture.with(script, args) { server in
            await HTTPWire.with(try server.target(path)) { wire in await EraDetector.detect(wire) }
        }
    }

    @Test func detectsEachHTTPEra() async throws {
        let both = try await Self.detect("sdk_server.py")
        #expect(both.outcome == .modern(version: "2026-07-28"), "\(both.notes)")
        #expect(both.dualEra == true)
        #expect(both.discover?["result"]?["capabilities"] != nil)
        #expect(both.exchanges.first?.requestHeaders["Mcp-Method"] == "server/discover")
        // The dual-era check's session was ended again.
        #expect(both.exchanges.contains { $0.method == "DELETE" && $0.status == 200 })

        let modernOnly = try await Self.detect("sdk_server.py", ["--era", "2026-07-28"])
        #expect(modernOnly.outcome == .modern(version: "2026-07-28"))
        #expect(modernOnly.dualEra == false)

        let legacy = try await Self.detect("sdk_server.py", ["--era", "2025-11-25"])
        #expect(legacy.outcome == .handshake(version: "2025-11-25"), "\(legacy.notes)")
        #expect(legacy.sessionID != nil && legacy.initialize?["serverInfo"] != nil)

        let sse = try await Self.detect("legacy_sse.py", path: "/sse")
        #expect(sse.era == .httpSSE, "\(sse.notes)")
        if case .httpSSE(let endpoint) = sse.outcome { #expect(endpoint.hasPrefix("/messages?session_id=")) }

        let fast = try await Self.detect("fastmcp_server.py")
        #expect(fast.outcome == .modern(version: "2026-07-28"), "\(fast.notes)")
        let fastSSE = try await Self.detect("fastmcp_server.py", ["--transport", "sse"], path: "/sse")
        #expect(fastSSE.era == .httpSSE, "\(fastSSE.notes)")
    }

    @Test func detectionStopsAtAuthAndAtNonMCP() async throws {
        let auth = try await Self.detect("deviant.py")
        #expect(auth.outcome == .authRequired, "\(auth.notes)")
        #expect(auth.exchanges.first?.wwwAuthenticate.isEmpty == false)
        let html = try await Self.detect("hostile.py", ["--case", "wrong-content-type"])
        guard case .notMCP = html.outcome else { Issue.record("\(html.outcome) \(html.notes)"); return }
    }

    @Test func detectsModernOverStdioAndFallsBackForAHandshakeServer() async throws {
        let launch = ChildLaunch(
            argv: [HTTPFixture.python, "-u", "\(HTTPFixture.directory)/sdk_server.py", "--stdio"],
            environment: HTTPFixture.environment)
        let (modern, _) = try await StdioServer.with(launch, instance: "stdio-modern", transcript: nil) { c, _ in
            let verdict = await EraDetector.detect(stdio: c, timeout: Self.timeout)
            // The envelope is set: plain requests now go out as 2026-07-28 requests.
            let tools = await c.request("tools/list", timeout: Self.timeout)
            return (verdict.outcome, tools.result?["tools"]?.arrayValue?.isEmpty == false, await c.envelope != nil)
        }
        #expect(modern.0 == .modern(version: "2026-07-28"))
        #expect(modern.1 && modern.2)

        let mini = ChildLaunch(
            argv: [
                HTTPFixture.python, "-u", HTTPFixture.repoRoot.appendingPathComponent("Tests/Fixtures/servers/mini_mcp.py").path,
            ],
            environment: HTTPFixture.environment)
        let (legacy, _) = try await StdioServer.with(mini, instance: "stdio-legacy", transcript: nil) { c, _ in
            let verdict = await EraDetector.detect(stdio: c, timeout: Self.timeout)
            let initialize = await c.request("initialize", params: EraDetector.initializeParams(), timeout: Self.timeout)
            return (verdict, initialize.result?["protocolVersion"]?.stringValue)
        }
        #expect(legacy.0.era == .handshake, "\(legacy.0.notes)")
        #expect(legacy.1 == "2025-11-25")
    }
}
