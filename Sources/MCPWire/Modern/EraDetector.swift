import Foundation
import PreflightCore

/// The era verdict for one server, with the exchanges that led to it.
public struct EraVerdict: Sendable {
    public enum Outcome: Sendable, Equatable {
        case modern(version: String)
        /// The version `initialize` negotiated.
        case handshake(version: String)
        /// The message endpoint the `endpoint` event named (resolved, same origin).
        case httpSSE(endpoint: String)
        /// 401: the authorization checks run first; the era is unknown without a credential.
        case authRequired
        /// 403 to a request without `Origin`: the server refuses Preflight itself.
        case forbidden
        /// Modern, but at no version Preflight speaks, and no handshake version.
        case incompatible(supported: [String])
        /// A network failure, a timeout or a 5xx: never taken as an era.
        case unreachable(String)
        /// Something answers, but not MCP in any era.
        case notMCP(String)
    }

    public var outcome: Outcome
    /// `server/discover`'s result (modern) or the error that decided.
    public var discover: JSONValue?
    /// `initialize`'s result: the handshake verdict, or the dual-era check of a modern server.
    public var initialize: JSONValue?
    /// A modern server also serving `initialize` (nil: not asked or not applicable).
    public var dualEra: Bool?
    /// The session `initialize` opened (deleted again by the detector).
    public var sessionID: String?
    /// Every step's reasoning, in order, for the report.
    public var notes: [String] = []
    /// The HTTP exchanges of the detection (empty over stdio).
    public var exchanges: [HTTPExchange] = []

    public var era: Era? {
        switch outcome {
        case .modern: return .modern
        case .handshake: return .handshake
        case .httpSSE: return .httpSSE
        default: return nil
        }
    }

    public var version: String? {
        switch outcome {
        case .modern(let v), .handshake(let v): return v
        case .httpSSE: return "2024-11-05"
        default: return nil
        }
    }

    init(_ outcome: Outcome) { self.outcome = outcome }
}

/// Works out which era a server speaks, as the 2026-07-28 spec tells clients to: `server/discover`
/// first (as a modern request), `initialize` if that is not a modern answer, and over HTTP the
/// HTTP+SSE `GET` if `initialize` is refused too.
public enum EraDetector {
    public struct Settings: Sendable {
        /// Bound of the first request: it may meet a cold start.
        public var firstTimeout: Duration = .seconds(30)
        public var timeout: Duration = .seconds(10)
        /// How long an HTTP+SSE stream may take to send its `endpoint` event.
        public var sseTimeout: Duration = .seconds(5)
        /// After a modern verdict, send a bare `initialize` to learn whether the server is dual-era.
        public var checkDualEra = true
        public init() {}
    }

    static let discoverID = JSONValue.string("preflight-discover")
    static let initializeID = JSONValue.string("preflight-initialize")

    public static func initializeParams(version: String = ModernProtocol.latestHandshakeVersion) -> JSONValue {
        .object([
            ("protocolVersion", .string(version)), ("capabilities", .object([])), ("clientInfo", ModernProtocol.clientInfo),
        ])
    }

    // MARK: HTTP

    /// Detects the era of the server at `wire`'s target. Every session it opens it also ends.
    public static func detect(_ wire: HTTPWire, settings: Settings = Settings()) async -> EraVerdict {
        let before = wire.exchangeCount
        var verdict = await decide(wire, settings: settings)
        verdict.exchanges = wire.exchanges.filter { $0.sequence > before }
        return verdict
    }

    private static func decide(_ wire: HTTPWire, settings: Settings) async -> EraVerdict {
        let probe = StreamableHTTPTransport.make(wire: wire, mode: .modern)
        let params = ModernProtocol.Envelope().wrap(nil)
        var discover = await probe.probe("server/discover", params: params, id: discoverID, timeout: settings.firstTimeout)
        if discover.failure != nil || (discover.status ?? 0) >= 500 && discover.firstResponse == nil {
            // One retry: an outage is never an era verdict, but a cold start may lose the first request.
            discover = await probe.probe("server/discover", params: params, id: discoverID, timeout: settings.firstTimeout)
        }
        var verdict = EraVerdict(.notMCP(""))
        let answer = discover.response(id: discoverID) ?? discover.firstResponse
        verdict.discover = answer
        verdict.notes.append("server/discover: \(discover.summary)")
        if let stop = stopper(discover) {
            verdict.outcome = stop
            return verdict
        }
        switch DiscoverClassification.classify(answer) {
        case .modern(let version, _):
            verdict.outcome = .modern(version: version)
            verdict.notes.append("speaks \(version)")
            if settings.checkDualEra {
                let (exchange, result) = await initialize(wire, timeout: settings.timeout)
                verdict.initialize = result
                verdict.dualEra = result?["protocolVersion"]?.stringValue != nil
                verdict.notes.append(
                    "bare initialize: \(exchange.summary): \(verdict.dualEra == true ? "served (dual-era)" : "refused (modern only)")"
                )
            }
            return verdict
        case .incompatible(let supported):
            verdict.outcome = .incompatible(supported: supported)
            verdict.notes.append("speaks only \(supported.joined(separator: ", "))")
            return verdict
        case .fallback(let reason):
            verdict.notes.append("not a modern answer (\(reason)): trying initialize")
        }
        let (initExchange, result) = await initialize(wire, timeout: settings.timeout)
        verdict.notes.append("initialize: \(initExchange.summary)")
        if let version = result?["protocolVersion"]?.stringValue {
            verdict.outcome = .handshake(version: version)
            verdict.initialize = result
            verdict.sessionID = initExchange.sessionID
            return verdict
        }
        if let stop = stopper(initExchange) {
            verdict.outcome = stop
            return verdict
        }
        // A modern-only server whose discover failed, but whose initialize error names its versions.
        if initExchange.errorCode == ModernProtocol.ErrorCode.unsupportedProtocolVersion,
            case .modern(let version, _) = DiscoverClassification.classify(initExchange.firstResponse)
        {
            verdict.outcome = .modern(version: version)
            return verdict
        }
        let sse = await LegacySSETransport.run(on: wire, options: legacyOptions(settings)) { $0.endpoint }
        switch sse {
        case .success(let endpoint):
            verdict.outcome = .httpSSE(endpoint: HTTPTarget.pathAndQuery(endpoint))
            verdict.notes.append("GET: endpoint event names \(HTTPTarget.pathAndQuery(endpoint))")
        case .failure(let failure):
            verdict.outcome = .notMCP("no era answered: \(failure.reason)")
            verdict.notes.append("GET: \(failure.reason)")
        }
        return verdict
    }

    private static func legacyOptions(_ settings: Settings) -> LegacySSETransport.Options {
        var o = LegacySSETransport.Options()
        o.openTimeout = settings.sseTimeout
        return o
    }

    /// Answers that end detection whatever the body: auth, a refusal of Preflight, an outage.
    static func stopper(_ e: HTTPExchange) -> EraVerdict.Outcome? {
        if let failure = e.failure {
            if case .redirectRefused = failure { return .notMCP(failure.description) }
            return .unreachable(failure.description)
        }
        switch e.status ?? 0 {
        case 401: return .authRequired
        case 403: return .forbidden
        case 500...: return e.firstResponse == nil ? .unreachable("server error \(e.status ?? 0)") : nil
        default: return nil
        }
    }

    /// A bare `initialize` (no version or session header); the session it opens is deleted again.
    static func initialize(_ wire: HTTPWire, timeout: Duration) async -> (HTTPExchange, JSONValue?) {
        let transport = StreamableHTTPTransport.make(wire: wire, mode: .handshake)
        let exchange = await transport.probe(
            "initialize", params: initializeParams(), id: initializeID, timeout: timeout, label: "initialize")
        let result = exchange.response(id: initializeID)?["result"]
        if exchange.succeeded, let session = exchange.sessionID {
            var headers: HeaderList = [("Mcp-Session-Id", session)]
            if let version = result?["protocolVersion"]?.stringValue, StreamableHTTPTransport.sendsVersionHeader(version) {
                headers.add("MCP-Protocol-Version", version)
            }
            _ = await wire.send(
                HTTPRequestSpec(method: "DELETE", url: wire.target.url, headers: headers, timeout: timeout, label: "end session"))
        }
        return (exchange, result)
    }

    // MARK: stdio

    /// Detects the era over a fresh stdio connection: `server/discover` as a modern request. On a
    /// modern verdict the connection's envelope is set; on a handshake verdict (its version is the
    /// one Preflight will ask for, nothing is negotiated yet) the caller sends `initialize` next, on the same connection (SDK servers lock the era on the first request:
    /// a modern probe makes a later `initialize` fail, so test the other era on a new process).
    public static func detect(stdio connection: MCPConnection, timeout: Duration) async -> EraVerdict {
        let params = ModernProtocol.Envelope().wrap(nil)
        let outcome = await connection.request("server/discover", params: params, timeout: timeout)
        var verdict = EraVerdict(.handshake(version: ModernProtocol.latestHandshakeVersion))
        let message: JSONValue?
        switch outcome {
        case .result(let r, _): message = .object([("result", r)])
        case .error(let code, let text, let data, _):
            var error: [(String, JSONValue)] = [("code", .int(code)), ("message", .string(text))]
            if let data { error.append(("data", data)) }
            message = .object([("error", .object(error))])
        case .timedOut, .closed, .transportFailure:
            verdict.notes.append("server/discover: \(outcome.summary): handshake era assumed")
            if case .closed = outcome { verdict.outcome = .unreachable("the server closed the connection") }
            return verdict
        }
        verdict.discover = message
        switch DiscoverClassification.classify(message) {
        case .modern(let version, _):
            verdict.outcome = .modern(version: version)
            verdict.notes.append("server/discover: speaks \(version)")
            await connection.setEnvelope(ModernProtocol.Envelope(version: version))
        case .incompatible(let supported):
            verdict.outcome = .incompatible(supported: supported)
            verdict.notes.append("server/discover: speaks only \(supported.joined(separator: ", "))")
        case .fallback(let reason):
            verdict.notes.append("server/discover: \(reason): handshake era, send initialize next")
        }
        return verdict
    }
}
