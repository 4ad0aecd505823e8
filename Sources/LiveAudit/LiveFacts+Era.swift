import MCPWire
import PreflightCore

extension LiveFacts {
    /// How Preflight reached the server.
    public enum Transport: String, Sendable {
        case stdio
        /// Streamable HTTP (2025-03-26 onward; stateless in 2026-07-28).
        case streamableHTTP = "streamable-http"
        /// The 2024-11-05 HTTP+SSE transport (Deprecated since 2026-07-28).
        case httpSSE = "http+sse"
    }

    /// Which protocol era the session ran in, and how that was decided (2026-07-28
    /// basic/transports/stdio.mdx and streamable-http.mdx §Backward Compatibility).
    public struct EraFacts: Sendable {
        /// Nil when no era answered (see `failure`).
        public var era: Era?
        /// The version in use: negotiated by `initialize`, or the 2026-07-28 version `server/discover` named.
        public var version: String?
        /// A 2026-07-28 server that also serves `initialize` (nil: not asked).
        public var dualEra: Bool?
        /// Every step of the detection, for the evidence.
        public var notes: [String] = []
        /// Why no session could start: unreachable, not MCP, refused Preflight, needs authorization.
        public var failure: String?
        /// The server answered with 401: the audit needs a credential (`--bearer-env`, `--header`).
        public var authRequired = false
        /// The answer to `server/discover` (a result, or the error that decided), as a JSON-RPC message.
        public var discover: JSONValue?
        /// How long `server/discover` took, when it answered.
        public var discoverMs: Int?
        /// A server whose `server/discover` failed but which serves 2026-07-28 requests (results carry
        /// `resultType`): clients cannot find that out and treat it as a handshake server.
        public var servesModernWithoutDiscover: String?
        /// A stdio server that ended on the `server/discover` probe and was started again for `initialize`.
        public var exitedOnDiscover: String?

        public init() {}

        public var isModern: Bool { era == .modern }
    }

    /// The 2026-07-28 probes' observations (nil unless the session ran in that era).
    public struct ModernFacts: Sendable {
        /// Results seen during the whole run, by method: how many, and the problems found.
        public var ledger = ResultLedger.Summary()
        /// `server/discover` and `tools/list` at version 1900-01-01: the answers, with the HTTP exchange over HTTP.
        public var unsupportedVersion: [ProbeAnswer] = []
        /// `tools/list` before any `server/discover` on a fresh connection (HTTP only).
        public var withoutDiscover: ProbeAnswer?
        /// `tools/list` whose `_meta` lacks clientCapabilities.
        public var missingCapabilities: ProbeAnswer?
        /// Valid, unsupported, valid: on one connection, in that order.
        public var sequence: [ProbeAnswer] = []
        /// `resources/read` of a URI that cannot exist (when resources are declared).
        public var missingResource: ProbeAnswer?
        /// Header probes (HTTP): each must get 400 + -32020.
        public var headerMismatch: [ProbeAnswer] = []
        /// Full `tools/list` name sequences, fetched repeatedly.
        public var toolOrders: [[String]] = []
        /// `notifications/message` received during the main session, which never asks for logs.
        public var logsWithoutOptIn = 0
        /// Tool calls with `logLevel` `debug` (logs allowed) and with an invalid level.
        public var optInCall: ProbeAnswer?
        public var logsWithOptIn = 0
        public var invalidLevel: ProbeAnswer?
        /// The tool the log probes called.
        public var logTool: String?

        public init() {}
    }

    /// One probe's answer: the JSON-RPC outcome, and over HTTP the exchange that carried it.
    public struct ProbeAnswer: Sendable {
        public var label: String
        public var outcome: RPCOutcome
        public var status: Int?
        public var exchange: HTTPExchange?

        public init(label: String, outcome: RPCOutcome, status: Int? = nil, exchange: HTTPExchange? = nil) {
            self.label = label
            self.outcome = outcome
            self.status = status
            self.exchange = exchange
        }

        /// The outcome read from a probe's exchange: its own response, else the first JSON-RPC
        /// response of the body (a 400 often carries `id: null`), else a transport failure.
        public init(label: String, exchange: HTTPExchange, id: JSONValue?) {
            self.label = label
            self.exchange = exchange
            status = exchange.status
            let message = id.flatMap { exchange.response(id: $0) } ?? exchange.firstResponse
            let elapsed = exchange.duration
            if let result = message?["result"] {
                outcome = .result(result, elapsed: elapsed)
            } else if let error = message?["error"], let code = error["code"]?.intValue {
                outcome = .error(code: code, message: error["message"]?.stringValue ?? "", data: error["data"], elapsed: elapsed)
            } else {
                var reason = exchange.status.map { "HTTP \($0)" } ?? "no response"
                if let failure = exchange.failure { reason += ": \(failure)" }
                outcome = .transportFailure(status: exchange.status, reason: reason)
            }
        }

        /// `HTTP 400 -32022` / `error -32022` / `a result`: for messages.
        public var shown: String {
            let http = status.map { "HTTP \($0) " } ?? ""
            switch outcome {
            case .error(let code, _, _, _): return "\(http)error \(code)"
            case .result: return "\(http)a result"
            default: return outcome.summary
            }
        }
    }
}
