import Load
import MCPWire
import PreflightCore
import Processes

/// The short default load: each tool whose first call succeeded is called repeatedly with the same
/// arguments, `latencyConcurrency` calls in flight (1 by default: the checklist's figures are per call).
enum LoadProbe {
    /// `cpuSeconds`: the server tree's CPU time so far, read around each tool's calls.
    static func run(
        _ c: MCPConnection, calls: [LiveFacts.ToolCall], options: LiveOptions, deadline: Deadline,
        cpuSeconds: (@Sendable () -> Double)? = nil
    ) async
        -> (stats: [LiveFacts.LoadStats], skipped: [(tool: String, reason: String)])
    {
        var stats: [LiveFacts.LoadStats] = []
        var skipped: [(tool: String, reason: String)] = []
        for call in calls where !deadline.passed {
            // Loading an error path measures the error path: the arguments were likely poor.
            guard call.outcome.result != nil, !call.isError else {
                let configured = options.toolExamples[call.tool] != nil
                let why =
                    !call.isError
                    ? "its first call got \(call.outcome.summary)"
                    : configured
                        ? "its first call, with the arguments of [tools.examples.\(call.tool)], returned a tool error"
                        : "its first call returned a tool error, so the arguments were likely poor: give working ones in [tools.examples.\(call.tool)]"
                skipped.append((call.tool, why))
                continue
            }
            let params = JSONValue.object([("name", .string(call.tool)), ("arguments", call.arguments)])
            let timeout = options.requestTimeout
            let cpuBefore = cpuSeconds?()
            let samples = await LoadGenerator.run(
                total: options.loadCallsPerTool, concurrency: options.latencyConcurrency,
                budget: min(.milliseconds(Int(options.loadSecondsPerTool * 1000)), deadline.remaining)
            ) { _ in
                let outcome = await c.request("tools/call", params: params, timeout: timeout)
                switch outcome {
                case .result(let r, let elapsed):
                    return .init(
                        milliseconds: elapsed.millisecondsDouble, ok: true,
                        kind: r["isError"]?.boolValue == true ? "toolError" : "ok")
                case .error(_, _, _, let elapsed):
                    return .init(milliseconds: elapsed.millisecondsDouble, ok: false, kind: "error")
                case .timedOut(let after): return .init(milliseconds: after.millisecondsDouble, ok: false, kind: "timeout")
                case .closed: return .init(milliseconds: 0, ok: false, kind: "closed")
                case .transportFailure: return .init(milliseconds: 0, ok: false, kind: "error")
                }
            }
            var recorder = LatencyRecorder()
            var histogram = LatencyHistogram()
            for s in samples where s.kind != "closed" {
                recorder.record(milliseconds: s.milliseconds)
                histogram.record(UInt64(max(0, (s.milliseconds * 1e6).rounded())))
            }
            var stat = LiveFacts.LoadStats(
                tool: call.tool, count: samples.count, errors: samples.filter { !$0.ok }.count,
                toolErrors: samples.filter { $0.kind == "toolError" }.count,
                timeouts: samples.filter { $0.kind == "timeout" }.count, p50Ms: recorder.percentile(50),
                p90Ms: recorder.percentile(90), p95Ms: recorder.percentile(95), p99Ms: recorder.percentile(99),
                maxMs: recorder.maxMs, concurrency: options.latencyConcurrency)
            stat.histogram = histogram
            if let cpuBefore, let after = cpuSeconds?(), !samples.isEmpty {
                stat.cpuMsPerCall = max(0, after - cpuBefore) * 1000 / Double(samples.count)
            }
            stat.host = HostLoad.now()
            stats.append(stat)
        }
        return (stats, skipped)
    }

    /// N requests in flight at once: every one must get its own answer, with its own id. `barrier` is
    /// the era's cheapest request besides listing (`ping`, or `server/discover` in 2026-07-28).
    static func concurrency(_ c: MCPConnection, calls: [LiveFacts.ToolCall], inFlight: Int, barrier: String, timeout: Duration)
        async -> LiveFacts.Concurrency
    {
        let strayBefore = await c.strayResponses.count
        let usable = calls.filter { $0.outcome.result != nil && !$0.isError }
        var requests: [(String, JSONValue?)] = []
        for i in 0..<max(2, inFlight) {
            if !usable.isEmpty, i % 2 == 0 {
                let call = usable[(i / 2) % usable.count]
                requests.append(("tools/call", .object([("name", .string(call.tool)), ("arguments", call.arguments)])))
            } else {
                requests.append(i % 4 == 1 ? (barrier, nil) : ("tools/list", nil))
            }
        }
        let outcomes = await withTaskGroup(of: (Int, RPCOutcome).self) { group in
            for (i, r) in requests.enumerated() {
                group.addTask { (i, await c.request(r.0, params: r.1, timeout: timeout)) }
            }
            var out: [(Int, RPCOutcome)] = []
            for await o in group { out.append(o) }
            return out.sorted { $0.0 < $1.0 }
        }
        var mismatched: [String] = []
        var timedOut: [String] = []
        for (i, outcome) in outcomes {
            let method = requests[i].0
            // An error answer still carries the right id; a timeout is a timeout, not a mix-up.
            guard let result = outcome.result else {
                if case .timedOut = outcome { timedOut.append("\(method): \(outcome.summary)") }
                continue
            }
            // An answer of the wrong shape means it belongs to another request.
            let shapeOK: Bool
            switch method {
            case "ping": shapeOK = result.objectValue.map { $0.allSatisfy { $0.0 == "_meta" } } ?? false
            case "server/discover": shapeOK = result["supportedVersions"] != nil
            case "tools/list": shapeOK = result["tools"] != nil
            default: shapeOK = result["content"] != nil || result["structuredContent"] != nil
            }
            if !shapeOK { mismatched.append("\(method) got an answer shaped like another request's") }
        }
        let strays = await c.strayResponses.count - strayBefore
        return LiveFacts.Concurrency(
            inFlight: requests.count, answered: outcomes.filter { $0.1.result != nil }.count, strayResponses: strays,
            mismatched: mismatched, timedOut: timedOut)
    }
}
