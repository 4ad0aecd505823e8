import PreflightCore

struct Latency: LiveCheck {
    static let description = CheckDescription(
        id: "perf.latency", title: "Tool latency: p95 < 100 ms, p99 < 500 ms", section: .performance, kind: .live,
        severity: .warning,
        rationale: """
            Every tool call sits inside the model's turn; slow tools make the whole agent slow (checklist: P95 < \
            100 ms, P99 < 500 ms). Measured under a short concurrent load with HdrHistogram; thresholds are \
            configurable (`[thresholds] p95-ms`, `p99-ms`).
            """,
        remediation: "Profile the slow tool; cache, pool connections, move work out of the request path, or make it async.",
        failing: [.server("perf.latency")],
        // Generous limits keep the passing example about correctness, not about how busy the machine is.
        passing: [.server(config: "[thresholds]\np95-ms = 2000\np99-ms = 5000\n")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        guard !f.load.isEmpty else { return .skip("no tool answered its first call, so no load was run") }
        let p95 = context.thresholds.p95Ms
        let p99 = context.thresholds.p99Ms
        var findings: [Finding] = []
        for s in f.load {
            if s.p95Ms > p95 || s.p99Ms > p99 {
                findings.append(
                    Finding(
                        "tool `\(s.tool)`: p95 \(fmt(s.p95Ms)) ms, p99 \(fmt(s.p99Ms)) ms over \(s.count) calls (limits \(fmt(p95)) / \(fmt(p99)) ms)"
                    ))
            }
        }
        let summary = f.load.map { "\($0.tool) p95 \(fmt($0.p95Ms)) ms" }.joined(separator: ", ")
        return .from(findings, pass: summary)
    }
}

func fmt(_ ms: Double) -> String {
    ms >= 100 ? String(Int(ms.rounded())) : String((ms * 10).rounded() / 10)
}
