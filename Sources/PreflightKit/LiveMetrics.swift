import LiveAudit
import Load
import PreflightCore

/// The `metrics` object of a live run: what was measured, for dashboards and history.
enum LiveMetrics {
    static func of(_ facts: LiveFacts, config: PreflightConfig) -> [(String, JSONValue)] {
        var metrics: [(String, JSONValue)] = []
        if let era = facts.era, era.era != nil {
            // Which protocol the audit spoke, and how that was found out.
            var o = JSONObjectBuilder()
            o.set("transport", facts.transport.rawValue)
            o.set("era", era.era?.rawValue)
            o.set("version", era.version)
            o.set("dualEra", era.dualEra.map { JSONValue.bool($0) } ?? .null)
            metrics.append(("protocol", o.value))
        }
        if let ms = facts.coldStartMs { metrics.append(("coldStartMs", .int(ms))) }
        if let cost = facts.contextCost {
            var tokens = JSONObjectBuilder()
            tokens.set("tools", cost.tools)
            tokens.set("prompts", cost.prompts)
            tokens.set("resources", cost.resources)
            tokens.set("instructions", cost.instructions)
            tokens.set("total", cost.total)
            tokens.set("window", config.thresholds.contextWindowTokens)
            metrics.append(("contextTokens", tokens.value))
        }
        if !facts.load.isEmpty {
            let perTool = facts.load.sorted { $0.tool < $1.tool }.map { s in
                var o = JSONObjectBuilder()
                o.set("count", s.count)
                o.set("p50Ms", .double(s.p50Ms))
                o.set("p90Ms", .double(s.p90Ms))
                o.set("p95Ms", .double(s.p95Ms))
                o.set("p99Ms", .double(s.p99Ms))
                o.set("maxMs", .double(s.maxMs))
                o.set("errors", s.errors)
                o.set("toolErrors", s.toolErrors)
                o.set("timeouts", s.timeouts)
                o.set("concurrency", s.concurrency)
                // Every latency (HdrHistogram V2, base64, nanoseconds): the HTML report's curve and histogram.
                if s.histogram.count > 0 { o.set("histogram", HistogramCodec.encode(s.histogram)) }
                return (s.tool, o.value)
            }
            metrics.append(("latency", .object(perTool)))
        }
        if let m = facts.memory {
            let samples = JSONValue.array(m.samples.map { .object([("calls", .int($0.calls)), ("rssBytes", .int($0.rss))]) })
            metrics.append(("memory", .object([("request", .string(m.method)), ("samples", samples)])))
        }
        return metrics
    }
}
