import PreflightCore

/// The JSON contract of `shared/spec/report-json.md`; every other format shows a subset of it.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        JSONWriter.encode(Self.value(report), pretty: true) + "\n"
    }

    public static func value(_ report: Report) -> JSONValue {
        var root = JSONObjectBuilder()
        root.set("schemaVersion", 1)
        root.set("preflight", .object([("version", .string(report.toolVersion))]))
        var target = JSONObjectBuilder()
        target.set("project", report.target.project)
        if let transport = report.target.transport {
            var server = JSONObjectBuilder()
            server.set("transport", transport.rawValue)
            server.set("command", report.target.command.map { JSONValue.strings($0) } ?? .null)
            server.set("url", report.target.url)
            target.set("server", server.value)
        } else {
            target.set("server", .null)
        }
        root.set("target", target.value)
        root.set("startedAt", report.startedAt)
        root.set("durationMs", report.durationMs)
        root.set("phasesMs", .object(report.phases.map { ($0.0, .int($0.1)) }))
        root.set("notices", JSONValue.strings(report.notices))
        root.set("checks", .array(report.checks.map(check)))
        root.set("metrics", .object(report.metrics))
        var summary = JSONObjectBuilder()
        for status in Status.allCases { summary.set(status.rawValue, report.summary[status]) }
        summary.set("score", report.summary.score)
        summary.set("passed", report.passed)
        summary.set("failureThreshold", report.failureThreshold.rawValue)
        summary.set("failing", JSONValue.strings(report.failingIDs.map(\.rawValue)))
        root.set("summary", summary.value)
        return root.value
    }

    static func check(_ r: CheckResult) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("id", r.id.rawValue)
        o.set("status", r.status.rawValue)
        o.set("severity", r.severity.rawValue)
        o.set("title", r.title)
        o.set("section", r.section.rawValue)
        o.set("kind", r.kind.rawValue)
        o.set("message", r.message)
        o.set("remediation", r.remediation)
        o.set(
            "locations",
            .array(
                r.locations.map { loc in
                    var l = JSONObjectBuilder()
                    l.set("path", loc.path)
                    l.set("line", loc.line.map { JSONValue.int($0) } ?? .null)
                    return l.value
                }))
        o.set(
            "findings",
            .array(
                r.findings.map { f in
                    var b = JSONObjectBuilder()
                    b.set("status", f.status.rawValue)
                    b.set("message", f.message)
                    b.set("path", f.location?.path)
                    b.set("line", f.location?.line.map { JSONValue.int($0) } ?? .null)
                    return b.value
                }))
        o.set("evidence", r.evidence ?? .object([]))
        o.set("suppressed", r.suppressed)
        if let reason = r.suppressionReason { o.set("suppressionReason", reason) }
        return o.value
    }
}
