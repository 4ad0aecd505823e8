import PreflightCore

/// One HTTP request and what came back, as checks read it: status, headers (credentials redacted),
/// the JSON-RPC messages of the body (JSON or SSE), timings, and why it ended early if it did.
public struct HTTPExchange: Sendable {
    public struct Redirect: Sendable, Equatable {
        public var status: Int
        public var location: String
    }

    /// Order of the exchange on its wire (1, 2, …).
    public var sequence: Int
    public var label: String?
    public var method: String
    /// Path and query of the final URL (after same-origin redirects).
    public var path: String
    public var requestHeaders: HeaderList
    public var requestBody: [UInt8]
    public var redirects: [Redirect] = []

    public var status: Int?
    public var responseHeaders = HeaderList()
    /// A non-SSE body, its first `keptBodyBytes`; `bodyBytes` counts every byte received.
    public var body: [UInt8] = []
    public var bodyBytes = 0
    /// SSE events (the first ones, data cut to 4 KiB), all counted in `eventCount`; `comments` are keep-alive lines.
    public var events: [SSEEvent] = []
    public var eventCount = 0
    public var comments = 0
    /// JSON-RPC messages of the body: the JSON body (each element of an array), or each SSE `message`'s data.
    public var messages: [JSONValue] = []
    public var messageCount = 0
    /// Frames that should have been JSON and were not: excerpts with the parse error.
    public var unparsable: [String] = []
    /// Bytes of evidence (body, events, messages) this record holds.
    public var evidenceBytes = 0
    /// The wire's log kept this record without its body, events and messages (its evidence budget was spent).
    public var evidenceDropped = false

    public var failure: HTTPFailure?
    /// Preflight stopped reading on purpose (it had what it needed); the server had not ended the body.
    public var stoppedEarly = false
    /// The SSE stream ended in the middle of an event.
    public var truncatedEvent = false
    /// Sent twice: the first attempt met a connection the server had closed (why, here).
    public var retried: String?

    /// Since the wire was created: when the request started, when the head and the end arrived.
    public var startedAt: Duration = .zero
    public var headAfter: Duration?
    public var duration: Duration = .zero

    public init(sequence: Int, label: String?, method: String, path: String, requestHeaders: HeaderList, requestBody: [UInt8]) {
        self.sequence = sequence
        self.label = label
        self.method = method
        self.path = path
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
    }

    // MARK: What checks ask

    public var contentType: String? { responseHeaders["Content-Type"] }
    /// `text/event-stream` from `Text/Event-Stream; charset=utf-8`.
    public var mediaType: String? {
        contentType.map { $0.split(separator: ";").first.map(String.init) ?? $0 }?.trimmingCharacters(in: .whitespaces)
            .lowercased()
    }
    public var isSSE: Bool { mediaType == "text/event-stream" }
    public var isJSON: Bool { mediaType.map { $0 == "application/json" || $0.hasSuffix("+json") } ?? false }
    public var sessionID: String? { responseHeaders["Mcp-Session-Id"] }
    public var wwwAuthenticate: [String] { responseHeaders.values("WWW-Authenticate") }
    public var retryAfter: String? { responseHeaders["Retry-After"] }
    public var allow: String? { responseHeaders["Allow"] }
    public var location: String? { responseHeaders["Location"] }
    public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }

    /// The JSON-RPC response (result or error) with this id, if the body carried one.
    public func response(id: JSONValue) -> JSONValue? {
        messages.first { $0["id"] == id && ($0["result"] != nil || $0["error"] != nil) }
    }

    /// The first JSON-RPC response of the body, whatever its id (a 400 often has `id: null`).
    public var firstResponse: JSONValue? { messages.first { $0["result"] != nil || $0["error"] != nil } }
    public var errorCode: Int? { firstResponse?["error"]?["code"]?.intValue }

    /// The body as text (non-SSE bodies only), for evidence.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// One line for a report: `POST /mcp → 400 application/json (-32022)`.
    public var summary: String {
        var s = "\(method) \(path) → "
        if let status { s += "\(status)" } else { s += "no response" }
        if let mediaType { s += " \(mediaType)" }
        if let code = errorCode { s += " (\(code))" }
        if let failure { s += ": \(failure)" }
        return s
    }
}

/// What a body yields while it arrives, for readers that act before the exchange ends.
public enum HTTPBodyItem: Sendable {
    case head(status: Int, headers: HeaderList)
    /// Every dispatched SSE event (`endpoint` ones included).
    case event(SSEEvent)
    /// One JSON-RPC message candidate: a JSON body (or an element of an array body) or an SSE `message`'s
    /// data, with its parsed value (nil when it is not JSON).
    case frame([UInt8], JSONValue?)
}

extension MCPConnection {
    /// Ends request `id`, whose exchange carried no JSON-RPC answer, with the exchange's reason. A
    /// cancelled exchange (the transport closing) reads as the connection closing.
    func abandon(_ exchange: HTTPExchange, id: Int) {
        if exchange.failure == .cancelled, exchange.status == nil {
            abandonAsClosed(id)
            return
        }
        var reason = exchange.status.map { "HTTP \($0)" } ?? "no response"
        if let media = exchange.mediaType { reason += " \(media)" }
        if let failure = exchange.failure {
            reason += ": \(failure)"
        } else if !exchange.body.isEmpty {
            reason += ": \(exchange.bodyText.prefix(120).trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        abandon(id, status: exchange.status, reason: reason)
    }
}
