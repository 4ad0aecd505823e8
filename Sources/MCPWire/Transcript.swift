import Foundation
import PreflightCore

/// Every frame both ways, with monotonic time. Bounded: past `maxBytes` frames are counted, not kept.
public final class Transcript: @unchecked Sendable {
    public enum Direction: String, Sendable { case sent = "client->server", received = "server->client", stderr }

    public struct Entry: Sendable {
        public var instance: String
        public var direction: Direction
        public var nanoseconds: UInt64
        public var bytes: [UInt8]
        public var note: String?
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    private var storedBytes = 0
    private var dropped = 0
    private let start = ContinuousClock.now
    public let maxBytes: Int

    public init(maxBytes: Int = 64 << 20) { self.maxBytes = maxBytes }

    public func record(_ instance: String, _ direction: Direction, _ bytes: [UInt8], note: String? = nil) {
        let elapsed = ContinuousClock.now - start
        let ns = UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
        lock.withLock {
            if storedBytes + bytes.count > maxBytes {
                dropped += 1
                return
            }
            storedBytes += bytes.count
            entries.append(Entry(instance: instance, direction: direction, nanoseconds: ns, bytes: bytes, note: note))
        }
    }

    public var snapshot: (entries: [Entry], dropped: Int) { lock.withLock { (entries, dropped) } }

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
            out += JSONWriter.encode(o.value) + "\n"
        }
        if dropped > 0 {
            out += JSONWriter.encode(.object([("dropped", .int(dropped)), ("reason", .string("transcript size limit"))])) + "\n"
        }
        return out
    }
}
