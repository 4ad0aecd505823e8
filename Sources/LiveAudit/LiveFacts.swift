import Load
import MCPWire
import PreflightCore
import Processes

/// Everything the live probe observed. Checks are pure functions of these facts.
public struct LiveFacts: Sendable {
    /// How the session started: `initialize` (handshake eras), or `server/discover` (2026-07-28,
    /// where every request carries its version and nothing is negotiated).
    public struct Handshake: Sendable {
        public var method = "initialize"
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
        /// Every measured latency, for the report's charts (`metrics.latency.TOOL.histogram`).
        public var histogram = LatencyHistogram()
        /// CPU time of the server's process tree per call over these calls, when it could be read.
        public var cpuMsPerCall: Double?
        /// The machine's load when the calls ended.
        public var host: HostLoad?
    }

    public struct Concurrency: Sendable {
        public var inFlight: Int
        public var answered: Int
        public var strayResponses: Int
        /// Answers shaped like another request's: the server mixed them up.
        public var mismatched: [String]
        /// Requests that got no answer in time (a rate limiter, a slow tool): not a mix-up.
        public var timedOut: [String] = []
    }

    /// A method a declared capability promises, and how the server answered it.
    public struct CapabilityMethod: Sendable {
        public var capability: String
        public var method: String
        public var outcome: RPCOutcome
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
        /// The instance's last stderr lines, read after it ended.
        public var stderrTail: [String] = []
        /// Exited, but only after the limit: waited for because the machine was saturated at the limit.
        public var late = false
        /// How long Preflight waited for the exit: the limit, plus up to 5 s more on a saturated machine.
        public var waitedMs = 0
        /// The machine's load when the limit passed, read only when the server had not exited by then.
        public var host: HostLoad?
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
        /// How long it was given to exit or answer.
        public var windowMs: Int
        /// It completed the handshake without the variables: it serves unconfigured.
        public var answeredInitialize = false
    }

    /// The main instance ended on its own during the audit: where, how, and what it said last.
    public struct Crash: Sendable {
        /// The step that was running, or about to run, when the end was noticed.
        public var step: String
        /// Exit code or signal; nil when the process still ran but had closed its stdout or hung.
        public var exit: ChildExit?
        public var stderrTail: [String]
        /// Alive but no longer answering: a ping after a timed-out request got no answer either.
        public var unresponsiveAfter: Duration?
        /// Over HTTP: the server stopped accepting connections (the reason).
        public var unreachable: String?

        /// "exited", or "stopped" for a process that still ran (hung, or closed its stdout).
        public var verb: String { exit != nil ? "exited" : "stopped" }

        public var how: String {
            if let exit { return exit.description }
            if let after = unresponsiveAfter {
                return "stopped answering: a request got no answer within \(after.milliseconds) ms"
            }
            if let unreachable { return "stopped answering over HTTP: \(unreachable)" }
            return "closed its stdout"
        }
    }

    public var launchFailure: String?
    public var transport = Transport.stdio
    /// The protocol era and how it was detected; nil when the server could not be started.
    public var era: EraFacts?
    public var http: HTTPFacts?
    /// Set when the session ran in 2026-07-28.
    public var modern: ModernFacts?
    /// Set when the main instance died mid-audit; the steps after it did not run.
    public var crash: Crash?
    /// The first step of the main session that the deadline (`--timeout`) stopped from running.
    public var cutShort: String?
    /// The main session's steps that ran, in order ("listing", "protocol probes", "tool calls", ...).
    public var stepsRun: [String] = []
    /// Fresh-instance probes the deadline left out (negotiation, shutdown, restart, ...).
    public var probesSkippedByDeadline: [String] = []
    public var handshake: Handshake?
    public var coldStartMs: Int?
    /// CPU time the server's process tree used from spawn to the first `tools/list`, and the
    /// machine's load then: a slow start on a saturated machine is told from a slow server.
    public var coldStartCpuMs: Int?
    public var coldStartHost: HostLoad?
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
    /// Tools left out of the load, with the reason (their first call returned a tool error, ...).
    public var notLoaded: [(tool: String, reason: String)] = []
    public var capabilityMethods: [CapabilityMethod] = []
    public var concurrency: Concurrency?
    public var memory: Memory?
    public var impurities: [MCPConnection.Impurity] = []
    public var stdoutBytes = 0
    public var stdoutMessages = 0
    public var stderrLines: [String] = []
    /// Aligned with `stderrLines`: whether the line began a read of stderr (see MCPConnection).
    public var stderrLineStartsRead: [Bool] = []
    /// All stderr of the main instance, counted (only the first lines are kept), and how long it ran.
    public var stderrBytes = 0
    public var notificationCount = 0
    /// Notifications the server sent, by method (of the first ones kept).
    public var notificationMethods: [String: Int] = [:]
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
    public var serverDied: Bool { crash != nil }
    /// Tokens of the definitions a client puts in the model's context; computed once, after listing.
    public var contextCost: ContextCost?

    public init() {}

    public var handshakeOK: Bool { handshake?.protocolVersion != nil }
    public var isModern: Bool { era?.isModern == true }
    /// The request that tells whether the server still answers: `ping`, or `server/discover` where
    /// 2026-07-28 removed ping.
    public var barrierMethod: String { isModern ? "server/discover" : "ping" }
}
