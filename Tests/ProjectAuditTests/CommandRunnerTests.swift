import Foundation
import Testing

@testable import ProjectAudit

/// The project's own commands (git, python, `--run-tools`) must end, whatever they leave running.
@Suite struct CommandRunnerTests {
    /// A daemon that left the command's session (double fork, `setsid`) and holds its stdout.
    static func escapingDaemon(tag: String) -> String {
        """
        import os, sys, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(601)  # \(tag), not 600: other suites look for their own sleepers
            os._exit(0)
        os.wait()
        print("parent done", flush=True)
        time.sleep(601)
        """
    }

    @Test func escapedDaemonHoldingThePipesEndsAtTheTimeout() async throws {
        let tag = "escaped-\(UUID().uuidString.prefix(8))"
        let start = ContinuousClock.now
        let result = try await CommandRunner.run(
            "/usr/bin/python3", ["-c", Self.escapingDaemon(tag: tag)], timeout: .seconds(2))
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(result.timedOut)
        #expect(result.stdoutText.contains("parent done"))
        #expect(await Self.gone(tagged: tag), "the escaped daemon survived")
    }

    /// SIGKILL is delivered at once, but a busy machine may show the dying process a moment longer.
    static func gone(tagged tag: String) async -> Bool {
        let end = ContinuousClock.now + .seconds(10)
        while !alive(tagged: tag).isEmpty && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        return alive(tagged: tag).isEmpty
    }

    static func alive(tagged tag: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first
            return String(decoding: cmdline, as: UTF8.self).contains(tag) && state != "Z"
        }
    }
}
