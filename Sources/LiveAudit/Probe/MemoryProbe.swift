import Load
import MCPWire
import PreflightCore

/// RSS of the server's whole process tree across repeated identical calls; a steady climb is a leak.
enum MemoryProbe {
    static func run(
        _ c: MCPConnection, _ process: ServerProcess, calls: [LiveFacts.ToolCall], options: LiveOptions, deadline: Deadline
    ) async -> LiveFacts.Memory? {
        // The cheapest repeatable request: the fastest tool that answered, else tools/list.
        let answered = calls.filter { $0.outcome.result != nil && !$0.isError }
        let call = answered.min { ($0.outcome.elapsed ?? .zero) < ($1.outcome.elapsed ?? .zero) }
        let method = call.map { "tools/call \($0.tool)" } ?? "tools/list"
        let params: JSONValue? = call.map { .object([("name", .string($0.tool)), ("arguments", $0.arguments)]) }
        let rpc = call == nil ? "tools/list" : "tools/call"
        // Bounded by time too: slow tools get fewer calls, never a minute-long probe.
        let perCall = max(0.0005, (call?.outcome.elapsed ?? .milliseconds(1)).millisecondsDouble / 1000)
        let total = min(options.memoryCalls, max(24, Int(options.memorySeconds / perCall)))
        let end = ContinuousClock.now + .milliseconds(Int(options.memorySeconds * 1000))
        let warmup = total / 6
        let step = max(1, (total - warmup) / 12)
        var samples: [(calls: Int, rss: Int)] = []
        for i in 0..<total {
            if deadline.passed || process.hasExited || ContinuousClock.now > end { break }
            let outcome = await c.request(rpc, params: params, timeout: options.requestTimeout)
            if case .closed = outcome { break }
            if i + 1 >= warmup && (i + 1 - warmup) % step == 0 { samples.append((i + 1, process.sample.rssBytes)) }
        }
        guard samples.count >= 3 else { return nil }
        let fit = Regression.fit(samples.map { (Double($0.calls), Double($0.rss)) })
        let growth = (samples.last?.rss ?? 0) - (samples.first?.rss ?? 0)
        return LiveFacts.Memory(method: method, samples: samples, slopeBytesPerCall: fit.slope, r2: fit.r2, growthBytes: growth)
    }
}
