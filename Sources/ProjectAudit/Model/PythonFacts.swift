/// What the Python analyzer (`Python/analyzer.py` and its `pa_*` modules, run with a real Python) found
/// in the sources. The field names are the analyzer's JSON keys: `PythonFactsContractTests` fails when
/// the analyzer emits a key this model does not decode, or this model decodes a key it never emits.
public struct PythonFacts: Sendable, Codable {
    public var version: Int
    /// The version of the Python that parsed the sources (`3.12.1`).
    public var python: String
    /// The packages analysed as projects of their own (a monorepo's folders with a `pyproject.toml` or
    /// `setup.py`; the project root holds the rest), sorted by root.
    public var units: [PythonUnit]
    public var files: [PythonFile]
}

public struct PythonUnit: Sendable, Codable, Equatable {
    /// The package's folder relative to the project root ("" for the root); for packages analysed
    /// together because they import each other, the first of their folders.
    public var root: String
    /// `imports`: `serverCode` is the import closure of the unit's server modules; `all-files`: no
    /// server was found in the unit, so every file of it counts.
    public var scope: String
}

public struct PythonFile: Sendable, Codable {
    /// The root of the unit (`PythonUnit`) the file was analysed in.
    public var unit: String
    public struct SyntaxProblem: Sendable, Codable {
        public var line: Int
        public var message: String
        /// `syntax` (the grammar of the Python that parsed it), `read`, `decode` or `depth`.
        public var kind: String
    }
    public struct Server: Sendable, Codable {
        public var line: Int
        /// The SDK class: `FastMCP`, `MCPServer` or the low-level `Server`.
        public var `class`: String
        /// `mcp`, `fastmcp` or `mcp-lowlevel`.
        public var framework: String
        /// The project's subclass of the SDK class, when the server is one.
        public var subclass: String?
        public var maskErrorDetails: Bool?
    }
    public struct Param: Sendable, Codable {
        public var name: String
        public var annotation: String?
        public var line: Int
        /// The SDK's `Context`, injected by the server rather than sent by the client.
        public var context: Bool
    }
    public struct Tool: Sendable, Codable {
        public var name: String
        public var line: Int
        public var params: [Param]
    }
    public struct RunCall: Sendable, Codable {
        public var line: Int
        /// nil: the SDK default (stdio), or chosen at run time.
        public var transport: String?
    }
    public struct StdoutWrite: Sendable, Codable {
        public var line: Int
        public var kind: String
        /// Runs while stdio may be the protocol channel: on the server's stdio path, in a handler, or at
        /// import of a server module (not in a CLI subcommand, an HTTP-only branch or an exiting branch).
        public var stdio: Bool
    }
    public struct LoggingConfig: Sendable, Codable {
        public var line: Int
        public var kind: String
        /// `stdout`, `stderr`, `default` (stderr), `file` or `unknown`.
        public var stream: String
    }
    public struct EnvRead: Sendable, Codable {
        public var name: String
        public var line: Int
        public var hasDefault: Bool
    }
    /// Where a tool argument (or a resource, prompt or low-level handler argument) reaches a sink; the
    /// location is the sink's, which may be in another module than the tool.
    public struct Flow: Sendable, Codable {
        public var line: Int
        /// The sink: `open`, `openpyxl.load_workbook`, `execute`, `subprocess.run`, ...
        public var call: String
        /// The tool's name (a resource's URI template).
        public var tool: String
        public var param: String
        /// Project functions between the tool and the sink.
        public var via: [String]
    }
    public struct FileAccess: Sendable, Codable {
        public var line: Int
        public var call: String
        public var tool: String
        public var param: String
        public var via: [String]
        /// Resolved and checked against a root on the way.
        public var contained: Bool
        /// Handed to another program (argv, a request body) rather than opened here.
        public var forwarded: Bool
        /// Resolved and tested against an allow-list (its extension, its name) but not contained in a root.
        public var restricted: Bool
    }

    public var path: String
    public var error: SyntaxProblem?
    /// Part of the server: imported (transitively) by the modules that create or run it.
    public var serverCode: Bool
    public var imports: [String]
    public var servers: [Server]
    public var tools: [Tool]
    public var runCalls: [RunCall]
    public var stdoutWrites: [StdoutWrite]
    public var loggingConfig: [LoggingConfig]
    public var envReads: [EnvRead]
    /// SQL text built (f-string, `%`, `.format`, `+`) from a tool argument.
    public var sqlExecutes: [Flow]
    public var fileAccess: [FileAccess]
    /// Shell commands (`shell=True`, `os.system`) carrying a tool argument.
    public var shellCalls: [Flow]
}
