import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import Testing

@testable import ProjectAudit

/// Verdicts that real servers proved wrong once, each pinned by a fixture that behaves the same way.
@Suite struct LiveVerdictTests {
    static func results(_ facts: LiveFacts) -> [String: CheckResult] {
        LiveProbeTests.results(facts)
    }

    @Test func aCrashIsReportedOnceAndTheStepsAfterItSaySo() async throws {
        let facts = await LiveProbe.run(FixtureServer.options(FixtureServer.mini(["--defect", "lifecycle.crash"])))
        let crash = try #require(facts.crash)
        #expect(crash.step == "tool calls")
        #expect(crash.exit?.exitCode == 1)
        #expect(crash.stderrTail.contains { $0.contains("RuntimeError: simulated crash") })
        let r = Self.results(facts)
        let crashed = try #require(r["lifecycle.crash"])
        #expect(crashed.status == .fail)
        #expect(crashed.message.contains("tool calls") && crashed.message.contains("exit code 1"))
        // Checks whose facts came after the crash skip with the reason; none reports the death as its own.
        for id in ["perf.latency", "perf.success-rate", "perf.concurrency", "perf.memory-growth", "tools.invalid-input"] {
            let result = try #require(r[id])
            #expect(result.status == .skip, "\(id): \(result.status) \(result.message)")
            #expect(result.message.contains("exited during tool calls") || result.message.contains("lifecycle.crash"), "\(id)")
        }
        // What ran before it is still judged (ping's only possible warning is its time, which a busy CI
        // machine stretches past 1 s).
        let ping = try #require(r["protocol.ping"])
        #expect(ping.status == .pass || (ping.status == .warn && ping.message.hasPrefix("ping took")), "\(ping.message)")
        #expect(r["protocol.pagination"]?.status == .pass)
    }

    @Test func aRateLimiterTimesOutButMixesNothingUp() async throws {
        var options = FixtureServer.options(FixtureServer.mini(["--rate-limit", "2"]))
        options.requestTimeout = .seconds(3)
        let facts = await LiveProbe.run(options)
        let c = try #require(facts.concurrency)
        #expect(c.mismatched.isEmpty, "\(c.mismatched)")
        #expect(c.strayResponses == 0)
        let r = try #require(Self.results(facts)["perf.concurrency"])
        #expect(r.status != .fail, "\(r.message)")
    }

    @Test func toolsThatAlwaysErrorAreNotASuccessNorAFailure() async throws {
        let facts = await LiveProbe.run(FixtureServer.options(FixtureServer.mini(["--always-error"])))
        let r = Self.results(facts)
        let success = try #require(r["perf.success-rate"])
        #expect(success.status == .skip, "\(success.message)")
        #expect(success.message.contains("[tools.examples."))
        #expect(r["perf.latency"]?.status == .skip)
        // Nothing was validated, so nothing passes for it.
        #expect(r["tools.output-schema"]?.status == .skip)
    }

    @Test func laxValidationStillRejectsWhatItCannotCoerce() async throws {
        let facts = await LiveProbe.run(FixtureServer.options(FixtureServer.mini(["--lax-validation"])))
        let r = try #require(Self.results(facts)["tools.invalid-input"])
        #expect(r.status == .pass, "\(r.message)")
        // Booleans were probed with a value no lax validator accepts.
        #expect(!facts.invalidCalls.contains { $0.violation.contains("\"yes\"") })
    }

    @Test func wrappedLogRecordsCountOnce() async throws {
        let facts = await LiveProbe.run(FixtureServer.options(FixtureServer.mini(["--rich-logs"])))
        let r = try #require(Self.results(facts)["logging.structured"])
        #expect(r.status == .pass, "\(r.message)")
    }

    @Test func failedHandshakeSpendsNoTimeOnFreshInstances() async throws {
        var options = FixtureServer.options(FixtureServer.mini(["--defect", "protocol.initialize"]))
        options.timeout = .seconds(60)
        let facts = await LiveProbe.run(options)
        if !facts.handshakeOK {
            #expect(facts.negotiation.isEmpty)
            #expect(facts.sigterm == nil && facts.restart == nil)
        }
        let script = "import sys\nprint('ModuleNotFoundError: No module named \\'weather\\'', file=sys.stderr)\nsys.exit(1)\n"
        let start = ContinuousClock.now
        let dead = await LiveProbe.run(FixtureServer.options([FixtureServer.python, "-c", script]))
        #expect(ContinuousClock.now - start < .seconds(60))
        let initialize = try #require(Self.results(dead)["protocol.initialize"])
        #expect(initialize.status == .fail)
        #expect(initialize.message.contains("No module named"), "\(initialize.message)")
    }
}
