import Foundation
import PreflightCore
import Synchronization

/// An `MCPConnection` over Streamable HTTP: each message the connection sends is one POST, and the
/// answer (a JSON body or an SSE stream) is fed back into the connection frame by frame.
///
/// * `.modern` (2026-07-28): no session; `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` come
///   from each body; the connection stamps the `_meta` envelope on every request; a timed-out
///   request is cancelled by closing its stream (streamable-http.mdx: no client notifications).
/// * `.handshake` (2025-03-26 … 2025-11-25): `initialize` first; `Mcp-Session-Id` once the server
///   assigned one and `MCP-Protocol-Version` once negotiated go on every later request; the session
///   is ended with `DELETE` when the transport closes.
///
/// Probes that need other headers on purpose use `probe` or `wire.send`, which send exactly what they are told.
public final class StreamableHTTPTransport: Sendable {
    public enum Mode: Sendable, Equatable {
        case modern(version: String)
        case handshake

        public static let modern = Mode.modern(version: ModernProtocol.version)
    }

    public struct Options: Sendable {
        /// Bound of each POST (the connection's own request timeout is usually shorter).
        public var exchangeTimeout: Duration = .seconds(60)
        /// Headers added to every request the connection sends (not to `probe`s).
        public var extraHeaders = HeaderList()
        /// `DELETE` the session when the transport closes (2025-11-25 §Session Management 5: SHOULD).
        public var deleteSessionAtEnd = true
        public var canaries: [String] = []
        /// Remember which exchange carried each request (`exchange(forRequest:)`); a load leaves it off.
        public var recordRequestExchanges = true
        public init() {}
    }

    public let wire: HTTPWire
    public let connection: MCPConnection
    public let mode: Mode
    public let options: Options
    private let state = Mutex(State())

    private struct State {
        var sessionID: String?
        var negotiatedVersion: String?
        var inFlight: [Int: Task<HTTPExchange, Never>] = [:]
        /// JSON-RPC request id → exchange sequence that carried it.
        var exchangeOfRequest: [Int: Int] = [:]
        var streams: [Task<HTTPExchange, Never>] = []
        var toolSchemas: [String: JSONValue] = [:]
        var sessionDeleted = false
        var probeCounter = 0
    }

    private init(wire: HTTPWire, connection: MCPConnection, mode: Mode, options: Options) {
        self.wire = wire
        self.connection = connection
        self.mode = mode
        self.options = options
    }

    /// A connection to `target` for `body`'s duration. At the end: open streams are cancelled, the
    /// session is deleted (handshake mode), the connection is marked closed and the sockets closed.
    public static func with<T: Sendable>(
        _ target: HTTPTarget, mode: Mode, credentials: HTTPCredentials = HTTPCredentials(),
        settings: HTTPWire.Settings = HTTPWire.Settings(), options: Options = Options(), transcript: Transcript? = nil,
        instance: String = "http", _ body: (StreamableHTTPTransport) async throws -> T
    ) async rethrows -> T {
        try await HTTPWire.with(
            target, credentials: credentials, settings: settings, transcript: transcript, instance: instance
        ) { wire in
            let transport = make(wire: wire, mode: mode, options: options)
            if case .modern(let version) = mode {
                await transport.connection.setEnvelope(ModernProtocol.Envelope(version: version))
            }
            do {
                let value = try await body(transport)
                await transport.close()
                return value
            } catch {
                await transport.close()
                throw error
            }
        }
    }

    /// A transport on an existing wire (several transports may share one, e.g. for era detection).
    public static func make(wire: HTTPWire, mode: Mode, options: Options = Options()) -> StreamableHTTPTransport {
        let link = Link()
        let connection = MCPConnection(canaries: options.canaries) { bytes in
            await link.transport?.post(bytes)
        }
        let transport = StreamableHTTPTransport(wire: wire, connection: connection, mode: mode, options: options)
        link.attach(transport)
        return transport
    }

    // MARK: Session state

    public var sessionID: String? { state.withLock { $0.sessionID } }
    public var negotiatedVersion: String? { state.withLock { $0.negotiatedVersion } }

    /// The headers every in-session request carries now (handshake mode): session id and version.
    public var sessionHeaders: HeaderList {
        let (session, version) = state.withLock { ($0.sessionID, $0.negotiatedVersion) }
        var h = HeaderList()
        if let session { h.add("Mcp-Session-Id", session) }
        if let version, Self.sendsVersionHeader(version) { h.add("MCP-Protocol-Version", version) }
        return h
    }

    /// 2025-03-26 had no version header; 2025-06-18 onward MUST send it.
    public static func sendsVersionHeader(_ version: String) -> Bool { version >= "2025-06-18" }

    /// The exchange that carried the connection's request `id`.
    public func exchange(forRequest id: Int) -> HTTPExchange? {
        guard let sequence = state.withLock({ $0.exchangeOfRequest[id] }) else { return nil }
        return wire.exchanges.first { $0.sequence == sequence }
    }

    /// The same, waiting for the exchange if it is still running (bounded by its own timeout): a
    /// request that timed out in the connection has its stream closed a moment later.
    public func settledExchange(forRequest id: Int) async -> HTTPExchange? {
        if let task = state.withLock({ $0.inFlight[id] }) { return await task.value }
        return exchange(forRequest: id)
    }

    // MARK: Sending (the connection's send closure)

    private func post(_ frame: [UInt8]) async {
        let body = frame.last == 0x0A ? Array(frame.dropLast()) : frame
        let message = try? JSONParser.parse(body)
        let method = message?["method"]?.stringValue
        let requestID = method != nil ? message?["id"]?.intValue : nil
        if method == "notifications/cancelled", let target = message?["params"]?["requestId"]?.intValue,
            let task = state.withLock({ $0.inFlight[target] })
        {
            // Closing the stream is the cancellation (2026-07-28); in the handshake era it is not, so
            // the notification still goes out.
            task.cancel()
            if case .modern = mode { return }
        }
        let headers = standardHeaders(method: method, params: message?["params"]).merging(options.extraHeaders)
        var spec = HTTPRequestSpec(
            method: "POST", url: wire.target.url, headers: headers, body: body, timeout: options.exchangeTimeout,
            label: method ?? (message?["id"] != nil ? "response" : "raw"))
        if let id = message?["id"], method != nil { spec.stop = .afterResponse(id: id) }
        let connection = connection
        let wire = wire
        // The request's own answer is held back until the exchange is recorded (and a session
        // adopted): whoever the answer wakes finds the evidence in place. Everything else on the
        // stream (notifications, server requests) goes to the connection as it arrives.
        let held = Mutex<(bytes: [UInt8], message: JSONValue)?>(nil)
        let ownID = message?["id"]
        let task = Task {
            await wire.send(spec) { item in
                guard case .frame(let bytes, let parsed) = item else { return }
                if let ownID, let parsed, parsed["id"] == ownID, parsed["method"] == nil {
                    held.withLock { $0 = (bytes, parsed) }
                } else {
                    await connection.receive(.line(bytes))
                }
            }
        }
        if let requestID { state.withLock { $0.inFlight[requestID] = task } }
        let exchange = await task.value
        if let requestID {
            state.withLock {
                $0.inFlight[requestID] = nil
                if options.recordRequestExchanges { $0.exchangeOfRequest[requestID] = exchange.sequence }
            }
        }
        if method == "initialize", case .handshake = mode, exchange.succeeded {
            adopt(initialize: exchange, id: ownID)
        }
        let answer = held.withLock { $0 }
        if method == "tools/list", let tools = answer?.message["result"]?["tools"]?.arrayValue { learn(tools) }
        if let answer { await connection.receive(.line(answer.bytes)) }
        // Streamable HTTP answers a request on its own POST: nothing came, nothing will.
        if let requestID { await connection.abandon(exchange, id: requestID) }
    }

    /// The headers a message gets in this mode: Content-Type and Accept; modern: the mirrored
    /// `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` and, for a tool whose schema was listed,
    /// its `Mcp-Param-*`; handshake: the session headers (after `initialize`).
    public func standardHeaders(method: String?, params: JSONValue?) -> HeaderList {
        var headers = HeaderList([("Content-Type", "application/json"), ("Accept", ModernProtocol.accept)])
        switch mode {
        case .modern(let version):
            guard let method else {
                headers.add("MCP-Protocol-Version", version)
                return headers
            }
            headers = ModernProtocol.headers(method: method, params: params, version: version)
            if method == "tools/call", let name = params?["name"]?.stringValue,
                let schema = state.withLock({ $0.toolSchemas[name] })
            {
                headers = headers.merging(ModernProtocol.paramHeaders(inputSchema: schema, arguments: params?["arguments"]))
            }
        case .handshake:
            if method != "initialize" { headers = headers.merging(sessionHeaders) }
        }
        return headers
    }

    /// Input schemas of listed tools, for the `Mcp-Param-*` headers of later calls (2026-07-28
    /// streamable-http.mdx §Custom Headers from Tool Parameters: clients MUST mirror them).
    private func learn(_ tools: [JSONValue]) {
        state.withLock { s in
            for tool in tools.prefix(10_000) {
                guard let name = tool["name"]?.stringValue, let schema = tool["inputSchema"],
                    s.toolSchemas.count < 10_000 || s.toolSchemas[name] != nil
                else { continue }
                s.toolSchemas[name] = schema
            }
        }
    }

    private func adopt(initialize exchange: HTTPExchange, id: JSONValue?) {
        let version = id.flatMap { exchange.response(id: $0) }?["result"]?["protocolVersion"]?.stringValue
        state.withLock { s in
            if let session = exchange.sessionID { s.sessionID = session }
            if let version { s.negotiatedVersion = version }
        }
    }

    // MARK: Probes, streams, session end

    /// One request outside the connection, with the mode's headers edited on purpose (a foreign
    /// `Origin`, a wrong `Mcp-Method`, an unknown session id, no version header …). `params` go as
    /// given: wrap them with `ModernProtocol.Envelope` for modern probes. Ids are strings
    /// (`preflight-probe-N`), never confused with the connection's.
    public func probe(
        _ method: String, params: JSONValue? = nil, id: JSONValue? = nil, timeout: Duration? = nil, label: String? = nil,
        withCredentials: Bool = true, headers edit: (inout HeaderList) -> Void = { _ in }
    ) async -> HTTPExchange {
        let n = state.withLock { s in
            s.probeCounter += 1
            return s.probeCounter
        }
        let requestID = id ?? .string("preflight-probe-\(n)")
        var headers = standardHeaders(method: method, params: params)
        edit(&headers)
        var spec = HTTPRequestSpec(
            method: "POST", url: wire.target.url, headers: headers,
            body: ModernProtocol.body(id: requestID, method: method, params: params),
            timeout: timeout ?? options.exchangeTimeout, stop: .afterResponse(id: requestID), label: label ?? method)
        spec.withCredentials = withCredentials
        return await wire.send(spec)
    }

    /// Opens the optional GET stream (2025-11-25 §Listening for Messages from the Server): returns its
    /// head (status, content type) as soon as it arrives; messages then flow into the connection
    /// until the transport closes or `lifetime` passes. A 405 is the server's right.
    public func openGetStream(lifetime: Duration = .seconds(3600), headTimeout: Duration = .seconds(10)) async
        -> StreamOpening
    {
        var headers = HeaderList([("Accept", "text/event-stream")]).merging(sessionHeaders)
        if case .modern(let version) = mode { headers.set("MCP-Protocol-Version", version) }
        let spec = HTTPRequestSpec(method: "GET", url: wire.target.url, headers: headers, timeout: lifetime, label: "GET stream")
        let signal = StreamSignal()
        let connection = connection
        let wire = wire
        let task = Task {
            let exchange = await wire.send(spec) { item in
                switch item {
                case .head(let status, let headers): signal.opened(status: status, headers: headers)
                case .frame(let bytes, _): await connection.receive(.line(bytes))
                case .event: break
                }
            }
            signal.ended(exchange)
            return exchange
        }
        state.withLock { $0.streams.append(task) }
        return await signal.wait(timeout: headTimeout)
    }

    /// `DELETE` with the session id (handshake mode). Nil when there is no session to end.
    @discardableResult
    public func deleteSession(timeout: Duration = .seconds(10)) async -> HTTPExchange? {
        guard sessionID != nil else { return nil }
        state.withLock { $0.sessionDeleted = true }
        let spec = HTTPRequestSpec(
            method: "DELETE", url: wire.target.url, headers: sessionHeaders, timeout: timeout, label: "end session")
        return await wire.send(spec)
    }

    /// Cancels streams and in-flight requests, ends the session, closes the connection.
    public func close() async {
        let (streams, inFlight, deleted) = state.withLock { s in
            let r = (s.streams, Array(s.inFlight.values), s.sessionDeleted)
            s.streams = []
            return r
        }
        for task in streams + inFlight { task.cancel() }
        for task in streams { _ = await task.value }
        if case .handshake = mode, options.deleteSessionAtEnd, !deleted { await deleteSession() }
        await connection.markClosed()
    }
}

/// The connection is created before the transport its send closure calls; weak, so that the
/// transport, its connection and the closure do not keep each other alive.
private final class Link: Sendable {
    private struct Weak { weak var transport: StreamableHTTPTransport? }
    private let slot = Mutex(Weak())
    var transport: StreamableHTTPTransport? { slot.withLock { $0.transport } }
    func attach(_ t: StreamableHTTPTransport) { slot.withLock { $0.transport = t } }
}
