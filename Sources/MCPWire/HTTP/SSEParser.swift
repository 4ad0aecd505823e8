/// One dispatched Server-Sent Event (WHATWG HTML §9.2.6 "event stream interpretation").
public struct SSEEvent: Sendable, Equatable {
    /// `event` field; "message" when absent.
    public var name: String
    public var data: [UInt8]
    /// The last event id seen so far (it persists across events, as the spec says).
    public var id: String?
    /// `retry` in milliseconds, when this event carried one.
    public var retry: Int?
    /// The data went over the event size limit: only its first bytes are kept, `size` counts them all.
    public var oversized = false
    public var size: Int

    public var text: String { String(decoding: data, as: UTF8.self) }
}

/// A streaming, bounded SSE parser: bytes go in chunk by chunk as they arrive, events come out.
/// Our own rather than mattt/EventSource: that one is built on URLSession with automatic
/// reconnection (Preflight must never reconnect on its own) and buffers lines and events without
/// a limit; here a line or an event costs at most `maxEventBytes` of memory, whatever the server sends.
public struct SSEParser: Sendable {
    public let maxEventBytes: Int
    private var line: [UInt8] = []
    private var lineOverflow = 0
    private var data: [UInt8] = []
    private var dataSize = 0
    private var hasData = false
    private var name = ""
    private var lastID: String?
    private var retry: Int?
    private var sawCR = false
    private var atStart = true
    private var bomChecked: [UInt8] = []
    /// Comment lines seen (keep-alives), for evidence.
    public private(set) var comments = 0

    public init(maxEventBytes: Int = 16 << 20) { self.maxEventBytes = maxEventBytes }

    public mutating func push(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var chunk = Array(bytes)
        if atStart {
            // One leading UTF-8 BOM is dropped, even when it arrives split over chunks.
            bomChecked.append(contentsOf: chunk)
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if bomChecked.count < 3, bom.starts(with: bomChecked) { return [] }
            atStart = false
            chunk = bom.starts(with: bomChecked.prefix(3)) ? Array(bomChecked.dropFirst(3)) : bomChecked
            bomChecked = []
        }
        var events: [SSEEvent] = []
        var start = 0
        // Whole runs between line ends are copied at once: a long line costs a scan, not per-byte work.
        while start < chunk.count {
            if sawCR, chunk[start] == 0x0A {
                // The LF of a CRLF pair split over two chunks: the line already ended at the CR.
                sawCR = false
                start += 1
                continue
            }
            sawCR = false
            guard let end = chunk[start...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
                appendToLine(chunk[start...])
                break
            }
            appendToLine(chunk[start..<end])
            if let event = endLine() { events.append(event) }
            if chunk[end] == 0x0D {
                if end + 1 < chunk.count {
                    start = chunk[end + 1] == 0x0A ? end + 2 : end + 1
                } else {
                    sawCR = true
                    start = end + 1
                }
            } else {
                start = end + 1
            }
        }
        return events
    }

    private mutating func appendToLine(_ run: ArraySlice<UInt8>) {
        let room = max(0, maxEventBytes - line.count)
        line.append(contentsOf: run.prefix(room))
        lineOverflow += max(0, run.count - room)
    }

    /// The stream ended. WHATWG discards an event that never got its blank line; true when that happened.
    public mutating func finish() -> Bool {
        defer {
            line = []
            data = []
            hasData = false
        }
        return !line.isEmpty || hasData
    }

    private mutating func endLine() -> SSEEvent? {
        defer {
            line = []
            lineOverflow = 0
        }
        if line.isEmpty { return dispatch() }
        if line.first == 0x3A {
            comments += 1
            return nil
        }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: 0x3A) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == 0x20 { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "event": name = String(decoding: value, as: UTF8.self)
        case "data":
            if hasData { appendData(0x0A) }
            hasData = true
            for b in value { appendData(b) }
            dataSize += lineOverflow
        case "id":
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.count < 12 {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        default: break
        }
        return nil
    }

    private mutating func appendData(_ byte: UInt8) {
        dataSize += 1
        if data.count < maxEventBytes { data.append(byte) }
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            data = []
            dataSize = 0
            hasData = false
            name = ""
            retry = nil
        }
        // No data field, no event. An empty `data:` (the 2025-11-25 priming event) is dispatched with
        // empty data, as WHATWG says; it carries no JSON-RPC message and readers skip it.
        guard hasData else { return nil }
        return SSEEvent(
            name: name.isEmpty ? "message" : name, data: data, id: lastID, retry: retry, oversized: dataSize > data.count,
            size: dataSize)
    }
}
