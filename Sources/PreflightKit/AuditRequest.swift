import Foundation
import PreflightCore
import ProjectAudit

/// What to audit and how: the one input of `Engine`. Commands build it from their arguments.
public struct AuditRequest: Sendable {
    /// The project folder; nil for a live-only audit, which reports only what it measured.
    public var project: String?
    /// The server to run and audit live: over stdio, or with `http` the HTTP server to start first.
    public var server: ServerCommand?
    /// `--url`: audit the server at this URL over HTTP (started from `server` when that is given too).
    public var http: HTTPEndpoint?
    public var config: PreflightConfig
    /// `--run-tools`: run the project's own tools (pytest, ruff, mypy, ...).
    public var runTools = false
    /// The interpreter that parses the project's Python source (default: one that satisfies the project).
    public var python: String?
    /// Client configuration files outside the project to audit too.
    public var clientConfigs: [String] = []
    /// Report the live checks only; the project, when given, is read for context (docs, variables).
    public var liveOnly = false
    public var live = LiveSettings()
    /// Record the run and judge it against a baseline; nil: no history (the regression checks skip).
    public var history: HistorySettings?

    public init(project: String?, server: ServerCommand? = nil, config: PreflightConfig = PreflightConfig()) {
        self.project = project
        self.server = server
        self.config = config
    }
}

/// A stdio server as the user gave it.
public struct ServerCommand: Sendable, Equatable {
    public var argv: [String]
    /// Working directory (default: the project folder, else Preflight's own).
    public var cwd: String?
    /// Variables set on top of Preflight's own environment (`--env NAME=VALUE`).
    public var environment: [String: String]

    public init(argv: [String], cwd: String? = nil, environment: [String: String] = [:]) {
        self.argv = argv
        self.cwd = cwd
        self.environment = environment
    }

    /// Splits a command line as a shell would (quotes, backslash escapes), without running a shell.
    public static func words(_ commandLine: String) -> [String] { KeyValueArguments.shellWords(commandLine) }

    /// `NAME=VALUE` pairs (`--env`), in order; a later pair wins.
    public static func environment(_ pairs: [String]) throws(AuditError) -> [String: String] {
        var out: [String: String] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw .usage("--env takes NAME=VALUE, got '\(pair)'")
            }
            out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return out
    }
}

/// An HTTP server to audit (`--url`), and the credentials to send it. Credential values never reach
/// the report or the transcript: they join the report's redaction secrets.
public struct HTTPEndpoint: Sendable, Equatable {
    public var url: String
    /// `--header "Name: value"` lines, as given.
    public var headers: [String]
    /// `--bearer-env VAR`: `Authorization: Bearer $VAR`.
    public var bearerEnv: String?
    /// `--probe-rate-limit`: send the rate-limit burst even without `[http] expected-rate-per-second`.
    public var probeRateLimit: Bool

    public init(url: String, headers: [String] = [], bearerEnv: String? = nil, probeRateLimit: Bool = false) {
        self.url = url
        self.headers = headers
        self.bearerEnv = bearerEnv
        self.probeRateLimit = probeRateLimit
    }
}

/// How the live audit runs.
public struct LiveSettings: Sendable {
    /// The whole live audit's deadline.
    public var timeout: Duration = .seconds(120)
    /// Keep every frame both ways, to be written as JSONL (secrets redacted).
    public var recordTranscript = false
    public var allowedTools: [String] = []
    public var allowAllTools = false
    /// Variables the server requires (`--require-env`), on top of `[env] required` and `.env.example`.
    public var requiredEnv: [String] = []

    public init() {}
}

/// A request that cannot be carried out as given: one line for the user, exit code 2.
public enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    case usage(String)
    public var description: String {
        switch self {
        case .usage(let message): return message
        }
    }
}
