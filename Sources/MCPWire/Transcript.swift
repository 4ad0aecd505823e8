import Foundation
import PreflightCore
import Synchronization

/// Every frame both ways, with monotonic time. Bounded: past `maxBytes` frames are counted, not kept.
/// HTTP frames carry the exchange they belong to (method, path, status, headers with credentials
/// already redacted by the wire layer).
public final class Transcript: Sendable {
    public enum Direction: String, Sendable { case sent = "client->server", received = "server->client", stderr }

    /// Where an HTTP frame travelled: set on the request line, the response head and each body frame.
    public struct HTTPMeta: Sendable, Equatable {
        /// The exchange's sequence number on its wire, tying a response to its request.
        public var exchange: Int
        public var method: String?
        public var path: String?
        public var status: Int?
        public var headers: HeaderList?

        public init(exchange: Int, method: String? = nil, path: String? = nil, status: Int? = nil, headers: HeaderList? = nil) {
            self.exchange = exchange
            self.method = method
            self.path = path
            self.status = status
            self.headers = headers
        }
    }

    public struct Entry: Sendable {
        public var instance: String
        public var direction: Direction
        public var nanoseconds: UInt64
        public var bytes: [UInt8]
        public var note: String?
        public var http: HTTPMeta?
    }

    private struct State {
        var entries: [Entry] = []
        var storedBytes = 0
        var dropped = 0
    }

    private let state = Mutex(State())
    private let start = ContinuousClock.now
    public let maxBytes: Int

    public init(maxBytes: Int = 64 << 20) { self.maxBytes = maxBytes }

    public func record(_ instance: String, _ direction: Direction, _ bytes: [UInt8], note: String? = nil, http: HTTPMeta? = nil) {
        let elapsed = ContinuousClock.now - start
        let ns = UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
        let cost = bytes.count + (http?.headers?.byteCount ?? 0)
        state.withLock { s in
            if s.storedBytes + cost > maxBytes {
                s.dropped += 1
                return
            }
            s.storedBytes += cost
            s.entries.append(
                Entry(instance: instance, direction: direction, nanoseconds: ns, bytes: bytes, note: note, http: http))
        }
    }

    public var snapshot: (entries: [Entry], dropped: Int) { state.withLock { ($0.entries, $0.dropped) } }

    /// JSONL: one object per frame; secrets scrubbed from the text.
    public func jsonl(secrets: Set<String>) -> String {
        let (entries, dropped) = snapshot
        let scrubber = Redaction.Scrubber(secrets)
        var out = ""
        for e in entries {
            var o = JSONObjectBuilder()
            o.set("instance", e.instance)
            o.set("direction", e.direction.rawValue)
            o.set("tMs", .double(Double(e.nanoseconds) / 1e6))
            o.set("bytes", e.bytes.count)
            let text = String(decoding: e.bytes, as: UTF8.self)
            o.set("text", scrubber.scrub(text))
            if let note = e.note { o.set("note", note) }
            if let http = e.http { o.set("http", Self.json(http, secrets: secrets)) }
            out += JSONWriter.encode(o.value) + "\n"
        }
        if dropped > 0 {
            out += JSONWriter.encode(.object([("dropped", .int(dropped)), ("reason", .string("transcript size limit"))])) + "\n"
        }
        return out
    }

    private static func json(_ http: HTTPMeta, secrets: Set<String>) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("exchange", http.exchange)
        if let method = http.method { o.set("method", method) }
        if let path = http.path { o.set("path", Redaction.scrub(path, secrets: secrets)) }
        if let status = http.status { o.set("status", status) }
        if let headers = http.headers {
            // Pairs, not an object: a header may repeat, and the order is what was on the wire.
            o.set(
                "headers",
                .array(headers.map { .array([.string($0.name), .string(Redaction.scrub($0.value, secrets: secrets))]) }))
        }
        return o.value
    }
}
