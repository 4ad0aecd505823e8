import Foundation
import Testing

/// `--history`, `--no-history`, `--baseline`, `preflight history` and `--format html`, as a user runs them.
@Suite struct HistoryCLITests {
    /// A copy of the ready example project, in a temporary folder.
    static func example() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("history-cli-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.repoRoot.appendingPathComponent("Examples/weather-server"), to: dir)
        // What running the example left behind (its history, its venv) is not the project.
        for local in [".preflight", ".venv"] { try? FileManager.default.removeItem(at: dir.appendingPathComponent(local)) }
        return dir
    }

    /// The environment with history at its default place (the project folder).
    static var defaultHistory: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PREFLIGHT_HISTORY"] = ""
        return env
    }

    @Test func runsAreRecordedBesideTheProjectAndARegressionFailsTheRun() async throws {
        let dir = try Self.example()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = Self.defaultHistory
        let first = try await CLI.run(["check", dir.path, "--failure-threshold", "error"], environment: env)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let database = dir.appendingPathComponent(".preflight/history.sqlite")
        #expect(FileManager.default.fileExists(atPath: database.path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".preflight/.gitignore").path))

        // An info check that passed now fails: below the threshold, but a regression all the same.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("CHANGELOG.md"))
        let plain = try await CLI.run(["check", dir.path, "--failure-threshold", "error", "--format", "json"], environment: env)
        #expect(plain.exitCode == 0, "\(plain.stderr)")
        #expect(CLI.check(try CLI.json(plain.stdout), "checks.regression")?["status"] as? String == "skip")

        let judged = try await CLI.run(
            ["check", dir.path, "--failure-threshold", "error", "--baseline", "1", "--format", "json"], environment: env)
        #expect(judged.exitCode == 1, "\(judged.stderr)")
        let regression = try #require(CLI.check(try CLI.json(judged.stdout), "checks.regression"))
        #expect(regression["status"] as? String == "fail")
        #expect((regression["message"] as? String)?.contains("`ops.changelog` passed in run 1") == true)

        let listed = try await CLI.run(["history", "--history", database.path])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("3 runs"))
        #expect(listed.stdout.contains("ops.changelog"))
        let one = try await CLI.run(["history", "--history", database.path, "--check", "ops.changelog", "--format", "json"])
        let trends = try CLI.json(one.stdout)
        let series = try #require((trends["checks"] as? [[String: Any]])?.first)
        #expect(series["statuses"] as? [String] == ["pass", "fail", "fail"])
        #expect((trends["runs"] as? [[String: Any]])?.count == 3)
    }

    /// A live audit, then the same server answering every call 60 ms later, against it. 200 calls a
    /// tool: with 100 the p95's confidence interval reaches the slowest call, which one hiccup of a
    /// busy machine moves. 4 in flight, so that 200 slower calls fit the 5 s a tool's load may take
    /// on a busy machine too (one at a time, a loaded CI cut them to about 100).
    @Test func aSlowerServerIsALatencyRegression() async throws {
        let dir = try CLI.scratch([
            "README.md": Data("# x\n".utf8),
            "preflight.toml": Data("[thresholds]\nload-calls = 200\nlatency-concurrency = 4\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = dir.appendingPathComponent("h.sqlite").path
        let server = ["--", LiveCLITests.python, LiveCLITests.mini]
        let first = try await CLI.run(["check", dir.path, "--history", history, "--format", "json"] + server, timeout: 240)
        let before = try CLI.json(first.stdout)
        #expect(CLI.check(before, "perf.regression")?["status"] as? String == "skip")
        let second = try await CLI.run(
            ["check", dir.path, "--history", history, "--baseline", "last", "--format", "json"] + server
                + ["--tool-delay-ms", "60"], timeout: 240)
        #expect(second.exitCode == 1)
        let regression = try #require(CLI.check(try CLI.json(second.stdout), "perf.regression"))
        #expect(regression["status"] as? String == "fail", "\(regression)")
        let findings = (regression["findings"] as? [[String: Any]]) ?? []
        #expect(!findings.isEmpty)
        // 200 calls a tool: the p95 is compared, the p99 would need 500.
        #expect(findings.allSatisfy { ($0["message"] as? String)?.contains(": p95 ") == true }, "\(findings)")
    }

    @Test func noHistoryWritesNothing() async throws {
        let dir = try Self.example()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["check", dir.path, "--no-history"], environment: Self.defaultHistory)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".preflight").path))
        let off = try await CLI.run(
            ["check", dir.path], environment: ProcessInfo.processInfo.environment.merging(["PREFLIGHT_HISTORY": "off"]) { $1 })
        #expect(off.exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".preflight").path))
    }

    @Test func anUnwritableDefaultIsAWarningAndAnExplicitPathAnError() async throws {
        let dir = try Self.example()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A file where the folder would go.
        try Data().write(to: dir.appendingPathComponent(".preflight"))
        let warned = try await CLI.run(["check", dir.path], environment: Self.defaultHistory)
        #expect(warned.exitCode == 0)
        #expect(warned.stderr.contains("preflight: history not kept:"))
        let explicit = try await CLI.run(["check", dir.path, "--history", dir.appendingPathComponent(".preflight/h.sqlite").path])
        #expect(explicit.exitCode == 2)
        #expect(explicit.stderr.hasPrefix("preflight: history:"))
    }

    @Test(arguments: [
        (["--baseline", "nope"], "--baseline takes `last` or a run id"),
        (["--baseline", "0"], "--baseline takes"),
        (["--baseline", "7"], "no run 7 in"),
        (["--no-history", "--baseline", "last"], "drop --no-history"),
        (["--no-history", "--history", "/tmp/x.sqlite"], "not both"),
    ])
    func usageErrorsExitTwo(_ extra: [String], _ expected: String) async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["check", dir.path] + extra, environment: Self.defaultHistory)
        #expect(result.exitCode == 2, "\(extra): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(extra): \(result.stderr)")
    }

    @Test func historyOfNothingAndItsUsageErrors() async throws {
        let dir = try CLI.scratch([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("none.sqlite").path
        let empty = try await CLI.run(["history", "--history", path])
        #expect(empty.exitCode == 0)
        #expect(empty.stdout.contains("No runs recorded"))
        #expect(!FileManager.default.fileExists(atPath: path), "reading creates nothing")
        for args in [["--limit", "0"], ["--kind", "soak"], ["--check", "docker.non-root"]] {
            let r = try await CLI.run(["history", "--history", path] + args)
            #expect(r.exitCode == 2, "\(args): \(r.stderr)")
        }
        #expect(try await CLI.run(["history", "--history", path, "--check", "docker.non-root"]).stderr.contains("did you mean"))
    }

    @Test func htmlReportWithTrends() async throws {
        let dir = try Self.example()
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = dir.appendingPathComponent("h.sqlite").path
        _ = try await CLI.run(["check", dir.path, "--history", history])
        let out = dir.appendingPathComponent("report.html")
        let result = try await CLI.run(
            ["check", dir.path, "--history", history, "--format", "html", "--output", out.path, "--format", "text"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("✔ READY"))
        #expect(html.contains("<section id=\"trends\">"))
        #expect(html.contains("id=\"check-docker.non-root-user\""))
        #expect(result.stdout.contains("READY"))
    }
}
