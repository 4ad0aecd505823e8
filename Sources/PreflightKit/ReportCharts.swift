import Load
import PreflightCore
import Reporters

/// The data behind the HTML report's charts, computed from a report (and the trends) so that the
/// renderer only draws.
public enum ReportCharts {
    /// A check report: each tool's latency histogram from `metrics.latency`, the memory samples of
    /// `metrics.memory`.
    public static func check(_ report: Report, trends: HistoryTrends? = nil) -> HTMLCharts {
        func metric(_ key: String) -> JSONValue? { report.metrics.first { $0.0 == key }?.1 }
        let latency = (metric("latency")?.objectValue ?? []).compactMap { tool, o -> HTMLCharts.Latency? in
            guard let encoded = o["histogram"]?.stringValue, let d = LatencyDistribution(encoded: encoded) else { return nil }
            return HTMLCharts.Latency(tool: tool, distribution: d)
        }
        var memory: [HTMLCharts.Memory] = []
        var note: String?
        if let m = metric("memory") {
            let points = (m["samples"]?.arrayValue ?? []).compactMap { s -> HTMLCharts.Memory.Point? in
                guard let calls = s["calls"]?.doubleValue, let rss = s["rssBytes"]?.doubleValue else { return nil }
                return HTMLCharts.Memory.Point(x: calls, bytes: rss)
            }
            memory = [HTMLCharts.Memory(label: "server", xLabel: "calls", points: points)]
            note =
                "The server's resident memory (whole process tree) across repeated identical calls of `\(m["request"]?.stringValue ?? "a request")` (perf.memory-growth)."
        }
        return HTMLCharts(latency: latency, memory: memory, memoryNote: note, trends: trends)
    }

    /// A load report: each tool's histogram, each instance's RSS over the load.
    public static func load(_ report: LoadReport, trends: HistoryTrends? = nil) -> HTMLCharts {
        let latency = report.tools.enumerated().compactMap { i, s -> HTMLCharts.Latency? in
            guard let d = LatencyDistribution(encoded: s.histogram) else { return nil }
            return HTMLCharts.Latency(tool: s.name ?? "tool \(i + 1)", distribution: d)
        }
        let instances = Set(report.resources.samples.map(\.instance)).sorted()
        let memory = instances.map { n in
            HTMLCharts.Memory(
                label: "instance \(n + 1)", xLabel: "seconds since the load started",
                points: report.resources.samples.filter { $0.instance == n }.map {
                    HTMLCharts.Memory.Point(x: $0.tMs / 1000, bytes: Double($0.rssBytes))
                })
        }
        let note =
            memory.isEmpty
            ? nil : "Resident memory of each server's whole process tree, read every 500 ms (warm-up included)."
        return HTMLCharts(latency: latency, memory: memory, memoryNote: note, trends: trends)
    }
}
