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
        var frames: [Frame] = []
        for byte in bytes {
            if byte == 0x0A {
                frames.append(finishLine())
                continue
            }
            if overflowLength > 0 {
                overflowLength += 1
            } else if buffer.count >= maxLineBytes {
                overflowPrefix = Array(buffer.prefix(256))
                overflowLength = buffer.count + 1
                buffer = []
            } else {
                buffer.append(byte)
            }
        }
        return frames
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
