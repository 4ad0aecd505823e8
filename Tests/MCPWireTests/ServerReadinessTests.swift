import Foundation
import MCPWire
import Processes
import TestSupport
import Testing

/// `--server CMD --url URL`: waiting for a started server's URL, bounded, ended by its exit.
@Suite struct ServerReadinessTests {
    static func launch(_ argv: [String]) -> ChildLaunch { ChildLaunch(argv: argv, environment: HTTPFixture.environment) }

    static func run(_ argv: [String], url: String, budget: Duration) async throws -> ServerReadiness.Outcome {
        let silent = ChildOutput(stdout: { for await _ in $0 {} }, stderr: { for await _ in $0 {} })
        let (outcome, _) = try await ChildSession.run(
            launch(argv), label: "readiness", output: silent, shutdownGrace: .seconds(2)
        ) {
            process in
            let target = try? HTTPTarget(url)
            guard let target else { return ServerReadiness.Outcome.timedOut(after: .zero, attempts: 0, lastFailure: nil) }
            let outcome = await ServerReadiness.wait(for: target, process: process, budget: budget)
            process.signal(SIGTERM)
            return outcome
        }
        return outcome
    }

    @Test func waitsUntilTheServerAnswers() async throws {
        let port = HTTPFixture.freePort()
        let argv = [HTTPFixture.python, "-u", "\(HTTPFixture.directory)/sdk_server.py", "--port", "\(port)"]
        let outcome = try await Self.run(argv, url: "http://127.0.0.1:\(port)/mcp", budget: .seconds(90))
        guard case .ready(let status, _, let attempts) = outcome else { Issue.record("\(outcome)"); return }
        // Any status is an answer: a GET without a session is refused, and that is fine here.
        #expect(status >= 200 && attempts >= 1)
    }

    @Test func anExitingServerEndsTheWaitAtOnce() async throws {
        let port = HTTPFixture.freePort()
        let start = ContinuousClock.now
        let outcome = try await Self.run(
            [HTTPFixture.python, "-c", "import sys, time; time.sleep(0.3); sys.exit(3)"], url: "http://127.0.0.1:\(port)/mcp",
            budget: .seconds(120))
        guard case .exited(let exit, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(exit.exitCode == 3)
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func aServerThatNeverListensRunsOutOfBudget() async throws {
        let port = HTTPFixture.freePort()
        let outcome = try await Self.run(
            // Long enough for two attempts when a busy machine delays the first (one took 10 s on a loaded CI).
            [HTTPFixture.python, "-c", "import time; time.sleep(600)"], url: "http://127.0.0.1:\(port)/mcp", budget: .seconds(30))
        guard case .timedOut(_, let attempts, let last) = outcome else { Issue.record("\(outcome)"); return }
        #expect(attempts >= 2 && last != nil)
    }
}
