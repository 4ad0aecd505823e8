import Foundation
import PreflightCore
import PreflightKit
import Processes
import Testing

@testable import Load

/// Real loads against `load_server.py`: what the figures say, not how fast they are.
@Suite struct LoadRunTests {
    @Test func percentilesAgreeWithTheRawLatencies() async throws {
        var shape = LoadFixture.shape(.closed(concurrency: 4), .requests(600))
        shape.keepRawLatencies = 10_000
        let result = try await LoadFixture.run(["--delays", "0:5,1:3,5:1,20:1"], shape)
        let raw = result.tallies.flatMap(\.rawLatencies).sorted()
        #expect(raw.count == 600)
        let histogram = result.tallies[0].tools[0].latency
        #expect(histogram.count == 600)
        #expect(histogram.minNs == raw.first && histogram.maxNs == raw.last)
        for p in [1.0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100] {
            let exact = LoadFixture.exactPercentile(raw, p)
            let measured = histogram.percentileNs(p)
            // Within the histogram's precision: the same bucket (3 significant digits).
            #expect(histogram.equivalent(exact, measured), "p\(p): exact \(exact) ns, histogram \(measured) ns")
        }
        let sum = raw.reduce(0.0) { $0 + Double($1) }
        #expect(abs(histogram.meanNs - sum / 600) < 1)
    }

    @Test func knownDelaysGiveTheirPercentiles() async throws {
        // Nine calls in ten answered after 2 ms, one after 50 ms; one in flight, so no queueing.
        let shape = LoadFixture.shape(.closed(concurrency: 1), .requests(200))
        let result = try await LoadFixture.run(["--delays", "2:9,50:1"], shape)
        let report = LoadFixture.report(result, shape)
        let l = report.overall.latencyMs
        #expect(report.overall.calls == 200 && report.overall.ok == 200)
        #expect(l.p50 >= 2 && l.p50 < 45, "p50 \(l.p50)")
        #expect(l.min >= 2)
        #expect(l.p95 >= 50 && l.p95 < 1_000, "p95 \(l.p95)")
        #expect(l.p99 >= 50 && l.max >= 50)
        #expect(l.mean >= 6.8, "mean \(l.mean)")  // 0.9 × 2 + 0.1 × 50
    }

    /// A server that stalls for a second once: the closed loop sends nothing while it waits, so
    /// only one call sees the stall; the open loop keeps its schedule, so every call due during the
    /// stall waits, and the corrected p99 shows it.
    @Test func theOpenLoopReportsTheStallTheClosedLoopHides() async throws {
        let server = ["--stall-at", "50", "--stall-ms", "1000"]
        let closedShape = LoadFixture.shape(.closed(concurrency: 1), .requests(400))
        let closed = LoadFixture.report(try await LoadFixture.run(server, closedShape), closedShape)
        #expect(closed.overall.latencyMs.max >= 1_000)
        #expect(closed.overall.latencyMs.p99 < 500, "closed p99 \(closed.overall.latencyMs.p99)")

        let openShape = LoadFixture.shape(.open(ratePerSecond: 100, maxInFlight: nil), .duration(.seconds(3)))
        let open = LoadFixture.report(try await LoadFixture.run(server, openShape), openShape)
        #expect(open.overall.calls >= 250)
        #expect(open.overall.latencyMs.p99 >= 500, "open corrected p99 \(open.overall.latencyMs.p99)")
        #expect(open.overall.latencyMs.p90 >= 100, "open corrected p90 \(open.overall.latencyMs.p90)")
        #expect(open.overall.uncorrectedLatencyMs != nil)
        #expect(open.settings.mode == "open")
    }

    @Test func errorsAreBrokenDownByKind() async throws {
        let shape = LoadFixture.shape(.closed(concurrency: 3), .requests(300))
        let result = try await LoadFixture.run(["--error-every", "10", "--is-error-every", "7"], shape)
        let report = LoadFixture.report(result, shape)
        let e = report.overall.errors
        // Calls 10, 20, ... get -32603; 7, 14, ... (not also a multiple of 10) get isError.
        let rpc = 30
        let isError = (1...300).filter { $0 % 7 == 0 && $0 % 10 != 0 }.count
        #expect(e.jsonrpc.map(\.code) == [-32603])
        #expect(e.jsonrpc.first?.count == UInt64(rpc))
        #expect(e.jsonrpc.first?.message.hasPrefix("boom") == true)
        #expect(e.isError == UInt64(isError))
        #expect(e.timeout == 0 && e.disconnected == 0)
        #expect(report.overall.ok == UInt64(300 - rpc - isError))
        #expect(abs(report.overall.errorRate - Double(rpc + isError) / 300) < 1e-9)
        #expect(!report.passed)
        #expect(report.thresholds.first { $0.expression == "rate<0.001" }?.passed == false)
    }

    @Test func slowAnswersTimeOut() async throws {
        var shape = LoadFixture.shape(.closed(concurrency: 1), .requests(3))
        shape.timeout = .milliseconds(300)
        let report = LoadFixture.report(try await LoadFixture.run(["--stall-at", "2", "--stall-ms", "2000"], shape), shape)
        #expect(report.overall.errors.timeout >= 1)
        #expect(report.overall.calls == 3)
    }

    @Test func aServerThatExitsEndsTheLoadAndFailsIt() async throws {
        let shape = LoadFixture.shape(.closed(concurrency: 2), .duration(.seconds(30)))
        let report = LoadFixture.report(try await LoadFixture.run(["--exit-after", "100"], shape), shape)
        #expect(report.ended.count == 1)
        #expect(report.ended.first?.contains("exit code 3") == true, "\(report.ended)")
        #expect(report.ended.first?.contains("exiting on call 100") == true, "\(report.ended)")
        #expect(report.overall.errors.disconnected >= 1)
        #expect(!report.passed)
        #expect(report.durationSeconds < 25)
    }

    @Test func instancesRunTheirOwnServersAndLeaveNone() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("load-pids-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var shape = LoadFixture.shape(.closed(concurrency: 6), .requests(600))
        shape.instances = 3
        let result = try await LoadFixture.run(["--pid-dir", dir.path], shape)
        let report = LoadFixture.report(result, shape)
        let pids = try FileManager.default.contentsOfDirectory(atPath: dir.path).compactMap { Int32($0) }
        #expect(pids.count == 3)
        for pid in pids { #expect(ProcessInspector.hasExited(pid), "server \(pid) outlived the run") }
        #expect(report.overall.calls == 600)
        #expect(result.tallies.map { $0.tools[0].calls } == [200, 200, 200])
        #expect(report.resources.instances.map(\.instance) == [0, 1, 2])
        #expect(report.resources.instances.allSatisfy { $0.rssPeakBytes > 0 })
        #expect(Set(report.resources.samples.map(\.instance)) == [0, 1, 2])
        #expect(ChildRegistry.shared.live.allSatisfy { !pids.contains($0.pid) })
    }

    @Test func warmUpCallsAreMadeButNotMeasured() async throws {
        var shape = LoadFixture.shape(.closed(concurrency: 2), .requests(100))
        shape.warmup = .milliseconds(300)
        let result = try await LoadFixture.run([], shape)
        let report = LoadFixture.report(result, shape)
        #expect(report.overall.calls == 100)
        #expect(report.client.warmupCalls > 0)
    }

    @Test func reportsRoundTripAndMerge() async throws {
        let shape = LoadFixture.shape(.closed(concurrency: 2), .requests(300))
        let a = LoadFixture.report(try await LoadFixture.run(["--delays", "1:1,3:1"], shape), shape)
        let b = LoadFixture.report(try await LoadFixture.run(["--delays", "5:1"], shape), shape)
        let decoded = try LoadReport.decode(Data(a.json().utf8))
        #expect(decoded == a)
        let merged = try LoadReport.merge([a, b])
        #expect(merged.overall.calls == 600)
        #expect(merged.tools.map(\.name) == ["work"])
        #expect(merged.overall.latencyMs.min == min(a.overall.latencyMs.min, b.overall.latencyMs.min))
        #expect(merged.overall.latencyMs.max == max(a.overall.latencyMs.max, b.overall.latencyMs.max))
        let mean = (a.overall.latencyMs.mean + b.overall.latencyMs.mean) / 2
        #expect(abs(merged.overall.latencyMs.mean - mean) < 1e-6)
        #expect(abs(merged.overall.throughputPerSecond - a.overall.throughputPerSecond - b.overall.throughputPerSecond) < 1e-6)
        // The merged percentiles are those of both histograms together.
        var both = try HistogramCodecTestsSupport.histogram(a)
        both.merge(try HistogramCodecTestsSupport.histogram(b))
        #expect(merged.overall.latencyMs.p50 == Double(both.percentileNs(50)) / 1e6)
        #expect(merged.overall.latencyMs.p99 == Double(both.percentileNs(99)) / 1e6)
        #expect(merged.settings.instances == 2)
        #expect(merged.thresholds.map(\.expression) == a.thresholds.map(\.expression))
    }
}

enum HistogramCodecTestsSupport {
    static func histogram(_ report: LoadReport) throws -> LatencyHistogram { try HistogramCodec.decode(report.overall.histogram) }
}

/// A stalled machine can start a client after its window closed: no data is no pass.
@Suite struct UnmeasuredLoadTests {
    @Test func aClientThatMeasuredNothingEndedEarlyInsteadOfPassing() {
        var measured = InstanceTally(tools: 1)
        measured.tools[0].ok = 3
        var tallies = [measured, InstanceTally(tools: 1)]
        LoadRunner.markUnmeasured(&tallies)
        #expect(tallies[0].ended == nil)
        #expect(tallies[1].ended?.hasPrefix("no call was measured") == true)
    }
}
