import Foundation
import MCPWire
import PreflightCore
import TestSupport
import Testing

/// Every misbehaviour of `hostile.py` ends within its bound with a clear failure value: no hang,
/// no unbounded memory. Bounds are asserted generously (a loaded CI machine), never tightly.
@Suite(.serialized) struct HostileHTTPTests {
    static let deadline: Duration = .seconds(3)
    /// What "ended within its bound" means here: the deadline plus ample slack for a busy machine.
    static let ceiling: Duration = .seconds(40)

    static func post(_ wire: HTTPWire, timeout: Duration = deadline) async -> HTTPExchange {
        let body = ModernProtocol.body(id: .int(1), method: "tools/list", params: ModernProtocol.Envelope().wrap(nil))
        return await wire.send(
            HTTPRequestSpec(
                method: "POST", url: wire.target.url,
                headers: ModernProtocol.headers(method: "tools/list", params: nil), body: body, timeout: timeout,
                stop: .afterResponse(id: .int(1))))
    }

    static func run(
        _ hostileCase: String, _ args: [String] = [], settings: HTTPWire.Settings = HTTPWire.Settings(),
        timeout: Duration = deadline
    ) async throws -> (HTTPExchange, Duration) {
        try await HTTPFixture.with("hostile.py", ["--case", hostileCase] + args) { server in
            await HTTPWire.with(try server.target(), settings: settings) { wire in
                let start = ContinuousClock.now
                let exchange = await post(wire, timeout: timeout)
                return (exchange, ContinuousClock.now - start)
            }
        }
    }

    @Test func trickleEndsAtTheDeadline() async throws {
        let (e, took) = try await Self.run("trickle", ["--interval", "0.5"])
        guard case .timedOut = e.failure else { Issue.record("\(e.summary)"); return }
        #expect(took < Self.ceiling)
    }

    @Test func endlessSSEEndsAtTheDeadlineWithBoundedEvidence() async throws {
        var settings = HTTPWire.Settings()
        settings.keptEvents = 50
        // Long enough for the first events to arrive on a busy machine; the stream never ends anyway.
        let (e, took) = try await Self.run("endless-sse", settings: settings, timeout: .seconds(8))
        guard case .timedOut(.body, _, let bytes) = e.failure else { Issue.record("\(e.summary)"); return }
        #expect(bytes > 0 && e.eventCount > 0)
        #expect(e.events.count <= 50 && e.messages.count <= settings.keptMessages)
        #expect(e.response(id: .int(1)) == nil)
        #expect(took < Self.ceiling)
    }

    @Test func redirectToAnotherHostIsNeverFollowed() async throws {
        // The server answers at once; the bound is generous for a busy machine, not the point here.
        let (e, _) = try await Self.run("redirect-other-host", timeout: .seconds(20))
        #expect(e.failure == .redirectRefused(status: 302, location: "http://example.invalid/mcp"))
        #expect(e.redirects.isEmpty)
    }

    @Test func hugeHeadersAreRefused() async throws {
        let (e, took) = try await Self.run("huge-headers", timeout: .seconds(20))
        #expect(e.failure == .headersTooLarge(limit: HTTPWire.maxHeaderBytes), "\(e.summary)")
        #expect(took < Self.ceiling)
    }

    @Test func wrongContentTypeIsReportedNotParsed() async throws {
        let (e, _) = try await Self.run("wrong-content-type", timeout: .seconds(20))
        #expect(e.failure == nil && e.status == 200 && e.mediaType == "text/html")
        #expect(e.messages.isEmpty && e.bodyText.contains("<html>"))
    }

    @Test func endlessBodyStopsAtTheSizeLimit() async throws {
        var settings = HTTPWire.Settings()
        settings.maxBodyBytes = 1 << 20
        let (e, took) = try await Self.run("endless-body", settings: settings, timeout: .seconds(30))
        #expect(e.failure == .bodyTooLarge(limit: 1 << 20), "\(e.summary)")
        #expect(e.body.count <= settings.keptBodyBytes)
        #expect(took < Self.ceiling)
    }

    @Test func acceptWithoutAnswerAndSlowHeadersEndWithoutAHead() async throws {
        for hostileCase in ["accept-no-answer", "slow-headers"] {
            let (e, took) = try await Self.run(hostileCase, ["--interval", "0.2"])
            guard case .timedOut(.head, _, _) = e.failure else { Issue.record("\(hostileCase): \(e.summary)"); continue }
            #expect(e.status == nil && took < Self.ceiling, "\(hostileCase)")
        }
    }

    @Test func offOriginRequestsAreRefusedBeforeAnyTraffic() async throws {
        try await HTTPWire.with(try HTTPTarget("http://127.0.0.1:9/mcp")) { wire in
            let e = await wire.send(HTTPRequestSpec(method: "GET", url: try #require(URL(string: "http://example.invalid/x"))))
            guard case .offOrigin = e.failure else { Issue.record("\(e.summary)"); return }
            #expect(e.status == nil)
        }
        #expect(throws: HTTPFailure.self) { try HTTPTarget("http://user:secret@127.0.0.1/mcp") }
        #expect(throws: HTTPFailure.self) { try HTTPTarget("ftp://127.0.0.1/mcp") }
    }

    @Test func aRefusedConnectionIsAFailureValue() async throws {
        let port = HTTPFixture.freePort()
        await HTTPWire.with(try HTTPTarget("http://127.0.0.1:\(port)/mcp")) { wire in
            let e = await Self.post(wire, timeout: .seconds(10))
            guard case .connectFailed = e.failure else { Issue.record("\(e.summary)"); return }
            #expect(e.status == nil)
        }
    }

    @Test func theConnectionOverAHostileServerEndsItsRequests() async throws {
        try await HTTPFixture.with("hostile.py", ["--case", "accept-no-answer"]) { server in
            var options = StreamableHTTPTransport.Options()
            options.exchangeTimeout = .seconds(60)
            await StreamableHTTPTransport.with(try server.target(), mode: .modern, options: options) { t in
                let start = ContinuousClock.now
                // The connection's own timeout is shorter: it expires, and its stream is closed.
                let (id, outcome) = await t.connection.requestWithID("tools/list", timeout: .seconds(2))
                guard case .timedOut = outcome else { Issue.record("\(outcome.summary)"); return }
                #expect(ContinuousClock.now - start < Self.ceiling)
                // The POST was cancelled with the request, not left running for its minute.
                let exchange = await t.settledExchange(forRequest: id)
                #expect(exchange?.failure == .cancelled, "\(exchange?.summary ?? "no exchange")")
                #expect(ContinuousClock.now - start < Self.ceiling)
            }
        }
    }
}
