import Foundation

/// Splits a byte stream into newline-delimited frames, as the MCP stdio transport defines them:
/// split on 0x0A only (U+2028 inside a JSON string is legal and is not a line break), and a
/// trailing `\r` is tolerated. Lines longer than `maxLineBytes` are not kept: only their size is.
public struct LineFramer: Sendable {
    public enum Frame: Sendable, Equatable {
        case line([UInt8])
        /// A line over the limit: its length, and its first bytes for the report.
        case oversized(length: Int, prefix: [UInt8])
    }

    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var overflowLength = 0
    private var overflowPrefix: [UInt8] = []

    public init(maxLineBytes: Int = 16 << 20) { self.maxLineBytes = maxLineBytes }

    public mutating func push(_ bytes: some Sequence<UInt8>) -> [Frame] {
        let chunk = Array(bytes)
        var frames: [Frame] = []
        var start = 0
        // Whole runs between newlines are copied at once: a 100 MB line costs a scan, not 100 M appends.
        while start < chunk.count {
            let newline = Self.newline(in: chunk, from: start)
            append(chunk[start..<(newline ?? chunk.count)])
            guard let newline else { break }
            frames.append(finishLine())
            start = newline + 1
        }
        return frames
    }

    /// memchr: the scan is the hot loop of a flood, and it must be fast in debug builds too.
    static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start < buffer.count else { return nil }
            guard let hit = memchr(base + start, 0x0A, buffer.count - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private mutating func append(_ run: ArraySlice<UInt8>) {
        guard !run.isEmpty else { return }
        if overflowLength > 0 {
            overflowLength += run.count
            return
        }
        let room = maxLineBytes - buffer.count
        if run.count <= room {
            buffer.append(contentsOf: run)
            return
        }
        // Over the limit: keep only the size and the first bytes for the report.
        buffer.append(contentsOf: run.prefix(room))
        overflowPrefix = Array(buffer.prefix(256))
        overflowLength = buffer.count + (run.count - room)
        buffer = []
    }

    /// What is left when the stream ends without a final newline.
    public mutating func finish() -> Frame? {
        guard !buffer.isEmpty || overflowLength > 0 else { return nil }
        return finishLine()
    }

    private mutating func finishLine() -> Frame {
        defer {
            buffer = []
            overflowLength = 0
            overflowPrefix = []
        }
        if overflowLength > 0 { return .oversized(length: overflowLength, prefix: overflowPrefix) }
        if buffer.last == 0x0D { buffer.removeLast() }
        return .line(buffer)
    }
}
