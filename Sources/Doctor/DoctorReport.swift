import PreflightCore

/// Everything `preflight doctor` found: the files it read and one result per server entry.
public struct DoctorReport: Sendable {
    public struct FileResult: Sendable {
        public var location: ClientConfigLocation
        public var servers: Int
        public var problem: ClientFileProblem?
    }

    public var toolVersion: String
    /// Every place looked at (discovery) or the files given.
    public var searched: [ClientConfigLocation]
    public var files: [FileResult]
    public var servers: [ServerResult]

    /// No server (and no file) fails.
    public var passed: Bool { !servers.contains { $0.verdict == .fail } && !files.contains { $0.problem != nil } }

    public func count(_ verdict: ServerResult.Verdict) -> Int { servers.filter { $0.verdict == verdict }.count }
}

/// One server entry: its verdict, what doctor saw, and why it fails.
public struct ServerResult: Sendable {
    public enum Verdict: String, Sendable {
        /// Started (or reached), handshake completed, tools listed, nothing wrong.
        case ok
        /// Connected, but something will break or mislead.
        case warn
        /// The client cannot use it.
        case fail
        /// Not started: disabled in the client, or it needs an answer doctor cannot give.
        case skipped
    }

    public struct Launch: Sendable {
        public var argv: [String]
        public var cwd: String
        public var path: String
    }

    public struct CheckSummary: Sendable {
        public var id: String
        public var status: Status
        public var message: String
    }

    public var client: MCPClient
    public var file: String
    public var line: Int
    /// The project a `~/.claude.json` `projects` entry belongs to.
    public var scope: String?
    public var name: String
    /// `stdio`, `http` or `sse` (as configured; for URL entries without a type, what answered).
    public var transport: String
    public var verdict: Verdict = .ok
    public var summary = ""
    public var diagnoses: [Diagnosis] = []
    public var checks: [CheckSummary] = []
    public var launch: Launch?
    public var url: String?
    public var protocolVersion: String?
    public var serverName: String?
    public var tools: [String]?
    public var elapsedMs: Int?
    /// `--fix`: the entry as it should read (secret values redacted), when a configuration change fixes it.
    public var fixedEntry: String?

    /// Every text that came from the configuration or the server, with secret values redacted.
    func redacted(_ secrets: [String]) -> ServerResult {
        guard !secrets.isEmpty else { return self }
        func s(_ t: String) -> String { Redaction.scrub(t, secrets: secrets) }
        var r = self
        r.summary = s(summary)
        r.diagnoses = diagnoses.map { d in
            var d = d
            d.summary = s(d.summary)
            d.details = d.details.map(s)
            d.fix = s(d.fix)
            return d
        }
        r.checks = checks.map { CheckSummary(id: $0.id, status: $0.status, message: s($0.message)) }
        r.launch = launch.map { Launch(argv: $0.argv.map(s), cwd: s($0.cwd), path: $0.path) }
        r.url = url.map(s)
        r.fixedEntry = fixedEntry.map(s)
        return r
    }
}
