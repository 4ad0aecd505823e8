/// A check's stable id, e.g. `docker.non-root-user`. Ids never change once released.
public struct CheckID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public var area: String { String(rawValue.prefix { $0 != "." }) }
    public static func < (lhs: CheckID, rhs: CheckID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A live example's server beyond `mini_mcp.py`: one of the fixture servers of
/// `Tests/Fixtures/http` (see its README), audited over HTTP (`--url`) or over stdio.
public struct LiveFixture: Sendable, Equatable {
    public enum Transport: String, Sendable { case http, stdio }
    /// The script under `Tests/Fixtures/http`, e.g. `deviant.py`.
    public var script: String
    public var arguments: [String]
    public var transport: Transport
    /// `--server CMD --url URL`: Preflight starts the server and stops it (lifecycle, graceful drain).
    public var managed: Bool
    /// `--header` lines sent with every request.
    public var headers: [String]
    /// `--probe-rate-limit`.
    public var probeRateLimit: Bool
    /// The MCP endpoint's path.
    public var path: String

    public init(
        script: String, arguments: [String] = [], transport: Transport = .http, managed: Bool = false, headers: [String] = [],
        probeRateLimit: Bool = false, path: String = "/mcp"
    ) {
        self.script = script
        self.arguments = arguments
        self.transport = transport
        self.managed = managed
        self.headers = headers
        self.probeRateLimit = probeRateLimit
        self.path = path
    }
}

/// An input a check must (or must not) trigger on. `files` maps relative paths to contents;
/// it doubles as the check's own unit test.
public struct Example: Sendable {
    public var files: [String: String]
    /// For `git`-sensitive checks: the paths the example treats as tracked by git.
    public var tracked: [String]?
    /// A `preflight.toml` to apply (attestations, thresholds).
    public var config: String?
    /// For live checks: the arguments of the fixture server (`Tests/Fixtures/servers/mini_mcp.py`),
    /// e.g. `["--defect", "protocol.ping"]`; an empty array runs the correct server.
    public var server: [String]?
    /// For live checks against the HTTP fixtures (or one of them over stdio).
    public var live: LiveFixture?
    /// For run checks: a project under `Tests/Fixtures/projects/` that `files` are written over.
    public var fixture: String?
    /// For monorepo examples: the folder audited, relative to the files' top, which is then a git
    /// repository with every file tracked (unless `tracked` says otherwise).
    public var audit: String?
    /// For history checks (regressions): the baseline run (nil: none recorded) and this run.
    public var runs: (baseline: RunDigest?, current: RunDigest)?
    public var note: String?

    public init(
        _ files: [String: String] = [:], tracked: [String]? = nil, config: String? = nil, server: [String]? = nil,
        fixture: String? = nil, audit: String? = nil, note: String? = nil
    ) {
        self.files = files
        self.tracked = tracked
        self.config = config
        self.server = server
        self.fixture = fixture
        self.audit = audit
        self.note = note
    }

    /// A live example over HTTP: `script` of `Tests/Fixtures/http` with `arguments`, audited through `--url`.
    public static func http(
        _ script: String, _ arguments: String..., defects: String..., managed: Bool = false, headers: [String] = [],
        probeRateLimit: Bool = false, path: String = "/mcp", config: String? = nil, note: String? = nil
    ) -> Example {
        var e = Example(config: config, note: note)
        e.live = LiveFixture(
            script: script, arguments: arguments + defects.flatMap { ["--defect", $0] }, managed: managed, headers: headers,
            probeRateLimit: probeRateLimit, path: path)
        return e
    }

    /// `deviant.py` (bearer token `fixture-token`, sent) with these defects and arguments.
    public static func deviant(
        _ defects: String..., arguments: [String] = [], managed: Bool = false, probeRateLimit: Bool = false,
        config: String? = nil, note: String? = nil
    ) -> Example {
        var e = Example(config: config, note: note)
        e.live = LiveFixture(
            script: "deviant.py", arguments: arguments + defects.flatMap { ["--defect", $0] }, managed: managed,
            headers: ["Authorization: Bearer fixture-token"], probeRateLimit: probeRateLimit)
        return e
    }

    /// A live example over stdio with one of the HTTP fixtures' `--stdio` mode (`sdk_server.py --stdio`).
    public static func stdio(_ script: String, _ arguments: String..., config: String? = nil, note: String? = nil) -> Example {
        var e = Example(config: config, note: note)
        e.live = LiveFixture(script: script, arguments: arguments + ["--stdio"], transport: .stdio)
        return e
    }

    /// A history example: this run compared with the baseline.
    public static func runs(baseline: RunDigest?, current: RunDigest, config: String? = nil, note: String? = nil) -> Example {
        var example = Example(config: config, note: note)
        example.runs = (baseline, current)
        return example
    }

    /// A live example: the fixture server with these defects.
    public static func server(_ defects: String..., files: [String: String] = [:], config: String? = nil, note: String? = nil)
        -> Example
    {
        Example(files, config: config, server: defects.flatMap { ["--defect", $0] }, note: note)
    }
}

/// Everything a check says about itself; `preflight rules` and `docs/checks.md` come from this.
public struct CheckDescription: Sendable {
    public var id: CheckID
    public var title: String
    public var section: Section
    public var kind: CheckKind
    public var severity: Severity
    public var rationale: String
    public var remediation: String
    /// Inputs the check must report as `fail` (or `warn`, see `failingStatus`).
    public var failing: [Example]
    /// Inputs the check must report as `pass`.
    public var passing: [Example]

    public init(
        id: CheckID, title: String, section: Section, kind: CheckKind = .static,
        severity: Severity, rationale: String, remediation: String,
        failing: [Example] = [], passing: [Example] = []
    ) {
        self.id = id
        self.title = title
        self.section = section
        self.kind = kind
        self.severity = severity
        self.rationale = rationale
        self.remediation = remediation
        self.failing = failing
        self.passing = passing
    }
}
