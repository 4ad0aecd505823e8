import Foundation
import Testing

/// `--run-tools` as a user meets it: run checks are listed by `rules`, skipped without the flag,
/// and decided with it (offline, from the uv cache that scripts/test-env.sh fills).
@Suite struct RunToolsCLITests {
    static let runIDs = [
        "code.tests-pass", "code.lint-clean", "code.format-clean", "code.typecheck-clean", "code.dependency-vulnerabilities",
        "config.lockfile-in-sync", "docker.image-size",
    ]

    @Test func rulesListRunChecks() async throws {
        let report = try await CLI.run(["rules", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]])
        for id in Self.runIDs {
            #expect(items.contains { $0["id"] as? String == id && $0["kind"] as? String == "run" }, "\(id)")
        }
    }

    @Test func runChecksSkipWithoutTheFlag() async throws {
        let result = try await CLI.run([
            "check", CLI.fixtures.appendingPathComponent("projects/run-fail").path, "--format", "json",
        ])
        let report = try CLI.json(result.stdout)
        for id in Self.runIDs {
            let check = try #require(CLI.check(report, id), "\(id)")
            #expect(check["status"] as? String == "skip")
            #expect((check["message"] as? String ?? "").hasPrefix("pass --run-tools"))
        }
    }

    @Test func runToolsDecidesOffline() async throws {
        let env = CLI.repoRoot.appendingPathComponent(".test-env")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-cli-run-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.fixtures.appendingPathComponent("projects/run-fail"), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = env.appendingPathComponent("bin").path + ":/usr/bin:/bin"
        environment["UV_CACHE_DIR"] = env.appendingPathComponent("uv-cache").path
        environment["UV_OFFLINE"] = "1"
        environment["UV_PYTHON_DOWNLOADS"] = "never"
        environment["VIRTUAL_ENV"] = nil
        let result = try await CLI.run(
            ["check", scratch.path, "--run-tools", "--format", "json"], environment: environment, timeout: 300)
        #expect(result.exitCode == 1)
        let report = try CLI.json(result.stdout)
        for id in ["code.tests-pass", "code.lint-clean", "code.format-clean", "code.typecheck-clean", "config.lockfile-in-sync"] {
            #expect(CLI.check(report, id)?["status"] as? String == "fail", "\(id): \(CLI.check(report, id)?["message"] ?? "")")
        }
        let evidence = CLI.check(report, "code.tests-pass")?["evidence"] as? [String: Any]
        #expect((evidence?["output"] as? String ?? "").contains("1 failed"))
    }
}
