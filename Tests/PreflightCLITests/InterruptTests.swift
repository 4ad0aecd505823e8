import Foundation
import TestSupport
import Testing

/// Ctrl-C in any phase ends Preflight and every process of the run with it.
@Suite struct InterruptTests {
    /// Starts the binary, waits until `busy` sees the phase under way, sends SIGINT, and returns the
    /// exit status and the run's processes still alive afterwards (found by their working folder).
    static func interrupt(
        _ arguments: [String], folder: URL, environment: [String: String]? = nil, busy: @escaping @Sendable () -> [Int32]
    ) async throws -> (status: Int32, survivors: [Int32], started: Bool, stderr: String) {
        let log = folder.appendingPathComponent("preflight-stderr.txt").path
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { close(fd) }
        let pid = try Spawn.start([CLI.binary] + arguments, cwd: folder.path, environment: environment, stderr: fd)
        // Watched from a thread of its own: other suites' blocking waits can hold every cooperative
        // thread for longer than the phase lasts.
        let started = TaggedProcesses.whenSeen(within: 120, busy) { kill(pid, SIGINT) }
        if !started { kill(pid, SIGINT) }
        let status = Spawn.wait(pid, timeout: 30).status
        let survivors = await TaggedProcesses.survivors(workingIn: folder.path)
        let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let report = (try? String(contentsOfFile: folder.appendingPathComponent("report.txt").path, encoding: .utf8)) ?? ""
        return (status, survivors, started, String((stderr + report).suffix(4000)))
    }

    @Test func duringRunTools() async throws {
        let env = CLI.repoRoot.appendingPathComponent(".test-env")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-int-run-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.fixtures.appendingPathComponent("projects/run-pass"), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let marker = "interrupt-\(UUID().uuidString.prefix(8))"
        // A test that starts a child of its own and waits: pytest, its child and uv are all of the run.
        try Data(
            """
            import subprocess, sys

            def test_waits() -> None:
                subprocess.run([sys.executable, "-c", "import time; time.sleep(613)  # \(marker)"])
            """.utf8
        ).write(to: scratch.appendingPathComponent("tests/test_add.py"))
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = env.appendingPathComponent("bin").path + ":/usr/bin:/bin"
        environment["UV_CACHE_DIR"] = env.appendingPathComponent("uv-cache").path
        environment["UV_OFFLINE"] = "1"
        environment["UV_PYTHON_DOWNLOADS"] = "never"
        environment["VIRTUAL_ENV"] = nil
        let outcome = try await Self.interrupt(
            ["check", scratch.path, "--run-tools", "--format", "json"], folder: scratch, environment: environment
        ) { TaggedProcesses.alive(marker) }
        #expect(outcome.started, "the project's test never started: \(outcome.stderr)")
        #expect(outcome.status == 130)
        #expect(outcome.survivors.isEmpty, "left running: \(outcome.survivors)")
        #expect(TaggedProcesses.alive(marker).isEmpty)
    }

    @Test func duringLiveAudit() async throws {
        let marker = "interrupt-live-\(UUID().uuidString.prefix(8))"
        let scratch = try CLI.scratch([
            // A server that starts a helper of its own, then serves.
            "server.py": Data(
                """
                import runpy, subprocess, sys
                subprocess.Popen([sys.executable, "-c", "import time; time.sleep(613)  # \(marker)"])
                sys.argv = sys.argv[1:]
                runpy.run_path(sys.argv[0], run_name="__main__")
                """.utf8)
        ])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let mini = CLI.repoRoot.appendingPathComponent("Tests/Fixtures/servers/mini_mcp.py").path
        let outcome = try await Self.interrupt(
            ["check", scratch.path, "--output", "report.txt", "--", LiveCLITests.python, "server.py", mini],
            folder: scratch
        ) { TaggedProcesses.alive(marker) }
        #expect(outcome.started, "the server never started: \(outcome.stderr)")
        #expect(outcome.status == 130)
        #expect(outcome.survivors.isEmpty, "left running: \(outcome.survivors)")
        #expect(TaggedProcesses.alive(marker).isEmpty)
    }
}
