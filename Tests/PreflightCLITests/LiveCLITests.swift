import Foundation
import Testing

@Suite struct LiveCLITests {
    static let mini = CLI.repoRoot.appendingPathComponent("Tests/Fixtures/servers/mini_mcp.py").path
    static var python: String {
        let venv = CLI.repoRoot.appendingPathComponent(".test-env/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    @Test func liveAuditFillsTheReportAndTheTranscript() throws {
        let dir = try CLI.scratch(["README.md": Data("# Mini\n\nResources: `notes://{id}`.\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let transcript = dir.appendingPathComponent("t.jsonl").path
        let result = try CLI.run([
            "check", dir.path, "--format", "json", "--transcript", transcript, "--", Self.python, Self.mini,
        ])
        let report = try CLI.json(result.stdout)
        let target = try #require(report["target"] as? [String: Any])
        let server = try #require(target["server"] as? [String: Any])
        #expect(server["transport"] as? String == "stdio")
        #expect((server["command"] as? [String])?.last == Self.mini)
        let metrics = try #require(report["metrics"] as? [String: Any])
        #expect(metrics["coldStartMs"] is Int)
        #expect((metrics["contextTokens"] as? [String: Any])?["total"] is Int)
        #expect(((metrics["latency"] as? [String: Any])?.count ?? 0) >= 4)
        for id in ["protocol.initialize", "stdio.stdout-clean", "lifecycle.sigterm", "tools.invalid-input"] {
            #expect(CLI.check(report, id)?["status"] as? String == "pass", "\(id): \(CLI.check(report, id)?["message"] ?? "")")
        }
        let lines = try String(contentsOfFile: transcript, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 100)
        #expect(
            lines.contains { $0.contains("\"direction\":\"client->server\"") }
                && lines.contains { $0.contains("\"direction\":\"server->client\"") })
    }

    @Test func serverCommandProblemsAreUsageErrors() throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CLI.run(["check", dir.path, "--server", "no-such-mcp-server-binary --flag"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("server command not found"))
        let both = try CLI.run(["check", dir.path, "--server", "python3", "--", "python3"])
        #expect(both.exitCode == 2)
        let badEnv = try CLI.run(["check", dir.path, "--server", "python3", "--env", "NOVALUE"])
        #expect(badEnv.exitCode == 2)
        #expect(badEnv.stderr.contains("NAME=VALUE"))
    }

    @Test func failingServerExitsOne() throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run([
            "check", dir.path, "--format", "json", "--server", "\(Self.python) \(Self.mini) --defect protocol.ping",
        ])
        #expect(result.exitCode == 1)
        let report = try CLI.json(result.stdout)
        #expect(CLI.check(report, "protocol.ping")?["status"] as? String == "fail")
    }
}
