import Foundation
import TestSupport
import Testing

/// The hostile stdio servers of `Tests/Fixtures/servers/hostile.py` and the hostile HTTP servers of
/// `Tests/Fixtures/http/hostile.py` (through `--url`), each run through the real binary: Preflight
/// finishes within its deadline plus a grace, stays within a stated memory bound, names the
/// failure, and leaves no process behind. `scripts/test.sh` runs this suite on
/// its own, after the others, so floods do not compete with timing-sensitive tests.
@Suite(.serialized) struct HostileServerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var mode: String
        /// Checks that must fail (or warn): the report names what the server did.
        var named: [String]
        var timeout = 30

        var testDescription: String { mode }
    }

    static let cases: [Case] = [
        Case(mode: "garbage", named: ["stdio.stdout-clean"]),
        Case(mode: "huge-line", named: ["stdio.stdout-clean"]),
        Case(mode: "invalid-utf8", named: ["stdio.stdout-clean", "protocol.initialize"]),
        Case(mode: "deep-json", named: ["stdio.stdout-clean", "protocol.initialize"]),
        Case(mode: "silent", named: ["protocol.initialize"]),
        Case(mode: "wrong-ids", named: ["perf.concurrency"]),
        Case(mode: "notification-flood", named: ["protocol.notification-rate"]),
        // A crash is reported once, by lifecycle.crash; the checks after it are skipped, saying so.
        Case(mode: "close-stdout", named: ["lifecycle.crash"]),
        Case(mode: "exit-mid-call", named: ["lifecycle.crash"]),
        Case(mode: "grandchildren", named: ["lifecycle.stdin-close", "lifecycle.sigterm"]),
        // The lifecycle probes each wait out their grace period: they need the time to run at all.
        Case(mode: "ignore-sigterm", named: ["lifecycle.stdin-close", "lifecycle.sigterm", "lifecycle.sigint"], timeout: 75),
        Case(mode: "stderr-flood", named: ["logging.stderr-volume"]),
        Case(mode: "huge-tool-list", named: ["tools.count", "perf.context-window"]),
    ]

    /// Stated in docs/robustness.md: teardown of the instance in flight, plus report assembly in a debug build.
    static let grace: Double = 20
    /// Stated in docs/robustness.md; measured peaks are far below (see the table there).
    static let memoryLimit = 256 << 20

    @Test("hostile server", arguments: cases)
    func hostile(_ c: Case) async throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: project) }
        let tag = "hostile-\(UUID().uuidString.prefix(12))"
        let server = CLI.fixtures.appendingPathComponent("servers/hostile.py").path
        let start = Date()
        let result = try await CLI.run(
            [
                "check", project.path, "--format", "json", "--timeout", "\(c.timeout)",
                "--", LiveCLITests.python, server, "--mode", c.mode, "--tag", tag,
            ], timeout: Double(c.timeout) + 120)
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.exitCode == 1, "exit \(result.exitCode): \(result.stderr.suffix(500))")
        #expect(elapsed < Double(c.timeout) + Self.grace, "\(c.mode) took \(elapsed) s with --timeout \(c.timeout)")

        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "no JSON report")
        let checks = (report["checks"] as? [[String: Any]]) ?? []
        let status = Dictionary(checks.map { ($0["id"] as? String ?? "", $0["status"] as? String ?? "") }) { a, _ in a }
        for id in c.named {
            #expect(["fail", "warn"].contains(status[id]), "\(c.mode): \(id) is \(status[id] ?? "missing")")
        }
        let peak = (report["metrics"] as? [String: Any])?["preflightPeakRssBytes"] as? Int
        let measured = try #require(peak, "no preflightPeakRssBytes metric")
        #expect(measured < Self.memoryLimit, "\(c.mode): Preflight peaked at \(measured >> 20) MiB")

        let left = await TaggedProcesses.survivors(tag)
        for pid in left { kill(pid, SIGKILL) }
        #expect(left.isEmpty, "\(c.mode) left \(left.count) process(es) behind")
    }

    static let httpCases = [
        "trickle", "endless-sse", "redirect-other-host", "huge-headers", "wrong-content-type", "endless-body",
        "accept-no-answer", "slow-headers",
    ]

    /// Each answers the era probe in its own broken way: no era can be decided, and protocol.initialize
    /// says why, within the deadline (the probe and its one retry share the start-up budget).
    @Test("hostile HTTP server", arguments: httpCases)
    func hostileHTTP(_ hostileCase: String) async throws {
        let timeout = 30
        let (result, elapsed) = try await HTTPFixture.with("hostile.py", ["--case", hostileCase]) { server in
            let start = Date()
            let result = try await CLI.run(
                ["check", "--format", "json", "--timeout", "\(timeout)", "--url", server.url()], timeout: Double(timeout) + 120)
            return (result, Date().timeIntervalSince(start))
        }
        #expect(result.exitCode == 1, "exit \(result.exitCode): \(result.stderr.suffix(500))")
        #expect(elapsed < Double(timeout) + Self.grace, "\(hostileCase) took \(elapsed) s with --timeout \(timeout)")
        let report = try CLI.json(result.stdout)
        let initialize = try #require(CLI.check(report, "protocol.initialize"))
        #expect(initialize["status"] as? String == "fail", "\(hostileCase): \(initialize["message"] ?? "")")
        #expect((initialize["message"] as? String)?.contains("no session could start") == true)
        let peak = (report["metrics"] as? [String: Any])?["preflightPeakRssBytes"] as? Int
        let measured = try #require(peak, "no preflightPeakRssBytes metric")
        #expect(measured < Self.memoryLimit, "\(hostileCase): Preflight peaked at \(measured >> 20) MiB")
    }
}
