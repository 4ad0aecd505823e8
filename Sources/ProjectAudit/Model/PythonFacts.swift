/// What the Python analyzer (`Python/analyzer.py`, run with a real python3) found in the sources.
/// Field names mirror the analyzer's JSON output.
public struct PythonFacts: Sendable, Codable {
    public var version: Int
    public var python: String
    public var files: [PythonFile]
}

public struct PythonFile: Sendable, Codable {
    public struct SyntaxProblem: Sendable, Codable {
        public var line: Int
        public var message: String
    }
    public struct Server: Sendable, Codable {
        public var line: Int
        public var `class`: String
        public var framework: String
        public var variable: String?
        public var maskErrorDetails: Bool?
    }
    public struct Param: Sendable, Codable {
        public var name: String
        public var annotation: String?
        public var line: Int
        public var context: Bool?
    }
    public struct Tool: Sendable, Codable {
        public var name: String
        public var function: String
        public var line: Int
        public var framework: String?
        public var params: [Param]
    }
    public struct RunCall: Sendable, Codable {
        public var line: Int
        public var transport: String?
    }
    public struct Print: Sendable, Codable {
        public var line: Int
        public var toStderr: Bool
        public var target: String?
        public var inMainGuard: Bool?
    }
    public struct StdoutWrite: Sendable, Codable {
        public var line: Int
        public var kind: String
    }
    public struct LoggingConfig: Sendable, Codable {
        public var line: Int
        public var kind: String
        public var stream: String
    }
    public struct EnvRead: Sendable, Codable {
        public var name: String
        public var line: Int
        public var kind: String
        public var hasDefault: Bool?
    }
    public struct SQLExecute: Sendable, Codable {
        public var line: Int
        public var construction: String
        public var method: String?
    }
    public struct FileAccess: Sendable, Codable {
        public var line: Int
        public var call: String
        public var param: String?
        public var function: String?
        public var contained: Bool
    }
    public struct ShellCall: Sendable, Codable {
        public var line: Int
        public var call: String
        public var shell: Bool?
        public var usesParam: String?
        public var function: String?
    }

    public var path: String
    public var error: SyntaxProblem?
    public var imports: [String]?
    public var servers: [Server]?
    public var tools: [Tool]?
    public var runCalls: [RunCall]?
    public var prints: [Print]?
    public var stdoutWrites: [StdoutWrite]?
    public var loggingConfig: [LoggingConfig]?
    public var envReads: [EnvRead]?
    public var sqlExecutes: [SQLExecute]?
    public var fileAccess: [FileAccess]?
    public var shellCalls: [ShellCall]?
}
