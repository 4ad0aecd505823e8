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

    static func shutdown(exited: Bool, late: Bool, host: HostLoad?) -> CheckOutput {
        var s = LiveFacts.Shutdown(
            trigger: "stdin closed", handshakeOK: true, exited: exited, elapsedMs: late ? 3_100 : 2_000, exitCode: 0,
            signal: nil, leftovers: [], limitMs: 2_000)
        s.late = late
        s.host = host
        s.waitedMs = host?.saturated == true ? 4_000 : 2_000
        return ShutdownVerdict.output(s, what: "stdin-close", facts: LiveFacts(), cleanExitRequired: true)
    }

    @Test func aLateExitOnABusyMachineIsAWarningAndNoExitAFailure() {
        let late = Self.shutdown(exited: true, late: true, host: Self.busy)
        #expect(late.status == .warn, "\(late.message)")
        #expect(late.message.contains("3100 ms") && late.message.contains("load 14.2 on 2 cores"))
        // Waited twice the limit on the busy machine and it still ran: that is no machine's fault.
        let never = Self.shutdown(exited: false, late: false, host: Self.busy)
        #expect(never.status == .fail && never.message == "still running 4000 ms after stdin closed")
        #expect(Self.shutdown(exited: false, late: false, host: Self.idle).status == .fail)
    }
}
