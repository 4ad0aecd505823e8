import Load
import PreflightCore

/// What to load and how: the one input of `LoadEngine`. `preflight load` builds it from its arguments.
public struct LoadRequest: Sendable {
    /// The server to run: over stdio each instance is a process of its own; with `http` it is the one
    /// HTTP server, started before the load and stopped after it. Nil with `http`: a running server.
    public var server: ServerCommand?
    /// `--url` (with `--header`, `--bearer-env`): load over Streamable HTTP, each instance a client
    /// with its own connections and session.
    public var http: HTTPEndpoint?
    /// The tools to call, round-robin, each with its arguments when given (`--args`).
    public var tools: [ToolLoad]
    public var shape: LoadShape
    /// Pass/fail criteria; nil: the checklist's (p95, p99 and error rate from `[thresholds]`).
    public var thresholds: [LoadThreshold]?
    /// `[tools] allow`, `[tools.examples.NAME]` and the default thresholds come from here.
    public var config: PreflightConfig
    /// `--allow-tool`: tools that may be called although not annotated read-only.
    public var allowedTools: [String] = []
    public var allowAllTools = false
    /// The project folder, the server's default working directory.
    public var project: String?
    /// Record the run and judge it against a baseline; nil: no history.
    public var history: HistorySettings?

    public init(
        server: ServerCommand?, http: HTTPEndpoint? = nil, tools: [ToolLoad], shape: LoadShape,
        config: PreflightConfig = PreflightConfig()
    ) {
        self.server = server
        self.http = http
        self.tools = tools
        self.shape = shape
        self.config = config
    }
}

/// One tool of a load: its name and, when given, its arguments.
public struct ToolLoad: Sendable, Equatable {
    public var name: String
    public var arguments: JSONValue?

    public init(name: String, arguments: JSONValue? = nil) {
        self.name = name
        self.arguments = arguments
    }
}

/// Progress of a running load, for a progress bar or a log.
public enum LoadEvent: Sendable, Equatable {
    /// "starting the server", "handshake and tools/list", "warm-up", "load".
    case step(String)
    case progress(LoadProgress)
}
