import Foundation
import LiveAudit
import PreflightCore
import TestSupport
import Testing

/// Real servers from PyPI, run live. Every `fail` here was reproduced by hand and is written up in
/// docs/worked-example.md; anything else failing is a false alarm to fix.
@Suite struct ThirdPartyLiveTests {
    static let expected: [String: Set<String>] = [
        // error-masking: both return pydantic's raw validation dump (with its version link) for bad arguments.
        "mcp-server-time": ["lifecycle.sigint", "tools.error-masking"],
        "mcp-server-git": ["docs.tool-descriptions", "lifecycle.sigint", "tools.error-masking"],
    ]

    @Test(arguments: ["mcp-server-time", "mcp-server-git"])
    func noFalseFailures(_ name: String) async throws {
        let binary = FixtureServer.venvBin + "/" + name
        try #require(FileManager.default.isExecutableFile(atPath: binary), "run scripts/test-env.sh first")
        var argv = [binary]
        // A small repository of its own, so that timings measure the server, not this checkout's size.
        let repo = try TestProject(["README.md": "# demo\n", "src/app.py": "print('hi')\n"])
        try Git.initialise(repo.root.path, adding: ["README.md", "src/app.py"])
        try Git.run(["commit", "-q", "-m", "first"], in: repo.root.path)
        if name == "mcp-server-git" { argv += ["--repository", repo.root.path] }
        var options = FixtureServer.options(argv)
        options.graceMs = 10_000
        // This server exits about 200 ms after EOF on an idle machine; CI's parallel suites stretched that past 2 s.
        options.stdinCloseLimitMs = 5_000
        // An upper bound: on a busy machine every step is slower, and the last probes (SIGINT) must still fit.
        options.timeout = .seconds(240)
        let facts = await LiveProbe.run(options)
        // Latency is a measurement of this machine too; a busy CI box must not turn it into a false alarm.
        var config = PreflightConfig()
        config.thresholds.p95Ms = 2_000
        config.thresholds.p99Ms = 5_000
        config.thresholds.coldStartMs = 60_000
        let results = LiveAuditor().run(facts, context: LiveContext(config: config, project: nil))
        let failing = Set(results.filter { $0.status == .fail || $0.status == .error }.map(\.id.rawValue))
        #expect(
            failing == Self.expected[name],
            "\(results.filter { failing.contains($0.id.rawValue) }.map { "\($0.id): \($0.message)" })")
        // Only read-only tools were called.
        let writers = facts.toolCalls.map(\.tool).filter {
            ["git_commit", "git_add", "git_reset", "git_create_branch", "git_checkout"].contains($0)
        }
        #expect(writers.isEmpty, "\(writers)")
    }
}
