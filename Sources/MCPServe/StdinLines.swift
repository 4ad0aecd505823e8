import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Standard input as lines (newline-delimited JSON-RPC), read on a thread of its own so that a
/// blocking `read` never holds a cooperative thread. The stream ends at end of file. A line longer
/// than `maxLine` is cut there and flagged: it cannot be a message this server takes.
enum StdinLines {
    struct Line: Sendable {
        var bytes: [UInt8]
        var truncated: Bool
    }

    static func stream(fd: Int32 = 0, maxLine: Int = 16 << 20) -> AsyncStream<Line> {
        AsyncStream { continuation in
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 64 << 10)
                var line: [UInt8] = []
                var truncated = false
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { break }
                    for byte in buffer[0..<n] {
                        if byte == 0x0A {
                            if line.last == 0x0D { line.removeLast() }
                            continuation.yield(Line(bytes: line, truncated: truncated))
                            line.removeAll(keepingCapacity: true)
                            truncated = false
                        } else if line.count < maxLine {
                            line.append(byte)
                        } else {
                            truncated = true
                        }
                    }
                }
                if !line.isEmpty { continuation.yield(Line(bytes: line, truncated: truncated)) }
                continuation.finish()
            }
            thread.name = "preflight-mcp-stdin"
            thread.start()
        }
    }
}
