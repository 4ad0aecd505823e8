import LoadShims
import MCPWire
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// Both ends of a stdio server's pipes, non-blocking, with an input buffer framed by `memchr` and
/// an output buffer written with one `write` for as many requests as are queued. Used by one
/// thread at a time; it survives from the handshake to the load, so no byte read is lost.
struct PipeIO {
    enum ReadResult { case data, wouldBlock, endOfFile }

    let input: Int32
    let output: Int32
    /// Unconsumed bytes are `inbox[inStart..<inEnd]`.
    private var inbox: [UInt8]
    private var inStart = 0
    private var inEnd = 0
    private var outbox: [UInt8] = []
    private var outSent = 0
    /// A line longer than `maxLineBytes` is dropped up to its newline (and counted as invalid).
    private var dropping = false
    private(set) var oversizedLines = 0
    private(set) var writeFailed = false
    let maxLineBytes: Int

    init(input: Int32, output: Int32, maxLineBytes: Int = 16 << 20) {
        self.input = input
        self.output = output
        self.maxLineBytes = maxLineBytes
        inbox = [UInt8](repeating: 0, count: 256 << 10)
        outbox.reserveCapacity(64 << 10)
    }

    // MARK: Output

    var hasPendingOutput: Bool { outSent < outbox.count }

    /// Queues a request: the call's prefix, the id in decimal, `}` and the newline.
    @inline(__always)
    mutating func queueRequest(prefix: [UInt8], id: UInt64) {
        outbox.append(contentsOf: prefix)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch for up to 20 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var v = id
            var i = scratch.count
            repeat {
                i -= 1
                scratch[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
            } while v > 0
            outbox.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[i...]))
        }
        outbox.append(UInt8(ascii: "}"))
        outbox.append(0x0A)
    }

    mutating func queue(_ bytes: [UInt8]) { outbox.append(contentsOf: bytes) }

    /// Writes what the pipe takes now; the rest waits for the next flush.
    mutating func flush() {
        guard hasPendingOutput, !writeFailed else { return }
        while outSent < outbox.count {
            let n = outbox.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(input, base + outSent, raw.count - outSent)
            }
            if n > 0 {
                outSent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                return
            } else {
                // EPIPE: the server closed its stdin or exited.
                writeFailed = true
                break
            }
        }
        outbox.removeAll(keepingCapacity: true)
        outSent = 0
    }

    // MARK: Input

    mutating func read() -> ReadResult {
        if inStart == inEnd {
            inStart = 0
            inEnd = 0
        } else if inEnd == inbox.count || inStart > inbox.count / 2 {
            makeRoom()
        }
        while true {
            let n = inbox.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.read(output, base + inEnd, raw.count - inEnd)
            }
            if n > 0 {
                inEnd += n
                return .data
            }
            if n == 0 { return .endOfFile }
            if errno == EINTR { continue }
            return errno == EAGAIN ? .wouldBlock : .endOfFile
        }
    }

    /// Moves the partial line to the front; grows for a long line; past the limit, drops it.
    private mutating func makeRoom() {
        let pending = inEnd - inStart
        if inStart > 0 {
            inbox.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + inStart, pending)
            }
            inStart = 0
            inEnd = pending
        }
        guard inEnd == inbox.count else { return }
        if inbox.count < maxLineBytes {
            inbox += [UInt8](repeating: 0, count: min(inbox.count, maxLineBytes - inbox.count))
        } else {
            if !dropping { oversizedLines += 1 }
            dropping = true
            inStart = 0
            inEnd = 0
        }
    }

    /// Calls `body` with each complete line (without its newline or a trailing `\r`), consuming it.
    @inline(__always)
    mutating func forEachLine(_ body: (UnsafePointer<UInt8>, Int) -> Void) {
        let end = inEnd
        var start = inStart
        var dropping = self.dropping
        inbox.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while start < end, let hit = memchr(base + start, 0x0A, end - start) {
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var length = newline - start
                if length > 0 && base[newline - 1] == 0x0D { length -= 1 }
                if dropping {
                    dropping = false
                } else {
                    body(base + start, length)
                }
                start = newline + 1
            }
        }
        inStart = start
        self.dropping = dropping
    }

    /// Waits until stdout is readable (or stdin writable, while output is pending), or `timeoutNs`.
    func wait(timeoutNs: Int64) {
        var fds = (
            pollfd(fd: output, events: Int16(POLLIN), revents: 0),
            pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
        )
        let count: UInt = hasPendingOutput && !writeFailed ? 2 : 1
        withUnsafeMutablePointer(to: &fds) { pointer in
            pointer.withMemoryRebound(to: pollfd.self, capacity: 2) { _ = load_ppoll($0, count, max(0, timeoutNs)) }
        }
    }

    /// Sleeps until the monotonic instant `ns`.
    static func sleep(until ns: UInt64) {
        while true {
            let now = LoadClock.nowNs
            guard now < ns else { return }
            _ = load_ppoll(nil, 0, Int64(ns - now))
        }
    }

    // MARK: The slow path

    /// One request, answered the ordinary way (a full JSON parse): for the handshake and listings.
    /// Server requests meanwhile are answered; notifications are ignored. The failure says what
    /// the request got instead of a result.
    mutating func request(_ method: String, params: JSONValue?, id: Int, timeout: Duration) -> Result<JSONValue, LoadFailure> {
        queue(JSONRPCRequest.encode(id: id, method: method, params: params))
        let deadline = LoadClock.nowNs + UInt64(max(0, timeout.nanoseconds))
        var outcome: Result<JSONValue, LoadFailure>?
        while outcome == nil {
            flush()
            if writeFailed { return .failure(LoadFailure("could not be written: the server closed its stdin")) }
            switch read() {
            case .data:
                var replies: [[UInt8]] = []
                forEachLine { p, n in
                    guard let value = Self.parse(p, n) else {
                        // Ours but unreadable (nested too deep, say): no use waiting for another.
                        let scan = ResponseScanner.scan(p, n)
                        if scan.kind == .result || scan.kind == .error, scan.id == Int64(id) {
                            outcome = .failure(LoadFailure("got an answer that is not JSON Preflight can read"))
                        }
                        return
                    }
                    switch JSONRPCMessage.classify(value) {
                    case .response(let rid, let result) where rid.intValue == id:
                        outcome = .success(result)
                    case .error(let rid, let code, let message, _) where rid.intValue == id:
                        outcome = .failure(LoadFailure("got error \(code) \"\(message.prefix(200))\""))
                    case .request(let rid, let m, _):
                        replies.append(Self.reply(to: rid, method: m))
                    default: break
                    }
                }
                for reply in replies { queue(reply) }
            case .endOfFile:
                return outcome ?? .failure(LoadFailure("got no answer: the server closed its stdout"))
            case .wouldBlock:
                let now = LoadClock.nowNs
                if now >= deadline { return .failure(LoadFailure("got no answer within \(timeout.milliseconds) ms")) }
                wait(timeoutNs: Int64(deadline - now))
            }
        }
        return outcome ?? .failure(LoadFailure("got no answer"))
    }

    /// Strictly, then with invalid UTF-8 replaced (a client shows U+FFFD rather than give up).
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> JSONValue? {
        let bytes = Array(UnsafeBufferPointer(start: p, count: n))
        if let value = try? JSONParser.parse(bytes) { return value }
        return try? JSONParser.parse(Array(String(decoding: bytes, as: UTF8.self).utf8))
    }

    mutating func notify(_ method: String, params: JSONValue? = nil) {
        queue(JSONRPCRequest.encodeNotification(method: method, params: params))
        flush()
    }

    /// A client answers server requests: `ping` with an empty result, anything else "not supported".
    static func reply(to id: JSONValue, method: String) -> [UInt8] {
        method == "ping"
            ? JSONRPCRequest.encodeResponse(id: id, result: .object([]))
            : JSONRPCRequest.encodeError(id: id, code: -32601, message: "Method not found")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}
