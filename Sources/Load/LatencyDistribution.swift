import Foundation

/// A latency histogram made ready to draw: the percentile curve (latency at each percentile, the
/// tail spread out as HdrHistogram's plots do) and counts in log-spaced bins. Computed here, so
/// that reports only draw it.
public struct LatencyDistribution: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// 0–100.
        public var percentile: Double
        public var ms: Double
    }

    public struct Bin: Sendable, Equatable {
        public var lowMs: Double
        public var highMs: Double
        public var count: UInt64
    }

    public var calls: UInt64
    /// Ascending in percentile; the last point is the maximum at 100.
    public var percentiles: [Point]
    /// Ascending, adjacent, covering minimum to maximum.
    public var bins: [Bin]

    public init(_ h: LatencyHistogram, binCount: Int = 30) {
        calls = h.count
        guard h.count > 0 else {
            percentiles = []
            bins = []
            return
        }
        // Evenly spaced in log10(1 / (1 - q)): 0, 90, 99, 99.9, … as far as the calls resolve.
        let depth = max(1, log10(Double(h.count)))
        let steps = 48
        var points: [Point] = []
        for i in 0...steps {
            let x = depth * Double(i) / Double(steps)
            let q = (1 - pow(10, -x)) * 100
            points.append(Point(percentile: q, ms: Double(h.percentileNs(q)) / 1e6))
        }
        points.append(Point(percentile: 100, ms: Double(h.maxNs) / 1e6))
        percentiles = points
        let low = max(1, Double(h.minNs))
        let high = max(low * 1.000_001, Double(h.maxNs))
        let n = max(1, binCount)
        let ratio = pow(high / low, 1 / Double(n))
        var counts = Array(repeating: UInt64(0), count: n)
        for (value, count) in h.buckets {
            let v = min(max(Double(value), low), high)
            let i = min(n - 1, max(0, Int(log(v / low) / log(ratio))))
            counts[i] += count
        }
        bins = (0..<n).map { i in
            Bin(lowMs: low * pow(ratio, Double(i)) / 1e6, highMs: low * pow(ratio, Double(i + 1)) / 1e6, count: counts[i])
        }
    }

    /// From a report's `histogram` field (HdrHistogram V2, base64); nil when it cannot be read.
    public init?(encoded: String) {
        guard let h = try? HistogramCodec.decode(encoded), h.count > 0 else { return nil }
        self.init(h)
    }
}
