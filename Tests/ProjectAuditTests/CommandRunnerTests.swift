import Foundation
import Processes
import TestSupport
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
        // Bounded: the daemon sleeps 601 s. Generous, since parallel tests share 2 cores.
        #expect(ContinuousClock.now - start < .seconds(120))
        #expect(result.timedOut)
        #expect(result.stdoutText.contains("parent done"))
        #expect(await TaggedProcesses.survivors(tag).isEmpty, "the escaped daemon survived")
    }
}
