import MCPWire
import PreflightCore

/// Everything the live probe observed. Checks are pure functions of these facts.
public struct LiveFacts: Sendable {
    public struct Handshake: Sendable {
        public var requestedVersion: String
        public var outcome: RPCOutcome
        public var protocolVersion: String?
        public var serverName: String?
        public var serverVersion: String?
        public var capabilities: JSONValue?
        public var instructions: String?
    }

    public struct Listing: Sendable {
        public var method: String
        public var items: [JSONValue] = []
        public var pages = 0
        public var failure: String?
        /// A cursor seen twice: following nextCursor would never end.
        public var cursorLoop = false
        public var outcome: RPCOutcome?
        public var declared = false
    }

    public struct ToolCall: Sendable {
        public var tool: String
        public var arguments: JSONValue
        public var provenance: [String]
        public var outcome: RPCOutcome
        public var isError: Bool
        public var text: String
        public var structured: JSONValue?
        public var outputSchemaErrors: [String]
    }

    public struct InvalidCall: Sendable {
        public var tool: String
        public var violation: String
        public var outcome: RPCOutcome
        public var isError: Bool
        public var text: String
        public var serverAliveAfter: Bool
    }

    public struct LoadStats: Sendable {
        public var tool: String
        public var count: Int
        public var errors: Int
        public var toolErrors: Int
        public var timeouts: Int
        public var p50Ms: Double
        public var p90Ms: Double
        public var p95Ms: Double
        public var p99Ms: Double
        public var maxMs: Double
        public var concurrency: Int
    }

    public struct Concurrency: Sendable {
        public var inFlight: Int
        public var answered: Int
        public var strayResponses: Int
        public var mismatched: [String]
    }

    public struct Memory: Sendable {
        public var method: String
        /// (calls made, RSS bytes of the process tree)
        public var samples: [(calls: Int, rss: Int)]
        public var slopeBytesPerCall: Double
        public var r2: Double
        public var growthBytes: Int
    }

    public struct Shutdown: Sendable {
        public var trigger: String
        public var handshakeOK: Bool
        public var exited: Bool
        public var elapsedMs: Int
        public var exitCode: Int32?
        public var signal: Int32?
        public var leftovers: [String]
        public var limitMs: Int
        public var failure: String?
    }

    public struct Restart: Sendable {
        public var firstOK: Bool
        public var secondOK: Bool
        public var detail: String
    }

    public struct EnvValidation: Sendable {
        public var missing: [String]
        public var exited: Bool
        public var exitCode: Int32?
        public var elapsedMs: Int
        public var namedOnStderr: Bool
        public var stderrExcerpt: String
    }

    public var launchFailure: String?
    public var handshake: Handshake?
    public var coldStartMs: Int?
    public var tools = Listing(method: "tools/list")
    public var prompts = Listing(method: "prompts/list")
    public var resources = Listing(method: "resources/list")
    public var templates = Listing(method: "resources/templates/list")
    public var ping: RPCOutcome?
    public var unknownMethod: RPCOutcome?
    public var malformed: (answered: Bool, code: Int?, idIsNull: Bool)?
    public var badParams: RPCOutcome?
    public var invalidCursor: RPCOutcome?
    public var notificationAnswers: [String] = []
    public var toolCalls: [ToolCall] = []
    public var notCalled: [(tool: String, reason: String)] = []
    public var invalidCalls: [InvalidCall] = []
    public var load: [LoadStats] = []
    public var concurrency: Concurrency?
    public var memory: Memory?
    public var impurities: [MCPConnection.Impurity] = []
    public var stdoutBytes = 0
    public var stdoutMessages = 0
    public var stderrLines: [String] = []
    /// All stderr of the main instance, counted (only the first lines are kept), and how long it ran.
    public var stderrBytes = 0
    public var notificationCount = 0
    public var mainSessionMs = 0
    public var canaryNames: [String] = []
    /// Names of the canary variables whose values came back out.
    public var leakedCanaryNames: [String] = []
    public var stdinClose: Shutdown?
    public var sigterm: Shutdown?
    public var sigint: Shutdown?
    public var restart: Restart?
    public var negotiation: [(requested: String, outcome: RPCOutcome, answered: String?)] = []
    public var envValidation: EnvValidation?
    public var requiredEnv: [String] = []
    /// Whether the main instance died during the probe (crash under test).
    public var serverDied = false
    /// Tokens of the definitions a client puts in the model's context; computed once, after listing.
    public var contextCost: ContextCost?

    public init() {}

    public var handshakeOK: Bool { handshake?.protocolVersion != nil }
}
