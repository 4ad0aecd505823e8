/// One reason a server entry does not work (or works only by luck), with what to do about it.
public struct Diagnosis: Sendable, Equatable {
    public enum Level: String, Sendable, Comparable {
        /// The client cannot use the server.
        case fail
        /// The server works, but something will break or mislead.
        case warn
        /// Worth knowing; nothing to fix.
        case info

        var rank: Int { self == .fail ? 0 : (self == .warn ? 1 : 2) }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// Stable id of the cause (`docs/doctor.md` lists them all).
    public var cause: Cause
    public var level: Level
    /// One line: what is wrong.
    public var summary: String
    /// Evidence: the offending value, the stderr tail (redacted), what was tried.
    public var details: [String]
    /// What to do.
    public var fix: String
    /// The `client.*` check that found it, when one did.
    public var check: String?

    public init(
        _ cause: Cause, _ level: Level, _ summary: String, details: [String] = [], fix: String, check: String? = nil
    ) {
        self.cause = cause
        self.level = level
        self.summary = summary
        self.details = details
        self.fix = fix
        self.check = check
    }

    /// Every cause doctor names. The first six are the checklist's "Server not connecting" list.
    public enum Cause: String, Sendable, CaseIterable {
        case relativePath = "relative-path"
        case uvNotFound = "uv-not-found"
        case pythonTooOld = "python-too-old"
        case dependenciesMissing = "dependencies-missing"
        case syntaxError = "syntax-error"
        case crashedAtStart = "crashed-at-start"
        case commandNotFound = "command-not-found"
        case npxNotFound = "npx-not-found"
        case notExecutable = "not-executable"
        case scriptNotFound = "script-not-found"
        case uvNoDirectory = "uv-no-directory"
        case uvFailed = "uv-failed"
        case packageNotFound = "package-not-found"
        case cwdMissing = "cwd-missing"
        case unresolvedVariable = "unresolved-variable"
        case envNotString = "env-not-string"
        case stdoutNotJSON = "stdout-not-json"
        case httpServerOnStdio = "http-server-on-stdio"
        case urlNotSupported = "url-not-supported"
        case entryShape = "entry-shape"
        case transportMismatch = "transport-mismatch"
        case urlInvalid = "url-invalid"
        case urlUnreachable = "url-unreachable"
        case authRequired = "auth-required"
        case forbidden
        case notMCP = "not-mcp"
        case protocolIncompatible = "protocol-incompatible"
        case handshakeTimeout = "handshake-timeout"
        case handshakeError = "handshake-error"
        case toolsListFailed = "tools-list-failed"
        case configUnreadable = "config-unreadable"
        case disabled
        case needsInput = "needs-input"

        /// The checklist line ("Issue: Server Not Connecting") a cause answers, when it answers one.
        public var checklistLine: String? {
            switch self {
            case .relativePath, .cwdMissing, .scriptNotFound, .uvNoDirectory: return "Path is absolute in configuration"
            case .uvNotFound: return "UV installed and in PATH"
            case .pythonTooOld: return "Python version correct (3.10+)"
            case .dependenciesMissing: return "Dependencies installed (`uv sync`)"
            case .syntaxError: return "No syntax errors in server code"
            case .crashedAtStart, .uvFailed, .packageNotFound: return "Logs for error messages"
            default: return nil
            }
        }
    }
}
