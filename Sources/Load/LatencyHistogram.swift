import Histogram

/// Latencies in nanoseconds: an HdrHistogram (3 significant digits, up to an hour) for the
/// percentiles, with the exact count, minimum, maximum and sum beside it (the histogram knows the
/// extremes only to its precision). Every instance has the same layout, so any two merge.
public struct LatencyHistogram: Sendable, Equatable {
    /// One hour: a call that takes longer is recorded as one hour.
    public static let highestTrackableNanoseconds: UInt64 = 3_600_000_000_000
    public static let significantDigits = 3

    public private(set) var histogram = Self.empty
    public private(set) var count: UInt64 = 0
    public private(set) var minNs: UInt64 = 0
    public private(set) var maxNs: UInt64 = 0
    public private(set) var sumNs: Double = 0

    static var empty: Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableNanoseconds, numberOfSignificantValueDigits: .three)
    }

    public init() {}

    @inline(__always)
    public mutating func record(_ nanoseconds: UInt64) {
        let v = min(nanoseconds, Self.highestTrackableNanoseconds)
        histogram.record(v)
        minNs = count == 0 ? v : min(minNs, v)
        maxNs = max(maxNs, v)
        sumNs += Double(v)
        count += 1
    }

    /// Adds `value` `times` times (for decoded buckets).
    mutating func record(_ value: UInt64, times: UInt64) {
        guard times > 0 else { return }
        let v = min(value, Self.highestTrackableNanoseconds)
        histogram.record(v, count: times)
        minNs = count == 0 ? v : min(minNs, v)
        maxNs = max(maxNs, v)
        sumNs += Double(v) * Double(times)
        count += times
    }

    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        histogram.add(other.histogram)
        minNs = count == 0 ? other.minNs : min(minNs, other.minNs)
        maxNs = max(maxNs, other.maxNs)
        sumNs += other.sumNs
        count += other.count
    }

    /// The value at `percentile` (0–100), in nanoseconds: the smallest recorded value that at least
    /// that share of values do not exceed, to the histogram's precision (never above the maximum).
    public func percentileNs(_ percentile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        if percentile >= 100 { return maxNs }
        return min(max(histogram.valueAtPercentile(percentile), minNs), maxNs)
    }

    /// Whether two values fall in the same bucket of the histogram (are equal to its precision).
    public func equivalent(_ a: UInt64, _ b: UInt64) -> Bool { histogram.valuesAreEquivalent(a, b) }

    public var meanNs: Double { count > 0 ? sumNs / Double(count) : 0 }

    public var summary: LatencySummary {
        func ms(_ ns: UInt64) -> Double { Double(ns) / 1_000_000 }
        return LatencySummary(
            min: ms(minNs), mean: meanNs / 1_000_000, p50: ms(percentileNs(50)), p90: ms(percentileNs(90)),
            p95: ms(percentileNs(95)), p99: ms(percentileNs(99)), p999: ms(percentileNs(99.9)), max: ms(maxNs))
    }

    /// The recorded buckets, lowest first: a value of each bucket and how many values it holds.
    var buckets: [(value: UInt64, count: UInt64)] {
        guard count > 0 else { return [] }
        return histogram.recordedValues().map { ($0.value, $0.count) }
    }

    /// With the exact extremes and sum from elsewhere (a report's fields), after decoding.
    mutating func restoreExact(minNs: UInt64, maxNs: UInt64, sumNs: Double) {
        guard count > 0 else { return }
        self.minNs = minNs
        self.maxNs = maxNs
        self.sumNs = sumNs
    }
}

/// Latency figures in milliseconds, as reports show them.
public struct LatencySummary: Sendable, Codable, Equatable {
    public var min: Double
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    public init(min: Double, mean: Double, p50: Double, p90: Double, p95: Double, p99: Double, p999: Double, max: Double) {
        self.min = min
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.p99 = p99
        self.p999 = p999
        self.max = max
    }
}
