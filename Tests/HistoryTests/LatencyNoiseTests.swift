import History
import Load
import PreflightCore
import Testing

/// A p95 that moved within its confidence interval is sampling noise, not a regression.
@Suite struct LatencyNoiseTests {
    static func histogram(_ milliseconds: [Double]) -> LatencyHistogram {
        var h = LatencyHistogram()
        for ms in milliseconds { h.record(UInt64(ms * 1_000_000)) }
        return h
    }

    @Test func intervalsFollowTheOrderStatistics() throws {
        let thousand = Self.histogram((1...1000).map(Double.init))
        let p95 = try #require(thousand.confidenceIntervalMs(95))
        #expect(p95.contains(950))
        #expect(p95.lowerBound >= 930 && p95.upperBound <= 970, "\(p95)")
        // With 100 calls the p95's interval reaches the slowest call: 5 calls beyond it tell little.
        let hundred = Self.histogram((1...100).map(Double.init))
        let wide = try #require(hundred.confidenceIntervalMs(95))
        #expect(wide.upperBound == 100 && wide.lowerBound <= 91, "\(wide)")
        #expect(Self.histogram([1, 2, 3]).confidenceIntervalMs(95) == nil)
    }

    @Test func aShiftInsideTheNoiseIsNotARegression() throws {
        // The same calls twice, but the second run's six slowest met a busy machine: +29% at the p95.
        let body = (0..<94).map { 2 + Double($0) * 0.1 }
        let base = Self.histogram(body + Array(repeating: 14, count: 6))
        let now = Self.histogram(body + Array(repeating: 18, count: 6))
        func digest(_ id: Int64?, _ h: LatencyHistogram) -> RunDigest {
            let s = h.summary
            return RunDigest(
                runID: id,
                latency: [
                    "a": ToolLatency(
                        p95Ms: s.p95, p99Ms: s.p99, calls: Int(h.count), load: "1 in flight",
                        p95Range: h.confidenceIntervalMs(95), p99Range: h.confidenceIntervalMs(99))
                ])
        }
        let noisy = Regressions.latency(current: digest(nil, now), baseline: digest(1, base), thresholds: Thresholds())
        #expect(now.summary.p95 > base.summary.p95 * 1.2)
        #expect(noisy.compared == ["a"] && noisy.regressions.isEmpty)

        let slower = Self.histogram((0..<100).map { 40 + Double($0 % 20) * 0.7 })
        let real = Regressions.latency(current: digest(nil, slower), baseline: digest(1, base), thresholds: Thresholds())
        #expect(real.regressions.map(\.metric) == ["p95"])
    }
}
