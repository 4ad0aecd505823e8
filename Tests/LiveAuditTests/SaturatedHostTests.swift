import PreflightCore
import Processes
import Testing

@testable import LiveAudit

/// Wall-time limits on a machine with more runnable work than cores: a server whose own CPU time
/// fits the limit is a warning there (it waited for a core), a fail on an idle machine.
@Suite struct SaturatedHostTests {
    static let busy = HostLoad(loadAverage: 14.2, cores: 2)
    static let idle = HostLoad(loadAverage: 0.4, cores: 2)

    static func coldStart(ms: Int, cpuMs: Int, host: HostLoad) -> CheckResult? {
        var f = LiveFacts()
        var handshake = LiveFacts.Handshake(
            requestedVersion: "2025-11-25", outcome: .result(.object([]), elapsed: .milliseconds(5)))
        handshake.protocolVersion = "2025-11-25"
        f.handshake = handshake
        f.stepsRun = ["listing"]
        f.tools.outcome = .result(.object([("tools", .array([]))]), elapsed: .milliseconds(5))
        f.coldStartMs = ms
        f.coldStartCpuMs = cpuMs
        f.coldStartHost = host
        return LiveProbeTests.results(f)["perf.cold-start"]
    }

    @Test func aSlowStartOnABusyMachineIsAWarning() throws {
        let busy = try #require(Self.coldStart(ms: 8_900, cpuMs: 1_400, host: Self.busy))
        #expect(busy.status == .warn, "\(busy.message)")
        #expect(busy.message.contains("saturated") && busy.message.contains("1400 ms of CPU"))
        #expect(try #require(Self.coldStart(ms: 8_900, cpuMs: 1_400, host: Self.idle)).status == .fail)
        // Its own CPU time is over the limit: slow on any machine.
        #expect(try #require(Self.coldStart(ms: 8_900, cpuMs: 6_000, host: Self.busy)).status == .fail)
        #expect(try #require(Self.coldStart(ms: 900, cpuMs: 600, host: Self.busy)).status == .pass)
    }
}
