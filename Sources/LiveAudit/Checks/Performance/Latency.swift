import PreflightCore
import Processes

struct Latency: LiveCheck {
    static let description = CheckDescription(
        id: "perf.latency", title: "Tool latency: p95 < 100 ms, p99 < 500 ms", section: .performance, kind: .live,
        severity: .warning,
        rationale: """
            Every tool call sits inside the model's turn; slow tools make the whole agent slow (checklist: P95 < \
            100 ms, P99 < 500 ms). Measured per tool over repeated calls, one in flight at a time by default \
            (`[thresholds] latency-concurrency`), with HdrHistogram; limits are `[thresholds] p95-ms`, `p99-ms`. \
            `preflight load` measures under a real load. On a saturated machine (load average above the cores) a \
            tool over the limits whose own CPU time per call is under half the p95 limit is a warning: it waited \
            for a core, and only an idle machine can tell.
            """,
        remediation: "Profile the slow tool; cache, pool connections, move work out of the request path, or make it async.",
        failing: [.server("perf.latency")],
        // Generous limits keep the passing example about correctness, not about how busy the machine is.
        passing: [.server(config: "[thresholds]\np95-ms = 2000\np99-ms = 5000\n")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        if let skip = LiveSkip.step(f, "load") { return skip }
        // A tool that only ever returned tool errors measured its error path, not its work.
        let measured = f.load.filter { $0.count > 0 && $0.toolErrors < $0.count }
        // A first call that never answered is the slowest latency of all, not a reason to look away.
        let hung = f.toolCalls.filter { if case .timedOut = $0.outcome { return true } else { return false } }
        let hangs = hung.map { Finding("tool `\($0.tool)` did not answer its first call (\($0.outcome.summary))") }
        let notes = f.notLoaded.filter { n in !hung.contains { $0.tool == n.tool } }.map {
            "`\($0.tool)` not measured: \($0.reason)"
        }
        guard !measured.isEmpty else {
            if !hangs.isEmpty { return .from(hangs, pass: "") }
            return .skip(notes.isEmpty ? "no tool answered its calls with a result" : notes.joined(separator: "; "))
        }
        let p95 = context.thresholds.p95Ms
        let p99 = context.thresholds.p99Ms
        let inFlight = measured[0].concurrency
        let how = "\(inFlight) call\(inFlight == 1 ? "" : "s") in flight"
        var findings = hangs
        for s in measured where s.p95Ms > p95 || s.p99Ms > p99 {
            let text =
                "tool `\(s.tool)`: p95 \(fmt(s.p95Ms)) ms, p99 \(fmt(s.p99Ms)) ms over \(s.count) calls, \(how) (limits \(fmt(p95)) / \(fmt(p99)) ms)"
            if let cpu = s.cpuMsPerCall, let host = s.host, host.saturated, cpu <= p95 / 2 {
                findings.append(
                    Finding(
                        "\(text), on a saturated machine (\(host.description)) while the server used \(fmt(cpu)) ms of CPU a call: measure on an idle machine",
                        status: .warn))
            } else {
                findings.append(Finding(text))
            }
        }
        let summary = measured.map { "\($0.tool) p95 \(fmt($0.p95Ms)) ms" }.joined(separator: ", ")
        let skipped = notes.isEmpty ? "" : " [\(notes.joined(separator: "; "))]"
        return .from(findings, pass: "\(summary) (\(how))\(skipped)")
    }
}

func fmt(_ ms: Double) -> String {
    ms >= 100 ? String(Int(ms.rounded())) : String((ms * 10).rounded() / 10)
}
