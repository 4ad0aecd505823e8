import PreflightCore
import Processes

struct ColdStart: LiveCheck {
    static let description = CheckDescription(
        id: "perf.cold-start", title: "Cold start under 5 s", section: .performance, kind: .live, severity: .warning,
        rationale: """
            Clients start stdio servers on demand and serverless platforms scale from zero: the time from spawn to \
            the first successful `tools/list` is paid by a user every time (checklist: cold start under 5 s). Over \
            HTTP (`--server CMD --url URL`) it is spawn to the first `tools/list` answered over the URL. On a \
            saturated machine (load average above the cores) a start over the limit whose own CPU time is within \
            it is a warning: the wall time measured the machine, and only an idle one can tell.
            """,
        remediation:
            "Defer heavy imports and connections until first use; set UV_COMPILE_BYTECODE=1; avoid `uv run` resolving at start (`--frozen`).",
        failing: [.server("perf.cold-start")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.process(f, "timing the start") { return skip }
        if let skip = LiveSkip.step(f, "listing") { return skip }
        if let skip = LiveSkip.closed(f, f.tools.outcome) { return skip }
        guard let ms = f.coldStartMs else { return .fail("tools/list never succeeded (\(f.tools.failure ?? "no answer"))") }
        let limit = Int(context.thresholds.coldStartMs)
        let evidence = JSONValue.object([("ms", .int(ms))])
        if ms > limit {
            let took = "spawn to first tools/list took \(ms) ms (limit \(limit) ms)"
            if let cpu = f.coldStartCpuMs, let host = f.coldStartHost, host.saturated, cpu <= limit {
                return .warn(
                    "\(took) on a saturated machine (\(host.description)); the server used \(cpu) ms of CPU: measure on an idle machine",
                    evidence: .object([("ms", .int(ms)), ("cpuMs", .int(cpu)), ("loadAverage", .double(host.loadAverage))]))
            }
            return .fail(took, evidence: evidence)
        }
        return .pass("spawn to first tools/list in \(ms) ms", evidence: evidence)
    }
}
