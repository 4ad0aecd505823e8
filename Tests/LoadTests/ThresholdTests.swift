import Testing

@testable import Load

@Suite struct ThresholdTests {
    @Test func parsesK6Syntax() throws {
        let cases: [(String, LoadThreshold.Metric, LoadThreshold.Comparison, Double)] = [
            ("p(95)<100", .percentile(95), .lt, 100), ("p(99.9) <= 500", .percentile(99.9), .le, 500),
            ("avg<50", .avg, .lt, 50), ("med>=1", .med, .ge, 1), ("min>0", .min, .gt, 0), ("max!=3", .max, .ne, 3),
            ("rate<0.001", .errorRate, .lt, 0.001), ("throughput>1000", .throughput, .gt, 1000),
            ("p(100)==7", .percentile(100), .eq, 7),
        ]
        for (text, metric, comparison, limit) in cases {
            let t = try LoadThreshold.parse(text)
            #expect(t.metric == metric && t.comparison == comparison && t.limit == limit, "\(text)")
        }
        #expect(try LoadThreshold.parse(" p(95) < 100 ").expression == "p(95)<100")
    }

    @Test func rejectsWhatIsNotAThreshold() {
        for text in ["", "p95<100", "p(0)<1", "p(101)<1", "p(x)<1", "avg", "avg<", "avg<abc", "latency<5", "avg=5", "p(95)<inf"] {
            #expect(throws: LoadFailure.self, "\(text)") { try LoadThreshold.parse(text) }
        }
        #expect(
            throws: LoadFailure(
                "threshold 'thruput>5': unknown metric 'thruput' (did you mean 'throughput'?); use p(N) (0 < N ≤ 100), avg, med, min, max (ms), rate (error rate) or throughput (calls/s)"
            )
        ) {
            try LoadThreshold.parse("thruput>5")
        }
    }

    @Test func evaluatesAgainstTheFigures() throws {
        var h = LatencyHistogram()
        for ms in 1...100 { h.record(UInt64(ms) * 1_000_000) }
        var tally = CallTally()
        tally.latency = h
        tally.ok = 99
        tally.timeouts = 1
        let stats = LoadReport.stats(tally, name: nil, throughput: 2_000, open: false)
        func check(_ text: String) throws -> ThresholdResult { try LoadThreshold.parse(text).evaluate(stats, histogram: h) }
        #expect(try check("p(95)<100").passed)
        #expect(try abs(check("p(95)<100").observed - 95) < 0.1)  // to the histogram's precision
        #expect(try !check("p(99)<99").passed)
        #expect(try check("avg<=50.5").passed)
        #expect(try check("max==100").passed)
        #expect(try check("rate<0.02").passed)
        #expect(try !check("rate<0.01").passed)
        #expect(try check("throughput>1000").passed)
        #expect(try check("rate<0.01").unit == "ratio")
    }

    @Test func defaultsAreTheChecklists() {
        #expect(LoadThreshold.defaults().map(\.expression) == ["p(95)<100", "p(99)<500", "rate<0.001"])
        #expect(
            LoadThreshold.defaults(p95Ms: 80, p99Ms: 250.5, errorRatePercent: 1).map(\.expression) == [
                "p(95)<80", "p(99)<250.5", "rate<0.01",
            ])
    }
}
