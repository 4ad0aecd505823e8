import MCPWire
import PreflightCore

extension LiveFacts {
    /// What the HTTP probes observed (`--url`); nil for a stdio server.
    public struct HTTPFacts: Sendable {
        public var url: String
        public var scheme: String
        public var loopback: Bool
        /// `--server CMD --url URL`: Preflight started the server and controls its process.
        public var managed: Bool
        public var credentialsGiven: Bool
        /// How the started server became ready (`--server CMD --url URL`).
        public var readiness: String?
        /// An https URL whose TLS handshake or certificate failed verification.
        public var tlsFailure: String?
        /// http.origin-validation: the era's first request with a foreign `Origin`, and without one.
        public var foreignOrigin: HTTPExchange?
        public var originBaseline: HTTPExchange?
        public var auth: Auth?
        public var session: Session?
        /// http.protocol-version-header: an unsupported version, the right one, and none.
        public var versionHeader: [LiveFacts.ProbeAnswer] = []
        public var health: [Health] = []
        /// Whether a burst was asked for (`[http] expected-rate-per-second` or `--probe-rate-limit`), and the rate.
        public var rateLimitAsked = false
        public var expectedRate: Double?
        public var rateLimit: RateLimit?
        public var drain: Drain?
        /// Requests sent and exchanges recorded on the main wire.
        public var exchanges = 0

        public init(url: String, scheme: String, loopback: Bool, managed: Bool, credentialsGiven: Bool) {
            self.url = url
            self.scheme = scheme
            self.loopback = loopback
            self.managed = managed
            self.credentialsGiven = credentialsGiven
        }
    }

    /// http.auth: the unauthenticated request, the metadata it points to, a bad token, the user's token.
    public struct Auth: Sendable {
        public var unauthenticated: HTTPExchange
        /// Protected resource metadata (RFC 9728) fetches, in the order tried.
        public var metadata: [HTTPExchange] = []
        /// The metadata URL the challenge named, when it left the server's origin (never fetched).
        public var metadataOffOrigin: String?
        public var invalidToken: HTTPExchange?
        /// The era request with the user's credential (when given).
        public var authenticated: HTTPExchange?

        public init(unauthenticated: HTTPExchange) { self.unauthenticated = unauthenticated }
    }

    /// http.session-id: handshake era session rules, or the 2026-07-28 "no sessions" rules.
    public struct Session: Sendable {
        /// Session ids of two `initialize`s (handshake era).
        public var ids: [String] = []
        public var unknownSession: HTTPExchange?
        public var missingSession: HTTPExchange?
        public var delete: HTTPExchange?
        public var afterDelete: HTTPExchange?
        /// 2026-07-28: responses that carried `Mcp-Session-Id`, and a request sent with a bogus one.
        public var mintedModern: [String] = []
        public var bogusModern: HTTPExchange?
        public var bogusModernServed: Bool?

        public init() {}
    }

    public struct Health: Sendable {
        public var path: String
        public var status: Int?
        public var milliseconds: Int
        public var failure: String?
    }

    /// http.rate-limiting: a bounded burst above the expected rate.
    public struct RateLimit: Sendable {
        public var sent: Int
        public var perSecond: Double
        public var method: String
        public var statuses: [Int: Int] = [:]
        /// Requests that got no HTTP answer (reset, refused, timed out).
        public var failures: [String] = []
        public var retryAfter: [String] = []
        public var elapsedMs = 0
        public var throttled: Int { statuses[429] ?? 0 }
        public var serverErrors: Int { statuses.filter { $0.key >= 500 }.reduce(0) { $0 + $1.value } }
    }

    /// http.graceful-drain: SIGTERM with a request in flight.
    public struct Drain: Sendable {
        /// The request kept in flight, and how long it took when it ran before.
        public var request: String
        public var expectedMs: Int
        /// The request finished before the signal could be sent: nothing was in flight.
        public var finishedBeforeSignal = false
        public var outcome: RPCOutcome?
        public var exited = false
        public var exitCode: Int32?
        public var signal: Int32?
        public var elapsedMs = 0
        public var limitMs = 0
        public var leftovers: [String] = []
        /// A 2026-07-28 `subscriptions/listen` stream open during the signal: whether it ended with its result.
        public var listen: HTTPExchange?
        public var listenCompleted: Bool?
        public var stderrTail: [String] = []
        public var failure: String?
    }
}
