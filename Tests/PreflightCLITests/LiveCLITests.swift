import Foundation
import TestSupport
import Testing

@Suite struct LiveCLITests {
    static let mini = CLI.repoRoot.appendingPathComponent("Tests/Fixtures/servers/mini_mcp.py").path
    static var python: String {
        let venv = CLI.repoRoot.appendingPathComponent(".test-env/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    @Test func liveAuditFillsTheReportAndTheTranscript() async throws {
        let dir = try CLI.scratch(["README.md": Data("# Mini\n\nResources: `notes://{id}`.\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let transcript = dir.appendingPathComponent("t.jsonl").path
        let result = try await CLI.run([
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

    @Test func serverCommandProblemsAreUsageErrors() async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try await CLI.run(["check", dir.path, "--server", "no-such-mcp-server-binary --flag"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("server command not found"))
        let both = try await CLI.run(["check", dir.path, "--server", "python3", "--", "python3"])
        #expect(both.exitCode == 2)
        let badEnv = try await CLI.run(["check", dir.path, "--server", "python3", "--env", "NOVALUE"])
        #expect(badEnv.exitCode == 2)
        #expect(badEnv.stderr.contains("NAME=VALUE"))
    }

    @Test func failingServerExitsOne() async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run([
            "check", dir.path, "--format", "json", "--server", "\(Self.python) \(Self.mini) --defect protocol.ping",
        ])
        #expect(result.exitCode == 1)
        let report = try CLI.json(result.stdout)
        #expect(CLI.check(report, "protocol.ping")?["status"] as? String == "fail")
    }

    /// `--server CMD --url URL` through the binary: the report names the HTTP target, the drain ran
    /// with a request in flight, and the bearer token appears in no output (report, transcript, stderr).
    @Test func httpServerStartedAuditedAndStoppedWithItsTokenNeverShown() async throws {
        let token = "pf-cli-token-\(UUID().uuidString.prefix(8))"
        let dir = try CLI.scratch(["preflight.toml": Data("[tools.examples.slow]\nms = 1500\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let transcript = dir.appendingPathComponent("t.jsonl").path
        let port = HTTPFixture.freePort()
        let url = "http://127.0.0.1:\(port)/mcp"
        var env = ProcessInfo.processInfo.environment
        env["PF_TEST_TOKEN"] = token
        let server = "\(Self.python) -u \(HTTPFixture.directory)/deviant.py --port \(port) --token \(token)"
        let result = try await CLI.run(
            [
                "check", "--config", dir.appendingPathComponent("preflight.toml").path, "--format", "json", "--transcript",
                transcript, "--server", server, "--url", url, "--bearer-env", "PF_TEST_TOKEN", "--timeout", "180",
            ], environment: env, timeout: 400)
        let report = try CLI.json(result.stdout)
        let target = try #require((report["target"] as? [String: Any])?["server"] as? [String: Any])
        #expect(target["transport"] as? String == "http" && target["url"] as? String == url)
        let drain = CLI.check(report, "http.graceful-drain")
        #expect(drain?["status"] as? String == "pass", "\(drain?["message"] ?? "")")
        #expect(CLI.check(report, "http.auth")?["status"] as? String == "pass")
        #expect(CLI.check(report, "modern.discover")?["status"] as? String == "pass")
        let protocolMetric = (report["metrics"] as? [String: Any])?["protocol"] as? [String: Any]
        #expect(protocolMetric?["era"] as? String == "modern")
        let written = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(written.contains("\"status\":200"))
        // The token is in the server's own argv (its --token): only Preflight's outputs are checked.
        for (name, text) in [("report", result.stdout), ("stderr", result.stderr), ("transcript", written)] {
            #expect(!text.contains(token), "the token appeared in the \(name)")
        }
    }

    @Test func httpUsageErrorsNeverRepeatACredential() async throws {
        let noURL = try await CLI.run(["check", "--header", "Authorization: Bearer s3cr3t-value"])
        #expect(noURL.exitCode == 2 && noURL.stderr.contains("--url"))
        let badHeader = try await CLI.run(["check", "--url", "http://127.0.0.1:9/mcp", "--header", "no colon s3cr3t-value"])
        #expect(badHeader.exitCode == 2 && !badHeader.stderr.contains("s3cr3t-value"), "\(badHeader.stderr)")
        let missing = try await CLI.run(["check", "--url", "http://127.0.0.1:9/mcp", "--bearer-env", "PF_NO_SUCH_VARIABLE_XYZ"])
        #expect(missing.exitCode == 2 && missing.stderr.contains("PF_NO_SUCH_VARIABLE_XYZ"))
        let badURL = try await CLI.run(["check", "--url", "ftp://127.0.0.1/mcp"])
        #expect(badURL.exitCode == 2 && badURL.stderr.contains("--url"))
        let dir = try CLI.scratch(["preflight.toml": Data("[http]\nexpected-rate-per-secnd = 5\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let typo = try await CLI.run(["check", dir.path])
        #expect(typo.exitCode == 2 && typo.stderr.contains("did you mean 'expected-rate-per-second'"), "\(typo.stderr)")
    }
}
