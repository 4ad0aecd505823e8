import Foundation
import PreflightCore

/// A pass/fail criterion in k6's threshold syntax, on the run's overall figures:
/// `p(95)<100`, `p(99.9)<=500`, `avg<50`, `med<20`, `min<5`, `max<1000` (milliseconds),
/// `rate<0.001` (the error rate: failed calls / calls), `throughput>1000` (calls a second).
/// Operators: `<`, `<=`, `>`, `>=`, `==`, `!=`.
public struct LoadThreshold: Sendable, Equatable, CustomStringConvertible {
    public enum Metric: Sendable, Equatable {
        case percentile(Double)
        case avg, med, min, max
        case errorRate
        case throughput

        var unit: String {
            switch self {
            case .errorRate: return "ratio"
            case .throughput: return "calls/s"
            default: return "ms"
            }
        }
    }

    public enum Comparison: String, Sendable, CaseIterable {
        // Two-character operators first: `<=` must not parse as `<` and `=100`.
        case le = "<=", ge = ">=", eq = "==", ne = "!=", lt = "<", gt = ">"

        func holds(_ observed: Double, _ limit: Double) -> Bool {
            switch self {
            case .lt: return observed < limit
            case .le: return observed <= limit
            case .gt: return observed > limit
            case .ge: return observed >= limit
            case .eq: return observed == limit
            case .ne: return observed != limit
            }
        }
    }

    public var metric: Metric
    public var comparison: Comparison
    public var limit: Double
    /// As the user wrote it, spaces removed.
    public let expression: String

    public var description: String { expression }

    static let names = ["p(N)", "avg", "med", "min", "max", "rate", "throughput"]

    public static func parse(_ text: String) throws(LoadFailure) -> LoadThreshold {
        let expression = text.filter { !$0.isWhitespace }
        guard let op = Comparison.allCases.first(where: { expression.contains($0.rawValue) }),
            let range = expression.range(of: op.rawValue)
        else {
            throw LoadFailure("threshold '\(text)': no comparison (one of < <= > >= == !=), e.g. p(95)<100")
        }
        let name = String(expression[..<range.lowerBound])
        let number = String(expression[range.upperBound...])
        guard let limit = Double(number), limit.isFinite else {
            throw LoadFailure("threshold '\(text)': '\(number)' is not a number")
        }
        let metric: Metric
        switch name {
        case "avg": metric = .avg
        case "med": metric = .med
        case "min": metric = .min
        case "max": metric = .max
        case "rate": metric = .errorRate
        case "throughput": metric = .throughput
        default:
            guard name.hasPrefix("p("), name.hasSuffix(")"), let p = Double(name.dropFirst(2).dropLast()), p > 0, p <= 100
            else {
                let hint = Spelling.hint(name, ["avg", "med", "min", "max", "rate", "throughput"])
                throw LoadFailure(
                    "threshold '\(text)': unknown metric '\(name)'\(hint); use p(N) (0 < N ≤ 100), avg, med, min, max (ms), rate (error rate) or throughput (calls/s)"
                )
            }
            metric = .percentile(p)
        }
        return LoadThreshold(metric: metric, comparison: op, limit: limit, expression: expression)
    }

    /// The checklist's: p95 under 100 ms, p99 under 500 ms, error rate under 0.1% (or `preflight.toml`'s).
    public static func defaults(p95Ms: Double = 100, p99Ms: Double = 500, errorRatePercent: Double = 0.1) -> [LoadThreshold] {
        [
            LoadThreshold(metric: .percentile(95), comparison: .lt, limit: p95Ms, expression: "p(95)<\(format(p95Ms))"),
            LoadThreshold(metric: .percentile(99), comparison: .lt, limit: p99Ms, expression: "p(99)<\(format(p99Ms))"),
            LoadThreshold(
                metric: .errorRate, comparison: .lt, limit: errorRatePercent / 100,
                expression: "rate<\(format(errorRatePercent / 100))"),
        ]
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The figure the threshold reads from `stats` (and the histogram, for any percentile).
    func observed(_ stats: LoadStats, histogram: LatencyHistogram) -> Double {
        switch metric {
        case .percentile(let p): return Double(histogram.percentileNs(p)) / 1_000_000
        case .avg: return stats.latencyMs.mean
        case .med: return stats.latencyMs.p50
        case .min: return stats.latencyMs.min
        case .max: return stats.latencyMs.max
        case .errorRate: return stats.errorRate
        case .throughput: return stats.throughputPerSecond
        }
    }

    public func evaluate(_ stats: LoadStats, histogram: LatencyHistogram) -> ThresholdResult {
        let value = observed(stats, histogram: histogram)
        return ThresholdResult(expression: expression, observed: value, unit: metric.unit, passed: comparison.holds(value, limit))
    }
}

/// One threshold applied to a run.
public struct ThresholdResult: Sendable, Codable, Equatable {
    public var expression: String
    public var observed: Double
    /// `ms`, `ratio` or `calls/s`.
    public var unit: String
    public var passed: Bool
}
