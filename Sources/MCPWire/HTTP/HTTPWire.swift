import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PreflightCore
import Synchronization

/// Preflight's HTTP client: one origin, every request bounded in time and size, redirects followed
/// only on the same origin, credentials added but never recorded, every exchange kept for checks.
/// Built on AsyncHTTPClient with its own redirect, deadline and size handling on top.
public final class HTTPWire: Sendable {
    public struct Settings: Sendable {
        public var connectTimeout: Duration = .seconds(10)
        /// A JSON body, and each SSE event, may be at most this large.
        public var maxBodyBytes = 16 << 20
        /// Evidence kept per exchange: body bytes, SSE events and JSON-RPC messages (count and bytes).
        public var keptBodyBytes = 256 << 10
        public var keptEvents = 200
        public var keptMessages = 2_000
        public var keptEvidenceBytes = 32 << 20
        /// Evidence the wire's log keeps over all exchanges; later records keep their head and summary only.
        public var logEvidenceBytes = 64 << 20
        /// Same-origin redirects followed before the exchange fails.
        public var maxRedirects = 3
        public var maxConnections = 16
        public var maxStoredExchanges = 5_000
        public var userAgent = "mcp-preflight"
        public init() {}
    }

    /// NIO's HTTP/1 decoder refuses a response head over 80 KiB (`HTTPParserError.headerOverflow`).
    public static let maxHeaderBytes = 80 << 10

    public let target: HTTPTarget
    public let credentials: HTTPCredentials
    public let settings: Settings
    public let instance: String
    private let client: HTTPClient
    let transcript: Transcript?
    private let log = Mutex(Log())
    private let created = ContinuousClock.now

    private struct Log {
        var sequence = 0
        var exchanges: [HTTPExchange] = []
        var dropped = 0
        var evidenceBytes = 0
    }

    init(target: HTTPTarget, credentials: HTTPCredentials, settings: Settings, transcript: Transcript?, instance: String) {
        self.target = target
        self.credentials = credentials
        self.settings = settings
        self.transcript = transcript
        self.instance = instance
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.timeout = .init(connect: .nanoseconds(Int64(settings.connectTimeout.nanoseconds)), read: nil)
        config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.maxConnections
        // A refused connection is an answer (nothing listens): fail at once instead of retrying
        // until the connect timeout; readiness polling and era detection retry on their own terms.
        config.connectionPool.retryConnectionEstablishment = false
        config.decompression = .disabled
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    /// A wire for `body`'s duration; its connections are closed when `body` returns.
    public static func with<T: Sendable>(
        _ target: HTTPTarget, credentials: HTTPCredentials = HTTPCredentials(), settings: Settings = Settings(),
        transcript: Transcript? = nil, instance: String = "http", _ body: (HTTPWire) async throws -> T
    ) async rethrows -> T {
        let wire = HTTPWire(
            target: target, credentials: credentials, settings: settings, transcript: transcript, instance: instance)
        do {
            let value = try await body(wire)
            await wire.shutdown()
            return value
        } catch {
            await wire.shutdown()
            throw error
        }
    }

    func shutdown() async { try? await client.shutdown() }

    // MARK: Records

    /// Every exchange so far (the first `maxStoredExchanges`), in order.
    public var exchanges: [HTTPExchange] { log.withLock { $0.exchanges } }
    public var exchangeCount: Int { log.withLock { $0.sequence } }

    private func store(_ exchange: HTTPExchange) {
        log.withLock { l in
            guard l.exchanges.count < settings.maxStoredExchanges else {
                l.dropped += 1
                return
            }
            var kept = exchange
            if l.evidenceBytes + exchange.evidenceBytes > settings.logEvidenceBytes {
                kept.body = []
                kept.events = []
                kept.messages = []
                kept.evidenceBytes = 0
                kept.evidenceDropped = true
            }
            l.evidenceBytes += kept.evidenceBytes
            l.exchanges.append(kept)
        }
    }

    /// Exchanges past `maxStoredExchanges`, counted but not kept.
    public var droppedExchanges: Int { log.withLock { $0.dropped } }

    var elapsed: Duration { ContinuousClock.now - created }

    // MARK: Exchanges

    /// Sends one request and reads its response within the spec's bounds. Never throws, never
    /// hangs: whatever the server does, the returned record says what happened. Body items go to
    /// `onItem` as they arrive (SSE events, JSON-RPC frames).
    public func send(_ spec: HTTPRequestSpec, onItem: (@Sendable (HTTPBodyItem) async -> Void)? = nil) async -> HTTPExchange {
        let sequence = log.withLock { l in
            l.sequence += 1
            return l.sequence
        }
        var headers = spec.headers
        if spec.withCredentials { headers = headers.merging(credentials.headers) }
        if !headers.contains("User-Agent") { headers.add("User-Agent", settings.userAgent) }
        let started = ContinuousClock.now
        var record = HTTPExchange(
            sequence: sequence, label: spec.label, method: spec.method, path: HTTPTarget.pathAndQuery(spec.url),
            requestHeaders: credentials.redact(headers), requestBody: spec.body ?? [])
        record.startedAt = started - created
        guard target.allows(spec.url) else {
            record.failure = .offOrigin(HTTPOrigin(spec.url)?.description ?? spec.url.absoluteString)
            store(record)
            return record
        }
        transcript?.record(
            instance, .sent, spec.body ?? [],
            http: .init(exchange: sequence, method: spec.method, path: record.path, headers: record.requestHeaders))
        let deadline = started + spec.timeout
        var url = spec.url
        while true {
            let box = ExchangeBox(record)
            await attempt(url: url, headers: headers, spec: spec, deadline: deadline, box: box, onItem: onItem)
            record = box.value
            guard spec.followRedirects, record.failure == nil, let status = record.status, Self.redirects.contains(status),
                let location = record.location
            else { break }
            guard let next = target.resolve(location, against: url) else {
                record.failure = .redirectRefused(status: status, location: location)
                break
            }
            guard record.redirects.count < settings.maxRedirects else {
                record.failure = .tooManyRedirects(count: settings.maxRedirects)
                break
            }
            record.redirects.append(.init(status: status, location: location))
            record.status = nil
            record.responseHeaders = HeaderList()
            record.path = HTTPTarget.pathAndQuery(next)
            url = next
        }
        record.duration = ContinuousClock.now - started
        if let failure = record.failure {
            transcript?.record(
                instance, .received, [], note: credentials.scrub(failure.description), http: .init(exchange: sequence))
        }
        store(record)
        return record
    }

    static let redirects: Set<Int> = [301, 302, 303, 307, 308]

    /// One request to `url`, raced against the deadline: the loser is cancelled, and AsyncHTTPClient
    /// closes the connection of a cancelled request, so nothing outlives the exchange.
    private func attempt(
        url: URL, headers: HeaderList, spec: HTTPRequestSpec, deadline: ContinuousClock.Instant, box: ExchangeBox,
        onItem: (@Sendable (HTTPBodyItem) async -> Void)?
    ) async {
        let fired = OnceFlag()
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else {
            box.update { $0.failure = .timedOut(phase: .head, after: spec.timeout, bytes: 0) }
            return
        }
        let request = Self.request(url: url, headers: headers, spec: spec)
        let following = spec.followRedirects
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await self.perform(request, spec: spec, following: following, remaining: remaining, box: box, onItem: onItem)
            }
            group.addTask {
                do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
                fired.claim()
            }
            _ = await group.next()
            group.cancelAll()
        }
        let connectTimeout = settings.connectTimeout
        box.update { e in
            // Whichever deadline fired (ours, or the client's own for the head), say which phase it cut.
            let cut = fired.isClaimed && (e.failure == nil || e.failure == .cancelled)
            if case .timedOut(.connect, _, _) = e.failure {
                e.failure = .timedOut(phase: .connect, after: connectTimeout, bytes: 0)
            } else if cut || e.failure?.isTimeout == true {
                e.failure = .timedOut(phase: e.status == nil ? .head : .body, after: spec.timeout, bytes: e.bodyBytes)
            }
        }
    }

    static func request(url: URL, headers: HeaderList, spec: HTTPRequestSpec) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: spec.method)
        request.headers = HTTPHeaders(headers.map { ($0.name, $0.value) })
        if let body = spec.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return request
    }

    private func perform(
        _ request: HTTPClientRequest, spec: HTTPRequestSpec, following: Bool, remaining: Duration, box: ExchangeBox,
        onItem: (@Sendable (HTTPBodyItem) async -> Void)?
    ) async {
        var response: HTTPClientResponse?
        var lastError: (any Error)?
        // A kept-alive connection the server closed while idle fails before any answer: the write
        // fails, or the close arrives instead of a head. One retry on a fresh connection, noted in
        // the record (the same failure twice is the server's answer). Any other error is final.
        for attempt in 0..<2 where response == nil {
            do {
                response = try await client.execute(request, timeout: .nanoseconds(Int64(remaining.nanoseconds)))
            } catch {
                lastError = error
                guard attempt == 0, Self.isStaleConnection(error), !Task.isCancelled else { break }
                box.update { $0.retried = "\(Self.failure(from: error))" }
            }
        }
        guard let response else {
            box.update { $0.failure = Self.failure(from: lastError ?? CancellationError()) }
            return
        }
        let status = Int(response.status.code)
        let head = HeaderList(response.headers.map { ($0.name, credentials.scrub($0.value)) })
        let sequence = box.update { e in
            e.status = status
            e.responseHeaders = credentials.redact(head)
            e.headAfter = self.elapsed - e.startedAt
            return e.sequence
        }
        transcript?.record(
            instance, .received, [], http: .init(exchange: sequence, status: status, headers: credentials.redact(head)))
        if following, Self.redirects.contains(status), head["Location"] != nil { return }
        if spec.stop == .afterHead {
            box.update { $0.stoppedEarly = true }
            return
        }
        await onItem?(.head(status: status, headers: head))
        var reader = BodyReader(wire: self, box: box, sequence: sequence, stop: spec.stop, onItem: onItem)
        let sse = box.value.isSSE
        do {
            for try await buffer in response.body {
                let chunk = Array(buffer.readableBytesView)
                let done = sse ? await reader.sse(chunk) : reader.plain(chunk)
                if done { return }
            }
        } catch {
            box.update { $0.failure = Self.failure(from: error) }
            return
        }
        if sse { reader.endSSE() } else { await reader.endPlain() }
    }

    static func isStaleConnection(_ error: any Error) -> Bool {
        if let e = error as? ChannelError, e == .ioOnClosedChannel { return true }
        if let e = error as? HTTPClientError, e == .remoteConnectionClosed { return true }
        if let e = error as? IOError, e.errnoCode == ECONNRESET || e.errnoCode == EPIPE { return true }
        return false
    }

    static func failure(from error: any Error) -> HTTPFailure {
        if error is CancellationError { return .cancelled }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout: return .timedOut(phase: .head, after: .zero, bytes: 0)
            case .connectTimeout: return .timedOut(phase: .connect, after: .zero, bytes: 0)
            case .cancelled: return .cancelled
            case .remoteConnectionClosed: return .connectionClosed("the server closed the connection")
            case .bodyLengthMismatch: return .connectionClosed("body shorter than its Content-Length")
            default: return .other(e.description)
            }
        }
        if let p = error as? HTTPParserError {
            return p == .headerOverflow ? .headersTooLarge(limit: maxHeaderBytes) : .malformedResponse("\(p)")
        }
        if let e = error as? IOError, e.errnoCode == ECONNRESET || e.errnoCode == EPIPE {
            return .connectionClosed("reset by the server")
        }
        let text = String(describing: error)
        if text.lowercased().contains("connect") || error is IOError { return .connectFailed(text) }
        return .other(text)
    }
}

/// The record under construction, shared between the request and its deadline.
final class ExchangeBox: Sendable {
    private let state: Mutex<HTTPExchange>
    init(_ initial: HTTPExchange) { state = Mutex(initial) }
    var value: HTTPExchange { state.withLock { $0 } }
    @discardableResult func update<R: Sendable>(_ body: (inout HTTPExchange) -> R) -> R { state.withLock { body(&$0) } }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}
