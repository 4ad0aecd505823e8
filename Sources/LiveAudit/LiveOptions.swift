import MCPWire
import PreflightCore

/// An HTTP server to audit (`--url`): where, with which credentials, and what the HTTP checks need.
public struct HTTPOptions: Sendable {
    public var target: HTTPTarget
    /// `--header` / `--bearer-env`: sent with every request except the probes that leave them out.
    public var credentials: HTTPCredentials
    /// `[http] health-paths`: tried in order by http.health-endpoint.
    public var healthPaths = HTTPOptions.defaultHealthPaths
    /// `[http] expected-rate-per-second`: the limit http.rate-limiting bursts above.
    public var expectedRatePerSecond: Double?
    /// `--probe-rate-limit`: burst even without a stated limit.
    public var probeRateLimit = false
    /// How long `--server CMD --url URL` waits for the URL to answer after the start.
    public var readinessBudget: Duration = .seconds(60)

    public static let defaultHealthPaths = ["/health", "/healthz", "/livez", "/readyz", "/health/live"]

    public init(target: HTTPTarget, credentials: HTTPCredentials = HTTPCredentials()) {
        self.target = target
        self.credentials = credentials
    }
}

/// What to run and how hard: from the CLI, `preflight.toml` and defaults.
public struct LiveOptions: Sendable {
    /// The server process: a stdio server, or the HTTP server `--server CMD --url URL` starts. Nil
    /// for `--url` alone (a server already running, whose process Preflight does not control).
    public var launch: ServerLaunch?
    /// Set for `--url`: the server is reached over HTTP.
    public var http: HTTPOptions?
    /// The whole live audit's deadline.
    public var timeout: Duration = .seconds(120)
    public var requestTimeout: Duration = .seconds(10)
    /// How long a fresh instance may take to answer initialize: set from the main instance's start-up.
    public var handshakeTimeout: Duration = .seconds(30)
    public var allowedTools: Set<String> = []
    public var allowAllTools = false
    public var toolExamples: [String: JSONValue] = [:]
    public var requiredEnv: [String] = []
    /// Variables that get canary values (secret-named ones the project reads).
    public var secretNames: [String] = []
    public var loadCallsPerTool = 100
    /// Calls in flight while latency is measured (the checklist's figures are per call: 1).
    public var latencyConcurrency = 1
    /// Requests in flight at once for perf.concurrency is twice this.
    public var loadConcurrency = 4
    public var loadSecondsPerTool = 5.0
    public var memoryCalls = 300
    public var memorySeconds = 8.0
    public var graceMs = 10_000
    /// Tools called, given invalid input and loaded, in listing order; the rest are reported as not exercised.
    public var maxToolsExercised = 64
    public var stdinCloseLimitMs = 2_000
    public var envValidationLimitMs = 5_000
    public var coldStartLimitMs = 5_000
    public var transcript: Transcript?
    public var progress: (@Sendable (String) -> Void)?

    /// A stdio server.
    public init(launch: ServerLaunch) { self.launch = launch }

    /// An HTTP server, started from `launch` when given (`--server CMD --url URL`).
    public init(http: HTTPOptions, launch: ServerLaunch? = nil) {
        self.http = http
        self.launch = launch
    }

    /// The protocol revisions Preflight speaks, oldest first.
    public static let revisions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    public static var latestRevision: String { revisions[revisions.count - 1] }
}

/// A point in time after which no new step starts.
struct Deadline: Sendable {
    let end: ContinuousClock.Instant
    init(_ budget: Duration) { end = .now + budget }
    var remaining: Duration { max(.zero, end - .now) }
    var passed: Bool { ContinuousClock.now >= end }
    /// Whether a step that may take `duration` still ends before the deadline.
    func fits(_ duration: Duration) -> Bool { remaining >= duration }
    /// A step's timeout: its own limit, cut to what is left.
    func cap(_ limit: Duration) -> Duration { min(limit, max(.milliseconds(200), remaining)) }
}
