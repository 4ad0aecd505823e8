/// `preflight.toml`: how a team tunes Preflight for their project. Every key is optional.
///
/// ```toml
/// [preflight]
/// failure-threshold = "warning"   # fails of this severity or worse fail the run (default "info": any fail)
/// fail-on-warn = false
/// disable = ["ops.monitoring"]
/// [severity]
/// "docker.healthcheck" = "info"
/// [thresholds]
/// p95-ms = 100
/// [env]
/// required = ["API_KEY"]
/// [tools]
/// allow = ["get_time"]
/// [tools.examples.get_time]
/// timezone = "Europe/Paris"
/// [http]
/// expected-rate-per-second = 20
/// health-paths = ["/healthz"]
/// [[attest]]
/// id = "ops.team-trained"
/// by = "alice@example.com"
/// date = "2026-11-01"
/// evidence = "https://wiki.example.com/training"
/// ```
public struct PreflightConfig: Sendable {
    public struct Attestation: Sendable, Equatable {
        public var id: CheckID
        public var by: String
        public var date: String
        /// A link to the proof (ticket, recording, dashboard); empty when none was given.
        public var evidence: String
    }

    public var failureThreshold: Severity = .info
    public var failOnWarn = false
    public var disabled: Set<CheckID> = []
    public var severityOverrides: [CheckID: Severity] = [:]
    public var thresholds = Thresholds()
    public var requiredEnv: [String] = []
    public var allowedTools: [String] = []
    public var allowAllTools = false
    public var toolExamples: [String: JSONValue] = [:]
    public var attestations: [CheckID: Attestation] = [:]
    public var http = HTTPSettings()
    /// Where the config came from, for messages; nil when defaults are used.
    public var source: String?

    public init() {}
}

/// `[http]`: what the HTTP checks need to know about the server (`--url`).
public struct HTTPSettings: Sendable, Equatable {
    /// The rate limit the server is meant to enforce (http.rate-limiting bursts above it).
    public var expectedRatePerSecond: Double?
    /// Paths http.health-endpoint tries, in order (default /health, /healthz, /livez, /readyz, /health/live).
    public var healthPaths: [String]?

    public init() {}

    public static let keys = ["expected-rate-per-second", "health-paths"]
}

public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension PreflightConfig {
    /// Parses the TOML text; unknown keys are errors so that typos do not silently do nothing.
    public static func parse(_ text: String, source: String, knownChecks: Set<CheckID>) throws(ConfigError) -> PreflightConfig {
        let root: JSONValue
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            throw ConfigError("\(source): \(error.description)")
        }
        var config = PreflightConfig()
        config.source = source
        var reader = ConfigReader(source: source, knownChecks: knownChecks)
        try reader.read(root, into: &config)
        return config
    }
}

private struct ConfigReader {
    let source: String
    let knownChecks: Set<CheckID>

    func fail(_ message: String) -> ConfigError { ConfigError("\(source): \(message)") }

    func table(_ value: JSONValue, _ name: String) throws(ConfigError) -> [(String, JSONValue)] {
        guard let members = value.objectValue else { throw fail("[\(name)] must be a table") }
        return members
    }

    func strings(_ value: JSONValue, _ name: String) throws(ConfigError) -> [String] {
        guard let items = value.arrayValue else { throw fail("\(name) must be an array of strings") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw fail("\(name) must be an array of strings") }
            out.append(s)
        }
        return out
    }

    func checkID(_ raw: String, _ name: String) throws(ConfigError) -> CheckID {
        let id = CheckID(raw)
        guard knownChecks.isEmpty || knownChecks.contains(id) else {
            let hint = Spelling.nearest(to: raw, in: knownChecks.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
            throw fail("\(name): unknown check id '\(raw)' (\(hint)see `preflight rules`)")
        }
        return id
    }

    func unknown(_ key: String, in table: String, known: [String]) -> ConfigError {
        fail("unknown key '\(key)' in [\(table)]\(Spelling.hint(key, known))")
    }

    func severity(_ value: JSONValue, _ name: String) throws(ConfigError) -> Severity {
        guard let raw = value.stringValue, let severity = Severity(rawValue: raw) else {
            throw fail("\(name) must be one of error, warning, info")
        }
        return severity
    }

    mutating func read(_ root: JSONValue, into config: inout PreflightConfig) throws(ConfigError) {
        for (key, value) in try table(root, "root") {
            switch key {
            case "preflight": try readMain(value, into: &config)
            case "severity":
                for (id, sev) in try table(value, "severity") {
                    config.severityOverrides[try checkID(id, "[severity]")] = try severity(sev, "[severity].\(id)")
                }
            case "thresholds":
                for (name, number) in try table(value, "thresholds") {
                    guard let key = Thresholds.Key(rawValue: name) else {
                        throw unknown(name, in: "thresholds", known: Thresholds.Key.allCases.map(\.rawValue))
                    }
                    guard let d = number.doubleValue else { throw fail("[thresholds].\(name) must be a number") }
                    do { try config.thresholds.set(key, d) } catch { throw fail(error.message) }
                }
            case "env":
                for (name, v) in try table(value, "env") {
                    guard name == "required" else { throw unknown(name, in: "env", known: ["required"]) }
                    config.requiredEnv = try strings(v, "[env].required")
                }
            case "tools": try readTools(value, into: &config)
            case "http": try readHTTP(value, into: &config)
            case "attest":
                guard let items = value.arrayValue else { throw fail("attest must be an array of tables ([[attest]])") }
                for item in items {
                    let a = try attestation(item)
                    config.attestations[a.id] = a
                }
            default:
                let tables = ["preflight", "severity", "thresholds", "env", "tools", "http", "attest"]
                throw fail("unknown table [\(key)]\(Spelling.hint(key, tables))")
            }
        }
    }

    mutating func readMain(_ value: JSONValue, into config: inout PreflightConfig) throws(ConfigError) {
        for (key, v) in try table(value, "preflight") {
            switch key {
            case "failure-threshold": config.failureThreshold = try severity(v, "failure-threshold")
            case "fail-on-warn":
                guard let b = v.boolValue else { throw fail("fail-on-warn must be true or false") }
                config.failOnWarn = b
            case "disable":
                for raw in try strings(v, "disable") { config.disabled.insert(try checkID(raw, "disable")) }
            default: throw unknown(key, in: "preflight", known: ["failure-threshold", "fail-on-warn", "disable"])
            }
        }
    }

    mutating func readTools(_ value: JSONValue, into config: inout PreflightConfig) throws(ConfigError) {
        for (key, v) in try table(value, "tools") {
            switch key {
            case "allow": config.allowedTools = try strings(v, "[tools].allow")
            case "allow-all":
                guard let b = v.boolValue else { throw fail("[tools].allow-all must be true or false") }
                config.allowAllTools = b
            case "examples":
                for (tool, args) in try table(v, "tools.examples") {
                    guard args.objectValue != nil else { throw fail("[tools.examples.\(tool)] must be a table") }
                    config.toolExamples[tool] = args
                }
            default: throw unknown(key, in: "tools", known: ["allow", "allow-all", "examples"])
            }
        }
    }

    mutating func readHTTP(_ value: JSONValue, into config: inout PreflightConfig) throws(ConfigError) {
        for (key, v) in try table(value, "http") {
            switch key {
            case "expected-rate-per-second":
                guard let rate = v.doubleValue, rate.isFinite, rate > 0 else {
                    throw fail("[http].expected-rate-per-second must be a positive number")
                }
                config.http.expectedRatePerSecond = rate
            case "health-paths":
                let paths = try strings(v, "[http].health-paths")
                guard !paths.isEmpty, paths.allSatisfy({ $0.hasPrefix("/") && !$0.contains("://") }) else {
                    throw fail("[http].health-paths must be paths on the server, each starting with /")
                }
                config.http.healthPaths = paths
            default: throw unknown(key, in: "http", known: HTTPSettings.keys)
            }
        }
    }

    func attestation(_ item: JSONValue) throws(ConfigError) -> PreflightConfig.Attestation {
        guard let members = item.objectValue else { throw fail("[[attest]] entries must be tables") }
        var fields: [String: String] = [:]
        for (k, v) in members {
            guard ["id", "by", "date", "evidence"].contains(k) else {
                throw unknown(k, in: "[attest]", known: ["id", "by", "date", "evidence"])
            }
            guard let s = v.stringValue else { throw fail("[[attest]].\(k) must be a string") }
            fields[k] = s
        }
        for required in ["id", "by", "date"] where (fields[required] ?? "").isEmpty {
            throw fail("[[attest]] needs id, by and date (missing '\(required)')")
        }
        return PreflightConfig.Attestation(
            id: try checkID(fields["id"] ?? "", "[[attest]].id"), by: fields["by"] ?? "", date: fields["date"] ?? "",
            evidence: fields["evidence"] ?? "")
    }
}
