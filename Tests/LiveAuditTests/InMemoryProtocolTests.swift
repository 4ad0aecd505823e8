import MCPWire
import PreflightCore
import Testing

@testable import LiveAudit

/// Protocol-level behaviour of the client side, against servers that are functions in this process.
@Suite struct InMemoryProtocolTests {
    static func request(_ frame: [UInt8]) -> (id: JSONValue?, method: String?, params: JSONValue?) {
        guard let v = try? JSONParser.parse(frame) else { return (nil, nil, nil) }
        return (v["id"], v["method"]?.stringValue, v["params"])
    }

    static func result(_ id: JSONValue?, _ result: String) -> String {
        "{\"jsonrpc\":\"2.0\",\"id\":\(JSONWriter.encode(id ?? .null)),\"result\":\(result)}"
    }

    @Test func answersAreMatchedByIdAndStrayOnesAreKept() async {
        let c = InMemoryTransport.connect { frame in
            let r = Self.request(frame)
            // A duplicate answer, and one for a request nobody sent.
            return [Self.result(r.id, "{}"), Self.result(r.id, "{}"), Self.result(.int(999), "{}")]
        }
        let outcome = await c.request("ping", timeout: .seconds(5))
        #expect(outcome.result == .object([]))
        #expect(await c.strayResponses.count == 2)
    }

    @Test func aTimeoutIsATimeoutAndTheServerIsToldToCancel() async {
        let c = InMemoryTransport.connect { frame in
            // Records notifications by answering nothing; the cancellation comes back as a frame we can see.
            let r = Self.request(frame)
            return r.method == "notifications/cancelled"
                ? [
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":\(JSONWriter.encode(r.params ?? .null))}"
                ]
                : []
        }
        let outcome = await c.request("tools/call", params: .object([]), timeout: .milliseconds(100))
        guard case .timedOut = outcome else {
            Issue.record("expected a timeout, got \(outcome)")
            return
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while await c.notificationCount == 0 && ContinuousClock.now < deadline { await Task.yield() }
        let echoed = await c.notifications.first?.params
        #expect(echoed?["requestId"] == .int(1))
    }

    @Test func nonJSONOnStdoutIsAnImpurityAndServerRequestsAreAnswered() async {
        let c = InMemoryTransport.connect { frame in
            let r = Self.request(frame)
            guard r.method == "ping" else { return [] }
            return ["not json at all", "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"roots/list\"}", Self.result(r.id, "{}")]
        }
        _ = await c.request("ping", timeout: .seconds(5))
        #expect(await c.impurities.first?.reason.hasPrefix("not JSON") == true)
        #expect(await c.serverRequests == ["roots/list"])
    }

    @Test func paginationFollowsCursorsAndStopsAtALoop() async {
        // Pages a -> b -> a: a server whose cursors go round in a circle.
        let c = InMemoryTransport.connect { frame in
            let r = Self.request(frame)
            let cursor = r.params?["cursor"]?.stringValue
            let page =
                cursor == "b"
                ? "{\"tools\":[{\"name\":\"two\"}],\"nextCursor\":\"a\"}"
                : "{\"tools\":[{\"name\":\"one\"}],\"nextCursor\":\"b\"}"
            return [Self.result(r.id, page)]
        }
        let listing = await SessionSteps.list(c, "tools/list", key: "tools", timeout: .seconds(5))
        #expect(listing.cursorLoop)
        #expect(listing.items.compactMap { $0["name"]?.stringValue } == ["one", "two"])
    }

    @Test func handshakeReadsTheServersAnswer() async {
        let c = InMemoryTransport.connect { frame in
            let r = Self.request(frame)
            guard r.method == "initialize" else { return [] }
            let requested = r.params?["protocolVersion"]?.stringValue ?? ""
            return [
                Self.result(
                    r.id,
                    "{\"protocolVersion\":\"\(requested)\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"mem\",\"version\":\"1\"}}"
                )
            ]
        }
        let h = await SessionSteps.initialize(c, version: "2025-06-18", timeout: .seconds(5))
        #expect(h.protocolVersion == "2025-06-18")
        #expect(h.serverName == "mem")
        #expect(h.capabilities?["tools"] != nil)
    }
}
