import Foundation
import MCPWire
import PreflightCore

/// http.rate-limiting: a bounded burst above the expected rate, 10 requests in flight, through a
/// session of the server's era. The request is the cheapest read-only tool call that worked (rate
/// limits guard tool invocations: 2026-07-28 server/tools.mdx §Security Considerations), else a listing.
enum RateLimitProbe {
    static let inFlight = 10

    /// Twice the stated rate (at least 20, at most 200), or 50 without one.
    static func burstSize(expected: Double?) -> Int {
        guard let expected else { return 50 }
        return min(200, max(20, Int((expected * 2).rounded(.up)) + 5))
    }

    static func run(_ wire: HTTPWire, era: LiveFacts.EraFacts, facts: LiveFacts, http: HTTPOptions, timeout: Duration) async
        -> LiveFacts.RateLimit?
    {
        let count = burstSize(expected: http.expectedRatePerSecond)
        let answered = facts.toolCalls.filter { $0.outcome.result != nil && !$0.isError }
        let call = answered.min { ($0.outcome.elapsed ?? .zero) < ($1.outcome.elapsed ?? .zero) }
        let method = call == nil ? "tools/list" : "tools/call"
        let params: JSONValue? = call.map { .object([("name", .string($0.tool)), ("arguments", $0.arguments)]) }
        return await EraSession.with(wire, era: era, timeout: timeout) { session in
            let start = ContinuousClock.now
            let results = await withTaskGroup(of: [(Int?, String?, String?)].self) { group in
                let share = (count + inFlight - 1) / inFlight
                for worker in 0..<inFlight {
                    let mine = max(0, min(share, count - worker * share))
                    group.addTask {
                        var out: [(Int?, String?, String?)] = []
                        for _ in 0..<mine {
                            let (id, outcome) = await session.connection.requestWithID(method, params: params, timeout: timeout)
                            let exchange = await session.exchange(id)
                            let failure = exchange?.status == nil ? (exchange?.failure?.description ?? outcome.summary) : nil
                            out.append((exchange?.status, exchange?.retryAfter, failure))
                        }
                        return out
                    }
                }
                var all: [(Int?, String?, String?)] = []
                for await part in group { all += part }
                return all
            }
            var r = LiveFacts.RateLimit(
                sent: count, perSecond: http.expectedRatePerSecond ?? 0, method: call.map { "tools/call \($0.tool)" } ?? method)
            r.elapsedMs = (ContinuousClock.now - start).milliseconds
            for (status, retryAfter, failure) in results {
                if let status { r.statuses[status, default: 0] += 1 }
                if status == 429, r.retryAfter.count < 5 { r.retryAfter.append(retryAfter ?? "") }
                if let failure, r.failures.count < 5 { r.failures.append(failure) }
                if status == nil, failure == nil, r.failures.count < 5 { r.failures.append("no answer") }
            }
            // Let the limiter recover before anything else asks the server for something.
            if r.throttled > 0 {
                let wait = r.retryAfter.compactMap { Int($0) }.max().map { min($0, 5) } ?? 1
                try? await Task.sleep(for: .seconds(wait))
            }
            return r
        }
    }

    /// `Retry-After` is delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    static func validRetryAfter(_ value: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespaces)
        if !v.isEmpty, v.allSatisfy(\.isNumber) { return true }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: v) != nil
    }
}
