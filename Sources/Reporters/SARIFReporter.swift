import PreflightCore

/// SARIF 2.1.0 shaped for GitHub code scanning: one run, one rule per check id, one result per
/// fail/warn/error (suppressed ones included, marked with `suppressions` so GitHub shows them dismissed).
public struct SARIFReporter: Reporter {
    public static let informationURI = "https://github.com/mcp-preflight/preflight"
    /// Where a result without a location points. GitHub rejects results with no location
    /// ("locationFromSarifResult: expected at least one location"), and naming a real file such as
    /// README.md would invent a fact the report lacks. This is the placeholder OpenSSF Scorecard uses
    /// for repository-level alerts, percent-encoded so it stays a valid URI reference.
    public static let noLocationURI = "no%20file%20associated%20with%20this%20alert"
    /// GitHub's limits: description texts and the number of locations per result.
    static let maxDescription = 1024
    static let maxLocations = 1000

    public init() {}

    public func render(_ report: Report) -> String {
        JSONWriter.encode(Self.value(report), pretty: true) + "\n"
    }

    public static func value(_ report: Report) -> JSONValue {
        var seen = Set<CheckID>()
        let ruleChecks = report.checks.sorted { $0.id < $1.id }.filter { seen.insert($0.id).inserted }
        var ruleIndex: [CheckID: Int] = [:]
        for (i, r) in ruleChecks.enumerated() { ruleIndex[r.id] = i }

        var driver = JSONObjectBuilder()
        driver.set("name", "preflight")
        driver.set("version", report.toolVersion)
        driver.set("informationUri", informationURI)
        driver.set("rules", .array(ruleChecks.map(rule)))

        var run = JSONObjectBuilder()
        run.set("tool", .object([("driver", driver.value)]))
        run.set("invocations", .array([.object([("executionSuccessful", .bool(true))])]))
        run.set(
            "originalUriBaseIds",
            .object([("%SRCROOT%", .object([("description", text("The root of the audited project."))]))]))
        let reported = report.checks.filter { [.fail, .warn, .error].contains($0.status) }
        // One result per finding, each at its own place; a check without findings is one result.
        let results = reported.flatMap { r in
            r.findings.isEmpty
                ? [result(r, ruleIndex: ruleIndex[r.id] ?? 0)]
                : r.findings.map { result(r, ruleIndex: ruleIndex[r.id] ?? 0, finding: $0) }
        }
        run.set("results", .array(results))

        var root = JSONObjectBuilder()
        root.set("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        root.set("version", "2.1.0")
        root.set("runs", .array([run.value]))
        return root.value
    }

    static func rule(_ r: CheckResult) -> JSONValue {
        let title = r.title.isEmpty ? r.id.rawValue : r.title
        // The catalogue's rationale is not in the report, so the full description is title + fix.
        let full = r.remediation.isEmpty ? title : "\(title). \(r.remediation)"
        let help = r.remediation.isEmpty ? title : r.remediation
        var o = JSONObjectBuilder()
        o.set("id", r.id.rawValue)
        o.set("name", camelCase(r.id.rawValue))
        o.set("shortDescription", text(clipped(title)))
        o.set("fullDescription", text(clipped(full)))
        o.set("help", .object([("text", .string(help)), ("markdown", .string(help))]))
        o.set("defaultConfiguration", .object([("level", .string(level(r.severity)))]))
        o.set("properties", .object([("tags", .strings([r.section.rawValue, r.kind.rawValue]))]))
        return o.value
    }

    static func result(_ r: CheckResult, ruleIndex: Int, finding: Finding? = nil) -> JSONValue {
        let locations: [Location?] =
            finding.map { [$0.location] } ?? (r.locations.isEmpty ? [nil] : r.locations.prefix(maxLocations).map { $0 })
        var o = JSONObjectBuilder()
        o.set("ruleId", r.id.rawValue)
        o.set("ruleIndex", ruleIndex)
        o.set("level", finding.map { level(r, status: $0.status) } ?? level(r))
        let message = finding?.message ?? r.message
        o.set("message", text(message.isEmpty ? (r.title.isEmpty ? r.id.rawValue : r.title) : message))
        o.set("locations", .array(locations.map(location)))
        let primary = locations.first ?? nil
        // Findings of one check are told apart by their messages as well as their places.
        let salt = finding != nil ? "\u{0}\(message)" : ""
        let hash = fingerprint("\(r.id.rawValue)\u{0}\(primary?.path ?? "")\u{0}\(primary?.line ?? 0)\(salt)")
        o.set("partialFingerprints", .object([("primaryLocationLineHash", .string(hash + ":1"))]))
        if r.suppressed {
            var s = JSONObjectBuilder()
            s.set("kind", "inSource")
            if let reason = r.suppressionReason, !reason.isEmpty { s.set("justification", reason) }
            o.set("suppressions", .array([s.value]))
        }
        return o.value
    }

    static func location(_ loc: Location?) -> JSONValue {
        let uri = loc.map { percentEncoded($0.path) }.flatMap { $0.isEmpty ? nil : $0 } ?? noLocationURI
        var artifact = JSONObjectBuilder()
        artifact.set("uri", uri)
        artifact.set("uriBaseId", "%SRCROOT%")
        var physical = JSONObjectBuilder()
        physical.set("artifactLocation", artifact.value)
        // GitHub needs startLine >= 1; a file-level finding has no line, so it anchors at the top.
        physical.set("region", .object([("startLine", .int(max(loc?.line ?? 1, 1)))]))
        return .object([("physicalLocation", physical.value)])
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func level(_ r: CheckResult, status: Status? = nil) -> String {
        switch status ?? r.status {
        case .warn: return "warning"
        case .error: return "error"
        default: return level(r.severity)
        }
    }

    static func text(_ s: String) -> JSONValue { .object([("text", .string(s))]) }

    /// `docker.non-root-user` → `DockerNonRootUser`: SARIF names are identifier-like.
    static func camelCase(_ id: String) -> String {
        id.split { !($0.isLetter || $0.isNumber) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// GitHub counts code points, so the limit is applied to unicode scalars.
    static func clipped(_ s: String) -> String {
        guard s.unicodeScalars.count > maxDescription else { return s }
        var out = String.UnicodeScalarView(s.unicodeScalars.prefix(maxDescription - 1))
        out.append("…")
        return String(out)
    }

    /// RFC 3986: keep unreserved characters and `/`, encode every other UTF-8 byte. Encoding `:`
    /// also keeps a path like `c:x` from reading as a URI scheme.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// FNV-1a 64: stable across runs and platforms, unlike `Hasher`, so alerts keep their identity.
    static func fingerprint(_ s: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
