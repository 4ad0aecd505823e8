import PreflightCore

struct MemoryGrowth: LiveCheck {
    static let description = CheckDescription(
        id: "perf.memory-growth", title: "Memory does not grow under repeated calls", section: .performance,
        kind: .live, severity: .warning,
        rationale: """
            A server that keeps something per call (caches without bounds, unclosed connections, lists that only \
            grow) is restarted by the OOM killer days later. The resident memory of the whole process tree is \
            sampled across repeated identical calls after a warm-up; steady growth is the signature of a leak.
            """,
        remediation:
            "Bound caches (`functools.lru_cache(maxsize=...)`), close connections (use `lifespan`), and check what holds references per call.",
        failing: [.server("perf.memory-growth")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        if let skip = LiveSkip.process(f, "measuring its memory") { return skip }
        guard let m = f.memory else { return LiveSkip.notMeasured(f, "memory was not sampled (too few samples)") }
        let mb = Double(m.growthBytes) / 1_048_576
        let failMB = context.thresholds.memoryGrowthMB
        let warnMB = failMB / 4
        var evidence = JSONObjectBuilder()
        evidence.set("request", m.method)
        evidence.set("slopeBytesPerCall", .double(m.slopeBytesPerCall, digits: 1))
        evidence.set("r2", .double(m.r2, digits: 3))
        evidence.set("growthBytes", m.growthBytes)
        evidence.set("samples", .array(m.samples.map { .object([("calls", .int($0.calls)), ("rssBytes", .int($0.rss))]) }))
        let calls = (m.samples.last?.calls ?? 0) - (m.samples.first?.calls ?? 0)
        let message =
            "RSS grew \(String((mb * 10).rounded() / 10)) MB over \(calls) calls of \(m.method) (\(Int(m.slopeBytesPerCall)) bytes/call, R² \(String((m.r2 * 100).rounded() / 100)))"
        // Steady means the samples lie on a line; a one-off jump (a cache filling) is not a leak.
        if m.r2 >= 0.8 && mb >= failMB { return .fail(message, evidence: evidence.value) }
        if m.r2 >= 0.8 && mb >= warnMB { return .warn(message, evidence: evidence.value) }
        return .pass(message, evidence: evidence.value)
    }
}
