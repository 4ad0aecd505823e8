import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// Real MCP servers from PyPI sdists (unpacked by scripts/test-env.sh). Every `fail` here was checked
/// by hand against the files and is written up in docs/worked-example.md; a new fail is either a
/// regression (a false alarm) or a real change upstream, and both need a look.
@Suite struct ThirdPartyProjectTests {
    static let sdists = Fixtures.repoRoot.appendingPathComponent(".test-env/sdists")

    /// `ci.pipeline`: an sdist ships no `.github/`, so the audited folder has no pipeline.
    static let expectedFailures: [String: Set<String>] = [
        "mcp-server-time": [
            "ci.pipeline", "docker.dockerignore", "docker.exec-form-variables", "docker.non-root-user", "ops.changelog",
            "ops.monitoring", "ops.rollback-documented", "ops.runbook",
        ],
        "mcp-server-git": [
            "ci.pipeline", "docker.dockerignore", "docker.non-root-user", "ops.changelog", "ops.monitoring",
            "ops.rollback-documented", "ops.runbook",
        ],
    ]

    @Test(arguments: ["mcp-server-time", "mcp-server-git"])
    func auditedWithoutFalseAlarms(_ name: String) async throws {
        let source = Self.sdists.appendingPathComponent(name)
        try #require(
            FileManager.default.fileExists(atPath: source.appendingPathComponent("pyproject.toml").path),
            "run scripts/test-env.sh first: it unpacks the \(name) sdist")
        // A copy outside any git repository, as a downloaded sdist is.
        let project = try TestProject(copying: source)
        let loaded = try await ProjectLoader().load(project.root.path)
        #expect(loaded.python != nil, "the analyzer must run: \(loaded.pythonUnavailable ?? "")")
        let results = StaticAuditor().run(loaded, config: PreflightConfig())
        let failing = Set(results.filter { $0.status == .fail || $0.status == .error }.map(\.id.rawValue))
        #expect(
            failing == Self.expectedFailures[name],
            "\(name): \(results.filter { failing.contains($0.id.rawValue) }.map { "\($0.id): \($0.message)" })")
        #expect(!results.contains { $0.status == .error })
    }
}
