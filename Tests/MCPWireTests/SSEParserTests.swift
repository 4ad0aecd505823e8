import MCPWire
import Testing

/// The SSE parser against the WHATWG interpretation rules, whatever way the bytes are split.
@Suite struct SSEParserTests {
    /// Feeds `text` in chunks of many sizes (every size up to 64, and whole): the events must not depend on the split.
    static func events(_ text: String, maxEventBytes: Int = 1 << 20) -> [[SSEEvent]] {
        let bytes = Array(text.utf8)
        return (Array(1...min(64, max(1, bytes.count))) + [max(1, bytes.count)]).map { size in
            var parser = SSEParser(maxEventBytes: maxEventBytes)
            var out: [SSEEvent] = []
            var i = 0
            while i < bytes.count {
                out += parser.push(bytes[i..<min(bytes.count, i + size)])
                i += size
            }
            return out
        }
    }

    static func only(_ text: String, maxEventBytes: Int = 1 << 20) -> [SSEEvent] {
        let all = events(text, maxEventBytes: maxEventBytes)
        for split in all.dropFirst() { #expect(split == all[0]) }
        return all[0]
    }

    @Test func lineEndingsOfEveryKindSplitAnywhere() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = ["event: message", "data: {\"a\":1}", "", ": ping", "", "data: two", "", ""].joined(separator: ending)
            let events = Self.only(text)
            #expect(events.map(\.text) == ["{\"a\":1}", "two"], "ending \(ending.debugDescription)")
            #expect(events.allSatisfy { $0.name == "message" })
        }
    }

    @Test func multiLineDataJoinsWithNewlinesAndOneSpaceIsStripped() {
        let events = Self.only("data:  a\ndata:b\ndata\n\n")
        #expect(events.map(\.text) == [" a\nb\n"])
    }

    @Test func fieldsIdRetryNamesAndComments() {
        var parser = SSEParser()
        let events = parser.push(
            Array("id: 7\nretry: 1500\nevent: endpoint\ndata: /messages?session_id=1\n\n:keep-alive\n\ndata: x\n\n".utf8))
        #expect(events.count == 2)
        #expect(events[0].name == "endpoint" && events[0].id == "7" && events[0].retry == 1500)
        // The last event id persists; the event name and retry do not.
        #expect(events[1].name == "message" && events[1].id == "7" && events[1].retry == nil)
        #expect(parser.comments == 1)
    }

    @Test func leadingBOMIsDroppedOnceEvenWhenSplit() {
        // A second BOM is not at the start of the stream: it is part of a field name, an unknown field.
        let events = Self.only("\u{FEFF}data: a\n\n\u{FEFF}data: b\n\n")
        #expect(events.map(\.text) == ["a"])
    }

    @Test func primingEventHasEmptyDataAndNoDataMeansNoEvent() {
        let events = Self.only("id: prime-1\ndata:\n\nid: only-id\n\nevent: x\n\n")
        #expect(events.count == 1)
        #expect(events[0].data.isEmpty && events[0].id == "prime-1")
    }

    @Test func oversizedEventsKeepTheirSizeNotTheirBytes() {
        let big = String(repeating: "x", count: 10_000)
        let events = Self.events("data: \(big)\n\ndata: small\n\n", maxEventBytes: 1_000)[0]
        #expect(events.count == 2)
        #expect(events[0].oversized && events[0].data.count <= 1_000 && events[0].size == 10_000)
        #expect(!events[1].oversized && events[1].text == "small")
    }

    @Test func anUnfinishedEventIsNotDispatched() {
        var parser = SSEParser()
        #expect(parser.push(Array("data: half".utf8)).isEmpty)
        let dropped = parser.finish()
        #expect(dropped)
        var clean = SSEParser()
        _ = clean.push(Array("data: whole\n\n".utf8))
        let cleanDropped = clean.finish()
        #expect(!cleanDropped)
    }

    @Test func idWithNULIsIgnored() {
        let events = Self.only("id: a\u{0}b\ndata: x\n\n")
        #expect(events.first?.id == nil)
    }
}
