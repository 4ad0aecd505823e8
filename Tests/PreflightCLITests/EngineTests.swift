import Foundation
import PreflightCore
import PreflightKit
import Reporters
import Testing

/// The library is the engine: called directly, it gives the report the binary prints.
@Suite struct EngineTests {
    /// What two live runs of one server share: the checks and their verdicts, the report's shape.
    /// Messages and metrics are measurements (timings, the tool the memory probe chose), not compared.
    static func verdicts(_ json: String) throws -> [String] {
        let report = try CLI.json(json)
        let checks = CLI.checks(report).map { c in
            ["id", "status", "severity", "kind", "section", "title", "remediation"].map { "\(c[$0] ?? "")" }.joined(
                separator: "|")
        }
        let metrics = (report["metrics"] as? [String: Any])?.keys.sorted() ?? []
        return report.keys.sorted() + checks + metrics
    }

    @Test func staticAuditMatchesTheBinary() async throws {
        let example = CLI.repoRoot.appendingPathComponent("Examples/weather-server").path
        let config = try ConfigLoader.load(explicit: nil, projectPath: example)
        let outcome = try await Engine().audit(AuditRequest(project: example, config: config))
        let library = JSONReporter().render(outcome.report)
        let binary = try await CLI.run(["check", example, "--format", "json"]).stdout
        #expect(ReportContractTests.withoutTimings(library) == ReportContractTests.withoutTimings(binary))
    }

    @Test func liveAuditMatchesTheBinary() async throws {
        let dir = try CLI.scratch(["README.md": Data("# Mini\n\nResources: `notes://{id}`.\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        // Generous limits: the comparison is about the engine, not about how busy the machine is.
        let toml = "[thresholds]\np95-ms = 5000\np99-ms = 10000\ncold-start-ms = 60000\n"
        try Data(toml.utf8).write(to: dir.appendingPathComponent("preflight.toml"))
        let argv = [LiveCLITests.python, LiveCLITests.mini]
        let config = try ConfigLoader.load(explicit: nil, projectPath: dir.path)
        var request = AuditRequest(project: dir.path, server: ServerCommand(argv: argv), config: config)
        request.live.timeout = .seconds(120)
        let run = Engine().start(request)
        var phases: [AuditPhase] = []
        for await event in run.events { if case .finished(let phase, _) = event { phases.append(phase) } }
        let outcome = try await run.outcome()
        #expect(phases == [.load, .runTools, .staticChecks, .live])
        let library = JSONReporter().render(outcome.report)
        let binary = try await CLI.run(["check", dir.path, "--format", "json", "--"] + argv).stdout
        #expect(try Self.verdicts(library) == Self.verdicts(binary))
        #expect(outcome.report.checks.contains { $0.id == "protocol.initialize" && $0.status == .pass })
    }

    @Test func withoutAServerLiveChecksSaySoAndLiveOnlyShowsOnlyLiveChecks() async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try await Engine().audit(AuditRequest(project: dir.path))
        let live = outcome.report.checks.filter { $0.kind == .live }
        #expect(!live.isEmpty)
        #expect(live.allSatisfy { $0.status == .skip && $0.message.contains("--server") })
        var request = AuditRequest(project: nil, server: ServerCommand(argv: [LiveCLITests.python, LiveCLITests.mini]))
        request.live.timeout = .seconds(60)
        let liveOnly = try await Engine().audit(request)
        #expect(liveOnly.report.checks.allSatisfy { $0.kind == .live })
        #expect(liveOnly.report.target.project == nil)
    }

    @Test func usageProblemsAreTypedErrors() async throws {
        await #expect(throws: AuditError.usage("/no/such/folder: no such file or directory")) {
            try await Engine().audit(AuditRequest(project: "/no/such/folder"))
        }
        await #expect(throws: AuditError.self) {
            try await Engine().audit(AuditRequest(project: nil, server: ServerCommand(argv: ["no-such-mcp-server-xyz"])))
        }
    }
}
