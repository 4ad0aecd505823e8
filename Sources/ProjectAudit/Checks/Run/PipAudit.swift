import Foundation
import PreflightCore

/// The auditors code.dependency-vulnerabilities tries in turn, and how their output is read.
enum PipAudit {
    enum Outcome: Sendable {
        case decided(CheckOutput)
        case unavailable(String)
    }

    typealias Auditor = @Sendable ([String]) async -> Outcome

    /// `name==version` lines of `uv export`; local paths and editables cannot be audited.
    static func requirements(_ export: String) -> [String] {
        export.split(separator: "\n").map { String($0.split(separator: "#").first ?? "").trimmed }.filter { line in
            !line.isEmpty && !line.hasPrefix("-") && !line.hasPrefix(".") && !line.hasPrefix("/") && !line.contains(" @ ")
        }
    }

    static func auditors(_ context: RunContext) -> [Auditor] {
        let pipAuditArgs = ["--disable-pip", "--no-deps", "--progress-spinner", "off", "--format", "json", "-r"]
        return [
            { reqs in
                guard context.which("pip-audit") != nil else { return .unavailable("pip-audit is not installed") }
                return await withFile(reqs, context) { file in
                    interpret(
                        await context.run("pip-audit", pipAuditArgs + [file], seconds: context.options.toolTimeout), context)
                }
            },
            { reqs in
                // pip-audit on PATH already asked the same advisory service.
                guard context.which("pip-audit") == nil else { return .unavailable("") }
                return await withFile(reqs, context) { file in
                    interpret(
                        await context.run(
                            "uv", ["tool", "run", "pip-audit"] + pipAuditArgs + [file], seconds: context.options.toolTimeout),
                        context)
                }
            },
            { _ in
                let run = await context.run("uv", ["audit", "--frozen", "--no-dev"], seconds: context.options.toolTimeout)
                if let reason = run.skipReason(tool: "uv audit", network: true) { return .unavailable("`uv audit`: \(reason)") }
                if run.output.contains("unrecognized subcommand") { return .unavailable("this uv has no `uv audit`") }
                // uv's own failures (not findings) are reported as `error: …` lines.
                if run.exitCode != 0, let error = run.lines.first(where: { $0.hasPrefix("error:") }) {
                    return .unavailable("`uv audit`: \(error.prefix(200))")
                }
                if run.exitCode == 0 {
                    return .decided(.pass("`\(run.command)`: no known vulnerabilities", evidence: run.evidence(context.options)))
                }
                return .decided(
                    .fail(
                        "`\(run.command)` reports vulnerabilities: \(run.lastLine(context.options))", at: Location("uv.lock"),
                        evidence: run.evidence(context.options)))
            },
        ]
    }

    static func withFile(_ reqs: [String], _ context: RunContext, _ body: (String) async -> Outcome) async -> Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-audit-\(UUID().uuidString).txt")
        do { try Data((reqs.joined(separator: "\n") + "\n").utf8).write(to: file) } catch {
            return .unavailable("cannot write a temporary requirements file: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        return await body(file.path)
    }

    /// pip-audit's JSON: `{"dependencies": [{"name", "version", "vulns": [{"id", "fix_versions"}]} | {"skip_reason"}]}`.
    static func interpret(_ run: ToolRun, _ context: RunContext) -> Outcome {
        if let reason = run.skipReason(tool: "pip-audit", network: true) {
            return .unavailable("`\(run.command.prefix(40))…`: \(reason)")
        }
        if run.result?.timedOut == true { return .unavailable("pip-audit did not finish within \(run.limitSeconds) s") }
        let stdout = run.result?.stdoutText ?? ""
        guard let json = try? JSONParser.parse(stdout), let deps = json["dependencies"]?.arrayValue else {
            return .unavailable("pip-audit gave no report (\(run.exitDescription)): \(run.lastLine(context.options))")
        }
        var vulnerable: [String] = []
        var audited = 0
        for dep in deps {
            guard dep["skip_reason"] == nil else { continue }
            audited += 1
            let ids = (dep["vulns"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            if !ids.isEmpty {
                let name = dep["name"]?.stringValue ?? "?"
                let version = dep["version"]?.stringValue ?? "?"
                vulnerable.append("\(name) \(version): \(ids.prefix(5).joined(separator: ", "))")
            }
        }
        var evidence = JSONObjectBuilder()
        evidence.set("command", "pip-audit")
        evidence.set("audited", audited)
        evidence.set("vulnerable", .array(vulnerable.map { .string($0) }))
        if !vulnerable.isEmpty {
            let findings = vulnerable.map { Finding("known vulnerability: \($0)", at: Location("uv.lock")) }
            return .decided(
                CheckOutput(
                    status: .fail, message: CheckOutput.from(findings, pass: "").message, findings: findings,
                    evidence: evidence.value))
        }
        guard audited > 0 else {
            let reason = deps.first?["skip_reason"]?.stringValue ?? "nothing audited"
            return .unavailable("pip-audit could not reach the advisory service (\(reason.prefix(160)))")
        }
        let skipped = deps.count - audited
        let note = skipped > 0 ? " (\(skipped) could not be audited)" : ""
        return .decided(
            .pass("pip-audit: no known vulnerability in \(audited) locked dependencies\(note)", evidence: evidence.value))
    }
}
