import Foundation
import PreflightCore
import TestSupport

/// A hand-built report that exercises every status, suppression, missing locations and hostile text.
enum SampleReport {
    /// Table breaks, markup, entities, quotes, a CRLF and LF, unicode, an emoji and C0 controls.
    static let hostile = "a | b <script>&amp; \"q\" 'q'\r\nline2\nnaïve 日本 🚀 ctl:\u{01}\u{1B}\u{0B}end"

    static func result(
        _ id: String, _ status: Status, severity: Severity = .warning, section: Section = .docker,
        message: String? = nil, locations: [Location] = [], suppressed: Bool = false, reason: String? = nil
    ) -> CheckResult {
        CheckResult(
            id: CheckID(id), status: status, severity: severity, title: "Title of \(id)", section: section,
            kind: .static, message: message ?? "\(status.rawValue) message for \(id)",
            remediation: "fix `\(id)` by doing the thing", locations: locations, suppressed: suppressed,
            suppressionReason: reason)
    }

    static let checks: [CheckResult] = [
        result(
            "docker.non-root-user", .fail, severity: .error, message: hostile,
            locations: [Location("Dockerfile", line: 24), Location("docker/dev file #1.Dockerfile")]),
        result("docker.healthcheck", .warn, message: "no HEALTHCHECK", locations: [Location("Dockerfile")]),
        result("docker.ignore", .pass),
        result("docker.multi-stage", .skip, message: "no Dockerfile <here>"),
        result("ops.team-trained", .manual, severity: .info, section: .operations),
        result("project.files-parse", .error, severity: .error, section: .project, message: "checker crashed"),
        result(
            "security.hardcoded-secret", .fail, severity: .error, section: .security,
            locations: [Location("src/app.py", line: 3)], suppressed: true, reason: "test key | \"fake\" <ok>"),
        // A repository-level problem: nothing to point at.
        result("project.license", .fail, severity: .info, section: .project, message: "no LICENSE file"),
    ]

    static var report: Report {
        var config = PreflightConfig()
        config.failureThreshold = .warning
        return Report(
            toolVersion: "0.1.0", target: Target(project: "./my <server>"), startedAt: "2026-11-25T08:00:00Z",
            durationMs: 1234, checks: checks, config: config)
    }

    static var passingReport: Report {
        Report(
            toolVersion: "0.1.0", target: Target(project: "."), startedAt: "2026-11-25T08:00:00Z", durationMs: 5,
            checks: [result("docker.ignore", .pass)], config: PreflightConfig())
    }

    /// The repository root, found from this file so tests run from any directory.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func temporaryFile(_ text: String, ext: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString).\(ext)")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Runs a program and returns its exit status and combined output.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try Spawn.run([executable.path] + arguments)
        return (result.status, String(decoding: result.stdout + result.stderr, as: UTF8.self))
    }
}
