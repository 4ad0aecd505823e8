import Foundation
import PreflightCore
import PreflightKit

/// Preflight's own tools, for an agent working on an MCP server: audit a project (static checks
/// only: nothing is run, installed or written), explain a check, list the checks.
public enum PreflightTools {
    public static var all: [ServerTool] { [checkProject, explainCheck, listChecks] }

    public static let instructions = """
        MCP Preflight audits MCP server projects against the production deployment checklist. Call \
        check_project with a project folder to get the verdict and every failing or warning check with its \
        remediation; explain_check tells why a check exists and how to fix it; list_checks lists them all.
        """

    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        .object([
            ("type", .string("object")), ("properties", .object(properties)), ("required", .strings(required)),
            ("additionalProperties", .bool(false)),
        ])
    }

    static func string(_ description: String) -> JSONValue {
        .object([("type", .string("string")), ("description", .string(description))])
    }

    // MARK: check_project

    static let findingSchema = object(
        [
            ("id", string("The check's stable id")), ("status", .object([("enum", .strings(["fail", "warn", "error"]))])),
            ("severity", string("error, warning or info")), ("title", string("What the check asks")),
            ("message", string("What was found")), ("remediation", string("How to fix it")),
            ("locations", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
        ], required: ["id", "status", "severity", "title", "message", "remediation", "locations"])

    static let checkProject = ServerTool(
        name: "check_project", title: "Audit an MCP server project",
        description: """
            Audits an MCP server project folder statically (no code is run): protocol use, stdout purity, \
            tool schemas, configuration, Docker, Kubernetes, CI, security and documentation against the \
            production checklist. Returns the verdict, the score and every failing or warning check with \
            where it was found and how to fix it.
            """,
        inputSchema: object(
            [("path", string("The project folder: absolute, or relative to the folder this server runs in"))],
            required: ["path"]),
        outputSchema: object(
            [
                ("path", string("The folder audited")), ("ready", .object([("type", .string("boolean"))])),
                ("score", .object([("type", .string("integer"))])),
                (
                    "counts",
                    object(
                        ["pass", "warn", "fail", "skip", "error"].map { ($0, .object([("type", .string("integer"))])) },
                        required: ["pass", "warn", "fail", "skip", "error"])
                ),
                ("findings", .object([("type", .string("array")), ("items", findingSchema)])),
            ], required: ["path", "ready", "score", "counts", "findings"])
    ) { args in
        let path: String
        do throws(ArgumentProblem) {
            try args.only(["path"])
            guard let given = try args.string("path", required: true) else { return .failure("`path` is required") }
            path = given
        } catch {
            return .failure("Invalid arguments: \(error.message)")
        }
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure("No project folder at \(folder): give the path of a folder that exists")
        }
        do {
            let config = try ConfigLoader.load(explicit: nil, projectPath: folder)
            let report = try await Engine().audit(AuditRequest(project: folder, config: config))
            return summary(report.report, folder: folder)
        } catch {
            return .failure("The audit could not run: \(error)")
        }
    }

    static func summary(_ report: Report, folder: String) -> ToolResult {
        let open = report.checks.filter { [.fail, .warn, .error].contains($0.status) && !$0.suppressed }
            .sorted { ($0.status.rank, $0.id.rawValue) < ($1.status.rank, $1.id.rawValue) }
        let counts = JSONValue.object(
            [Status.pass, .warn, .fail, .skip, .error].map { ($0.rawValue, .int(report.summary.counts[$0] ?? 0)) })
        let findings = open.map { c -> JSONValue in
            .object([
                ("id", .string(c.id.rawValue)), ("status", .string(c.status.rawValue)),
                ("severity", .string(c.severity.rawValue)), ("title", .string(c.title)), ("message", .string(c.message)),
                ("remediation", .string(c.remediation)),
                ("locations", .strings(Array(c.locations.prefix(10).map(\.display)))),
            ])
        }
        var lines = [
            "\(report.passed ? "READY" : "NOT READY") \(report.summary.score)/100: \(folder)",
            "\(report.summary.counts[.fail] ?? 0) failing, \(report.summary.counts[.warn] ?? 0) warnings, "
                + "\(report.summary.counts[.pass] ?? 0) passing, \(report.summary.counts[.skip] ?? 0) skipped "
                + "(live checks need `preflight check --server CMD`)",
        ]
        for c in open.prefix(40) {
            lines.append("- \(c.status.rawValue) \(c.id.rawValue): \(c.message)\n  fix: \(c.remediation)")
        }
        if open.count > 40 { lines.append("(\(open.count - 40) more in structuredContent)") }
        return .success(
            lines.joined(separator: "\n"),
            structured: .object([
                ("path", .string(folder)), ("ready", .bool(report.passed)), ("score", .int(report.summary.score)),
                ("counts", counts), ("findings", .array(findings)),
            ]))
    }

    // MARK: explain_check

    static let explainCheck = ServerTool(
        name: "explain_check", title: "Explain a check",
        description:
            "Why a Preflight check exists (citing the checklist or the MCP specification) and how to make a server pass it.",
        inputSchema: object([("id", string("A check id, such as stdio.stdout-clean"))], required: ["id"]),
        outputSchema: object(
            [
                ("id", string("The check's id")), ("title", string("What it asks")), ("section", string("Checklist section")),
                ("kind", string("static or live")), ("severity", string("error, warning or info")),
                ("rationale", string("Why it matters")), ("remediation", string("How to fix it")),
            ], required: ["id", "title", "section", "kind", "severity", "rationale", "remediation"])
    ) { args in
        let raw: String
        do throws(ArgumentProblem) {
            try args.only(["id"])
            guard let given = try args.string("id", required: true) else { return .failure("`id` is required") }
            raw = given.trimmingCharacters(in: .whitespaces)
        } catch {
            return .failure("Invalid arguments: \(error.message)")
        }
        guard let d = Catalog.description(CheckID(raw)) else {
            return .failure(
                "No check has the id '\(raw.prefix(80))'\(Spelling.hint(raw, Catalog.ids.map(\.rawValue))); list_checks lists them"
            )
        }
        let text = """
            \(d.id.rawValue): \(d.title) (\(d.section.rawValue), \(d.kind.rawValue), \(d.severity.rawValue))
            Why: \(d.rationale)
            Fix: \(d.remediation)
            """
        return .success(
            text,
            structured: .object([
                ("id", .string(d.id.rawValue)), ("title", .string(d.title)), ("section", .string(d.section.rawValue)),
                ("kind", .string(d.kind.rawValue)), ("severity", .string(d.severity.rawValue)),
                ("rationale", .string(d.rationale)), ("remediation", .string(d.remediation)),
            ]))
    }

    // MARK: list_checks

    static let listChecks = ServerTool(
        name: "list_checks", title: "List the checks",
        description: "Every Preflight check with its id, title, section, kind and severity; optionally one checklist section.",
        inputSchema: object(
            [
                (
                    "section",
                    .object([
                        ("type", .string("string")), ("enum", .strings(Section.allCases.map(\.rawValue))),
                        ("description", .string("Only the checks of this checklist section")),
                    ])
                )
            ], required: []),
        outputSchema: object(
            [
                (
                    "checks",
                    .object([
                        ("type", .string("array")),
                        (
                            "items",
                            object(
                                [
                                    ("id", string("Stable id")), ("title", string("What it asks")),
                                    ("section", string("Checklist section")), ("kind", string("static or live")),
                                    ("severity", string("error, warning or info")),
                                ], required: ["id", "title", "section", "kind", "severity"])
                        ),
                    ])
                )
            ], required: ["checks"])
    ) { args in
        var section: Section?
        do throws(ArgumentProblem) {
            try args.only(["section"])
            if let raw = try args.string("section", required: false) {
                guard let s = Section(rawValue: raw) else {
                    return .failure(
                        "Invalid arguments: `section` must be one of \(Section.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                section = s
            }
        } catch {
            return .failure("Invalid arguments: \(error.message)")
        }
        let checks = Catalog.all.filter { section == nil || $0.section == section }
        let text = checks.map { "\($0.id.rawValue) (\($0.severity.rawValue)): \($0.title)" }.joined(separator: "\n")
        return .success(
            text,
            structured: .object([
                (
                    "checks",
                    .array(
                        checks.map {
                            .object([
                                ("id", .string($0.id.rawValue)), ("title", .string($0.title)),
                                ("section", .string($0.section.rawValue)), ("kind", .string($0.kind.rawValue)),
                                ("severity", .string($0.severity.rawValue)),
                            ])
                        })
                )
            ]))
    }
}
