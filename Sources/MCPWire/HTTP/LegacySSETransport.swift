import Foundation
import PreflightCore
import Synchronization

/// An `MCPConnection` over the 2024-11-05 HTTP+SSE transport (Deprecated since 2026-07-28): a GET
/// opens the event stream, whose first event (`endpoint`) names the URL to POST messages to;
/// every answer travels back on the stream (2024-11-05 basic/transports.mdx §HTTP with SSE).
public final class LegacySSETransport: Sendable {
    public struct Options: Sendable {
        /// How long the stream may take to send its `endpoint` event.
        public var openTimeout: Duration = .seconds(10)
        /// Upper bound of the whole stream (it is cancelled when the transport closes anyway).
        public var lifetime: Duration = .seconds(3600)
        /// Bound of each POST (their answers come on the stream).
        public var postTimeout: Duration = .seconds(30)
        public var canaries: [String] = []
        public init() {}
    }

    /// Why the conversation could not start.
    public struct OpenFailure: Error, Sendable, CustomStringConvertible {
        public var opening: StreamOpening
        public var reason: String
        public var description: String { reason }
    }

    public let wire: HTTPWire
    public let connection: MCPConnection
    /// The message endpoint the server named, resolved against the stream's URL.
    public let endpoint: URL
    public let opening: StreamOpening
    private let options: Options
    private let state = Mutex(State())

    private struct State {
        /// JSON-RPC request id → sequence of the exchange that POSTed it.
        var requestExchanges: [Int: Int] = [:]
        /// POSTs still running, by request id: an answer on the stream waits for its POST to be recorded.
        var posting: [Int: Task<HTTPExchange, Never>] = [:]
    }

    private init(wire: HTTPWire, connection: MCPConnection, endpoint: URL, opening: StreamOpening, options: Options) {
        self.wire = wire
        self.connection = connection
        self.endpoint = endpoint
        self.opening = opening
        self.options = options
    }

    /// Opens the stream at `target` (the SSE URL), runs `body` once the endpoint is known, then
    /// closes the stream (which ends the session) and the connection.
    public static func with<T: Sendable>(
        _ target: HTTPTarget, credentials: HTTPCredentials = HTTPCredentials(),
        settings: HTTPWire.Settings = HTTPWire.Settings(), options: Options = Options(), transcript: Transcript? = nil,
        instance: String = "http+sse", _ body: (LegacySSETransport) async throws -> T
    ) async rethrows -> Result<T, OpenFailure> {
        try await HTTPWire.with(
            target, credentials: credentials, settings: settings, transcript: transcript, instance: instance
        ) { wire in
            try await run(on: wire, options: options, body)
        }
    }

    /// The same on an existing wire (era detection reuses its own).
    public static func run<T: Sendable>(
        on wire: HTTPWire, options: Options = Options(), _ body: (LegacySSETransport) async throws -> T
    ) async rethrows -> Result<T, OpenFailure> {
        let link = LegacyLink()
        let connection = MCPConnection(canaries: options.canaries) { bytes in
            await link.transport?.post(bytes)
        }
        let signal = StreamSignal(waitsForEvent: true)
        let spec = HTTPRequestSpec(
            method: "GET", url: wire.target.url, headers: [("Accept", "text/event-stream")], timeout: options.lifetime,
            label: "HTTP+SSE stream")
        let stream = Task {
            let exchange = await wire.send(spec) { item in
                switch item {
                case .head(let status, let headers): signal.opened(status: status, headers: headers)
                case .event(let event): signal.event(event)
                case .frame(let bytes, let parsed):
                    if parsed?["method"] == nil, let id = parsed?["id"]?.intValue, let post = link.transport?.posting(id) {
                        _ = await post.value
                    }
                    await connection.receive(.line(bytes))
                }
            }
            signal.ended(exchange)
            await connection.markClosed()
            return exchange
        }
        let opening = await signal.wait(timeout: options.openTimeout)
        let endpoint: URL
        switch Self.endpoint(of: opening, target: wire.target) {
        case .success(let url): endpoint = url
        case .failure(let failure):
            stream.cancel()
            _ = await stream.value
            return .failure(failure)
        }
        let transport = LegacySSETransport(
            wire: wire, connection: connection, endpoint: endpoint, opening: opening, options: options)
        link.attach(transport)
        defer { stream.cancel() }
        let value: T
        do {
            value = try await body(transport)
        } catch {
            stream.cancel()
            _ = await stream.value
            throw error
        }
        stream.cancel()
        _ = await stream.value
        await connection.markClosed()
        return .success(value)
    }

    /// The `endpoint` event must come first; its URI is resolved against the stream URL and must
    /// stay on the same origin.
    static func endpoint(of opening: StreamOpening, target: HTTPTarget) -> Result<URL, OpenFailure> {
        if opening.timedOut, opening.status == nil {
            return .failure(.init(opening: opening, reason: "no answer to GET within the open timeout"))
        }
        if let status = opening.status, status != 200 {
            return .failure(.init(opening: opening, reason: "GET answered \(status), not an event stream"))
        }
        guard opening.mediaType == "text/event-stream" else {
            return .failure(
                .init(opening: opening, reason: "GET answered \(opening.mediaType ?? "no content type"), not text/event-stream"))
        }
        guard let event = opening.firstEvent else {
            let why =
                opening.ended.map { "the stream ended (\($0.failure?.description ?? "closed"))" } ?? "nothing arrived in time"
            return .failure(.init(opening: opening, reason: "no endpoint event: \(why)"))
        }
        guard event.name == "endpoint" else {
            return .failure(.init(opening: opening, reason: "the first event is `\(event.name)`, not `endpoint`"))
        }
        let reference = event.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = target.resolve(reference) else {
            return .failure(
                .init(opening: opening, reason: "the endpoint `\(reference.prefix(200))` is not on the server's origin"))
        }
        return .success(url)
    }

    /// The exchange that POSTed the connection's request `id` (its answer is on the stream).
    public func exchange(forRequest id: Int) -> HTTPExchange? {
        guard let sequence = state.withLock({ $0.requestExchanges[id] }) else { return nil }
        return wire.exchanges.first { $0.sequence == sequence }
    }

    func posting(_ id: Int) -> Task<HTTPExchange, Never>? { state.withLock { $0.posting[id] } }

    private func post(_ frame: [UInt8]) async {
        let body = frame.last == 0x0A ? Array(frame.dropLast()) : frame
        let message = try? JSONParser.parse(body)
        let requestID = message?["method"] != nil ? message?["id"]?.intValue : nil
        let spec = HTTPRequestSpec(
            method: "POST", url: endpoint, headers: [("Content-Type", "application/json")], body: body,
            timeout: options.postTimeout, label: message?["method"]?.stringValue ?? "response")
        guard let requestID else {
            _ = await wire.send(spec)
            return
        }
        let wire = wire
        let task = state.withLock { s in
            // Registered before it can run: the answer may overtake the POST's own 202.
            let task = Task {
                let exchange = await wire.send(spec)
                self.state.withLock { $0.requestExchanges[requestID] = exchange.sequence }
                return exchange
            }
            s.posting[requestID] = task
            return task
        }
        let exchange = await task.value
        state.withLock { $0.posting[requestID] = nil }
        // Accepted means the answer comes on the stream; anything else means it never will.
        if !exchange.succeeded { await connection.abandon(exchange, id: requestID) }
    }
}

private final class LegacyLink: Sendable {
    private struct Weak { weak var transport: LegacySSETransport? }
    private let slot = Mutex(Weak())
    var transport: LegacySSETransport? { slot.withLock { $0.transport } }
    func attach(_ t: LegacySSETransport) { slot.withLock { $0.transport = t } }
}
