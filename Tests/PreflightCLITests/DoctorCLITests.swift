import Foundation
import TestSupport
import Testing

/// `preflight doctor` as a user runs it: HOME from the environment, exit codes, JSON.
@Suite struct DoctorCLITests {
    static let python: String = {
        let venv = Fixtures.repoRoot.appendingPathComponent(".test-env/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }()

    func machine(_ config: String) throws -> (home: URL, env: [String: String]) {
        let home = try CLI.scratch([".cursor/mcp.json": Data(config.utf8)])
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["PREFLIGHT_DESKTOP_PATH"] = "/usr/bin:/bin"
        return (home, env)
    }

    @Test func jsonReportAndExitCodes() async throws {
        let mini = Fixtures.root.appendingPathComponent("servers/mini_mcp.py").path
        let (home, env) = try machine(
            """
            {"mcpServers": {"good": {"command": "\(Self.python)", "args": ["\(mini)"]},
                            "gone": {"command": "preflight-no-such-server-xyz"}}}
            """)
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await CLI.run(["doctor", "--format", "json", "--fix"], cwd: home, environment: env)
        #expect(result.exitCode == 1, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["passed"] as? Bool == false)
        let servers = try #require(json["servers"] as? [[String: Any]])
        let good = try #require(servers.first { $0["name"] as? String == "good" })
        #expect(good["verdict"] as? String == "ok")
        #expect(good["client"] as? String == "cursor")
        let tools = (good["connection"] as? [String: Any])?["tools"] as? [String]
        #expect(tools?.contains("echo") == true)
        let gone = try #require(servers.first { $0["name"] as? String == "gone" })
        #expect(gone["verdict"] as? String == "fail")
        let causes = (gone["diagnoses"] as? [[String: Any]])?.compactMap { $0["cause"] as? String } ?? []
        #expect(causes == ["command-not-found"])
        #expect((json["summary"] as? [String: Any])?["fail"] as? Int == 1)
    }

    @Test func healthyMachineExitsZero() async throws {
        let mini = Fixtures.root.appendingPathComponent("servers/mini_mcp.py").path
        let (home, env) = try machine("{\"mcpServers\": {\"good\": {\"command\": \"\(Self.python)\", \"args\": [\"\(mini)\"]}}}")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await CLI.run(["doctor"], cwd: home, environment: env)
        #expect(result.exitCode == 0, "\(result.stdout + result.stderr)")
        #expect(result.stdout.contains("OK   good"))
        #expect(result.stdout.contains("1 server in 1 file: 1 ok"))
    }

    @Test(arguments: [
        (["doctor", "--client", "notepad"], "unknown client"),
        (["doctor", "--client-config", "/nonexistent/preflight.json"], "cannot read"),
        (["doctor", "--timeout", "0"], "--timeout"),
    ])
    func usageErrors(_ args: [String], _ expected: String) async throws {
        let (home, env) = try machine("{}")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await CLI.run(args, cwd: home, environment: env)
        #expect(result.exitCode == 2, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
}
