import Foundation
import PreflightCore

/// Client side of one MCP session: request ids, per-request timeouts, and everything the server
/// sent, classified. Transport-neutral: bytes go out through `send`, frames come in via `receive`.
public actor MCPConnection {
    public struct Limits: Sendable {
        public var maxStoredStderrBytes = 512 << 10
        public var maxStoredLines = 2_000
        public var maxStoredMessages = 10_000
        public init() {}
    }

    /// Something on stdout that is not a valid JSON-RPC message.
    public struct Impurity: Sendable {
        public var excerpt: String
        public var reason: String
        public var byteCount: Int
    }

    private let send: @Sendable ([UInt8]) async -> Void
    private let limits: Limits
    private var nextID = 1
    private var pending:
        [Int: (continuation: CheckedContinuation<RPCOutcome, Never>, sent: ContinuousClock.Instant, method: String)] = [:]
    /// Each pending request's timeout timer, cancelled when the answer comes (no sleeping task per call).
    private var timers: [Int: Task<Void, Never>] = [:]
    public private(set) var closed = false

    public private(set) var notifications: [(method: String, params: JSONValue?)] = []
    /// Every notification counted, though only the first `maxStoredMessages` are kept.
    public private(set) var notificationCount = 0
    public private(set) var serverRequests: [String] = []
    /// Responses whose id matches no pending request (duplicates, unknown ids, answers to notifications).
    public private(set) var strayResponses: [JSONValue] = []
    /// Answers that came after their request had timed out: late, not stray.
    public private(set) var lateAnswers = 0
    /// Requests that timed out.
    public private(set) var timeoutCount = 0
    private var expired: Set<Int> = []
    public private(set) var impurities: [Impurity] = []
    public private(set) var stdoutBytes = 0
    public private(set) var stdoutMessages = 0
    public private(set) var stderrLines: [String] = []
    /// For each stored stderr line, whether it began a read: a logging handler writes a whole record at
    /// once, so a record's continuation lines (a wrapped message, a dump) come in the same read.
    public private(set) var stderrLineStartsRead: [Bool] = []
    private var partialStartsRead = false
    public private(set) var stderrBytes = 0
    private var stderrPartial: [UInt8] = []
    private let canaries: [String]
    public private(set) var leakedCanaries: Set<String> = []
    private var stdoutTail: [UInt8] = []
    private var stderrTail: [UInt8] = []

    public init(canaries: [String] = [], limits: Limits = Limits(), send: @escaping @Sendable ([UInt8]) async -> Void) {
        self.send = send
        self.limits = limits
        self.canaries = canaries.filter { !$0.isEmpty }
    }

    // MARK: Requests

    public func request(_ method: String, params: JSONValue? = nil, timeout: Duration) async -> RPCOutcome {
        await requestWithID(method, params: params, timeout: timeout).outcome
    }

    /// A request and the id it went out with, for transports that keep per-request evidence (HTTP).
    public func requestWithID(_ method: String, params: JSONValue? = nil, timeout: Duration) async -> (
        id: Int, outcome: RPCOutcome
    ) {
        let id = nextID
        nextID += 1
        guard !closed else { return (id, .closed) }
        let bytes = JSONRPCRequest.encode(id: id, method: method, params: envelope.map { $0.stamp(params) } ?? params)
        let outcome = await withCheckedContinuation { continuation in
            pending[id] = (continuation, ContinuousClock.now, method)
            Task { await self.send(bytes) }
            timers[id] = Task {
                do { try await Task.sleep(for: timeout) } catch { return }
                self.expire(id, after: timeout)
            }
        }
        return (id, outcome)
    }

    /// 2026-07-28: when set, every request's params carry this `_meta` envelope (per-request version
    /// and capabilities, no handshake). Params that already name a protocol version are sent as they are.
    public private(set) var envelope: ModernProtocol.Envelope?

    public func setEnvelope(_ envelope: ModernProtocol.Envelope?) { self.envelope = envelope }

    /// Ends a pending request without an answer: over HTTP its exchange ended without one (an error
    /// status with no JSON-RPC body, a refused redirect, a bound hit, a refused connection). No-op
    /// once the request was answered or timed out.
    public func abandon(_ id: Int, status: Int?, reason: String) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        timers.removeValue(forKey: id)?.cancel()
        transportFailureCount += 1
        entry.continuation.resume(returning: .transportFailure(status: status, reason: reason))
    }

    /// Ends a pending request as `.closed` (its transport is closing).
    public func abandonAsClosed(_ id: Int) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        timers.removeValue(forKey: id)?.cancel()
        entry.continuation.resume(returning: .closed)
    }

    /// Requests that ended in `.transportFailure`.
    public private(set) var transportFailureCount = 0

    /// Called with the method and the result of every request answered with a result: checks that
    /// judge every result of a run (2026-07-28 `resultType`, `_meta` serverInfo) read them here.
    private var resultObserver: (@Sendable (String, JSONValue) -> Void)?

    public func observeResults(_ observer: (@Sendable (String, JSONValue) -> Void)?) { resultObserver = observer }

    public func isPending(_ id: Int) -> Bool { pending[id] != nil }

    public func notify(_ method: String, params: JSONValue? = nil) async {
        guard !closed else { return }
        await send(JSONRPCRequest.encodeNotification(method: method, params: params))
    }

    /// Sends bytes as they are: malformed frames on purpose.
    public func sendRaw(_ bytes: [UInt8]) async {
        guard !closed else { return }
        await send(bytes)
    }

    private func expire(_ id: Int, after timeout: Duration) {
        timers.removeValue(forKey: id)
        guard let entry = pending.removeValue(forKey: id) else { return }
        if expired.count < limits.maxStoredMessages { expired.insert(id) }
        timeoutCount += 1
        entry.continuation.resume(returning: .timedOut(after: timeout))
        // Tell the server to stop working on it (MCP basic/utilities/cancellation).
        let params = JSONValue.object([
            ("requestId", .int(id)), ("reason", .string("timed out after \(timeout.milliseconds) ms")),
        ])
        let bytes = JSONRPCRequest.encodeNotification(method: "notifications/cancelled", params: params)
        if !closed { Task { await self.send(bytes) } }
    }

    // MARK: Incoming

    public func receive(_ frame: LineFramer.Frame) {
        switch frame {
        case .oversized(let length, let prefix):
            stdoutBytes += length + 1
            record(
                Impurity(
                    excerpt: String(decoding: prefix.prefix(120), as: UTF8.self),
                    reason: "a line of \(length) bytes, over the frame limit", byteCount: length))
        case .line(let bytes):
            stdoutBytes += bytes.count + 1
            scanCanaries(bytes, tail: &stdoutTail)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if !bytes.isEmpty { record(Impurity(excerpt: "", reason: "a blank line", byteCount: bytes.count)) }
                return
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch {
                let text = String(decoding: bytes.prefix(160), as: UTF8.self)
                record(Impurity(excerpt: text, reason: "not JSON (\(error.message))", byteCount: bytes.count))
                return
            }
            stdoutMessages += 1
            handle(JSONRPCMessage.classify(value), raw: value, bytes: bytes)
        }
    }

    private func record(_ impurity: Impurity) {
        if impurities.count < 200 { impurities.append(impurity) }
    }

    private func handle(_ message: JSONRPCMessage, raw: JSONValue, bytes: [UInt8]) {
        switch message {
        case .response(let id, let result):
            if let method = id.intValue.flatMap({ pending[$0]?.method }) { resultObserver?(method, result) }
            complete(id, raw: raw) { .result(result, elapsed: $0) }
        case .error(let id, let code, let text, let data):
            complete(id, raw: raw) { .error(code: code, message: text, data: data, elapsed: $0) }
        case .notification(let method, let params):
            notificationCount += 1
            if notifications.count < limits.maxStoredMessages { notifications.append((method, params)) }
        case .request(let id, let method, _):
            serverRequests.append(method)
            // A client must answer server requests; ping gets its empty result, the rest "not supported".
            let reply =
                method == "ping"
                ? JSONRPCRequest.encodeResponse(id: id, result: .object([]))
                : JSONRPCRequest.encodeError(id: id, code: -32601, message: "Method not found")
            Task { await self.send(reply) }
        case .invalid(_, let reason):
            let text = String(decoding: bytes.prefix(160), as: UTF8.self)
            record(Impurity(excerpt: text, reason: reason, byteCount: bytes.count))
        }
    }

    private func complete(_ id: JSONValue, raw: JSONValue, _ outcome: (Duration) -> RPCOutcome) {
        guard let key = id.intValue, let entry = pending.removeValue(forKey: key) else {
            if let key = id.intValue, expired.remove(key) != nil {
                lateAnswers += 1
            } else if strayResponses.count < limits.maxStoredMessages {
                strayResponses.append(raw)
            }
            return
        }
        timers.removeValue(forKey: key)?.cancel()
        entry.continuation.resume(returning: outcome(ContinuousClock.now - entry.sent))
    }

    public func receiveStderr(_ bytes: [UInt8]) {
        stderrBytes += bytes.count
        scanCanaries(bytes, tail: &stderrTail)
        var start = 0
        if stderrPartial.isEmpty { partialStartsRead = true }
        while start < bytes.count {
            let newline = LineFramer.newline(in: bytes, from: start)
            let run = bytes[start..<(newline ?? bytes.count)]
            // Lines are kept to 4 KiB each: a flood costs a scan, not memory.
            stderrPartial.append(contentsOf: run.prefix(max(0, 4096 - stderrPartial.count)))
            guard let newline else { break }
            flushStderrLine()
            start = newline + 1
        }
    }

    private func flushStderrLine() {
        defer {
            stderrPartial = []
            partialStartsRead = false
        }
        guard stderrLines.count < limits.maxStoredLines else { return }
        stderrLines.append(String(decoding: stderrPartial, as: UTF8.self))
        stderrLineStartsRead.append(partialStartsRead)
    }

    /// Finds canary values even when they straddle two reads.
    private func scanCanaries(_ bytes: [UInt8], tail: inout [UInt8]) {
        guard !canaries.isEmpty else { return }
        let window = tail + bytes
        for c in canaries where !leakedCanaries.contains(c) && window.firstRange(of: Array(c.utf8)) != nil {
            leakedCanaries.insert(c)
        }
        let keep = (canaries.map { $0.utf8.count }.max() ?? 0)
        tail = Array(window.suffix(keep))
    }

    /// Records canaries seen outside the byte streams (tool results are scanned by the caller too).
    public func noteLeak(_ canary: String) { leakedCanaries.insert(canary) }

    public func markClosed() {
        if !stderrPartial.isEmpty { flushStderrLine() }
        closed = true
        let waiting = pending
        pending = [:]
        for timer in timers.values { timer.cancel() }
        timers = [:]
        for (_, entry) in waiting { entry.continuation.resume(returning: .closed) }
    }

    public var pendingCount: Int { pending.count }
}
