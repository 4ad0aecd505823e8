import Histogram

/// Latency percentiles from an HdrHistogram (microsecond resolution, 3 significant digits).
public struct LatencyRecorder: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    public private(set) var count = 0

    public init() {}

    public mutating func record(milliseconds: Double) {
        let micros = UInt64(max(1, (milliseconds * 1000).rounded()))
        _ = histogram.record(min(micros, 3_600_000_000))
        count += 1
    }

    /// The latency at `percentile` (0–100), in milliseconds.
    public func percentile(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        return Double(histogram.valueAtPercentile(p)) / 1000
    }

    public var maxMs: Double { count > 0 ? Double(histogram.max) / 1000 : 0 }
}

/// Runs `total` operations with at most `concurrency` in flight, stopping early at `budget`.
public enum LoadGenerator {
    public struct Sample: Sendable {
        public var milliseconds: Double
        public var ok: Bool
        public var kind: String

        public init(milliseconds: Double, ok: Bool, kind: String) {
            self.milliseconds = milliseconds
            self.ok = ok
            self.kind = kind
        }
    }

    public static func run(
        total: Int, concurrency: Int, budget: Duration, _ operation: @escaping @Sendable (Int) async -> Sample
    ) async -> [Sample] {
        let end = ContinuousClock.now + budget
        return await withTaskGroup(of: Sample.self) { group in
            var issued = 0
            var samples: [Sample] = []
            while issued < min(concurrency, total) {
                let i = issued
                group.addTask { await operation(i) }
                issued += 1
            }
            while let sample = await group.next() {
                samples.append(sample)
                if issued < total && ContinuousClock.now < end {
                    let i = issued
                    group.addTask { await operation(i) }
                    issued += 1
                }
            }
            return samples
        }
    }
}

/// Least-squares line through (x, y): slope and coefficient of determination.
public enum Regression {
    public static func fit(_ points: [(x: Double, y: Double)]) -> (slope: Double, r2: Double) {
        let n = Double(points.count)
        guard points.count >= 3 else { return (0, 0) }
        let mx = points.map(\.x).reduce(0, +) / n
        let my = points.map(\.y).reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for p in points {
            sxy += (p.x - mx) * (p.y - my)
            sxx += (p.x - mx) * (p.x - mx)
            syy += (p.y - my) * (p.y - my)
        }
        guard sxx > 0 else { return (0, 0) }
        let slope = sxy / sxx
        let r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 0
        return (slope, r2)
    }
}
