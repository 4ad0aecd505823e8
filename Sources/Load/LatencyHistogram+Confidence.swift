import Foundation

extension LatencyHistogram {
    /// A distribution-free 95% confidence interval of the `percentile` (0–100), in milliseconds:
    /// the values at the order-statistic ranks n·q ∓ 1.96·√(n·q·(1−q)). With 100 calls the p95's
    /// interval runs from about the p90 to the slowest call; with 1,000 it is a few ranks wide.
    /// Nil with fewer than 20 values.
    public func confidenceIntervalMs(_ percentile: Double) -> ClosedRange<Double>? {
        guard count >= 20 else { return nil }
        let n = Double(count)
        let q = percentile / 100
        let half = 1.96 * (n * q * (1 - q)).squareRoot()
        let low = max(1, (n * q - half).rounded(.down))
        let high = min(n, (n * q + half).rounded(.up) + 1)
        func ms(_ rank: Double) -> Double {
            Double(rank >= n ? maxNs : percentileNs(rank / n * 100)) / 1_000_000
        }
        return ms(low)...max(ms(low), ms(high))
    }
}
