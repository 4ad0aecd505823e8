import Foundation
import Load
import PreflightCore

extension RunRecord {
    /// A `check` run from its (redacted) report; `json` is that report as the JSON reporter wrote it.
    public init(report: Report, json: String, gitCommit: String?, baselineRunID: Int64? = nil) {
        let metrics = report.metrics
        func metric(_ key: String) -> JSONValue? { metrics.first { $0.0 == key }?.1 }
        let tools = (metric("latency")?.objectValue ?? []).map { name, o in
            let inFlight = o["concurrency"]?.intValue ?? 1
            return ToolRecord(
                tool: name, calls: o["count"]?.intValue ?? 0, errors: o["errors"]?.intValue ?? 0,
                p50Ms: o["p50Ms"]?.doubleValue ?? 0, p90Ms: o["p90Ms"]?.doubleValue ?? 0, p95Ms: o["p95Ms"]?.doubleValue ?? 0,
                p99Ms: o["p99Ms"]?.doubleValue ?? 0, maxMs: o["maxMs"]?.doubleValue ?? 0, load: "\(inFlight) in flight",
                histogram: o["histogram"]?.stringValue)
        }
        let rss = (metric("memory")?["samples"]?.arrayValue ?? []).compactMap { $0["rssBytes"]?.intValue }
        let counts = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0, report.summary[$0]) })
        self.init(
            kind: .check, startedAt: report.startedAt, durationMs: report.durationMs,
            target: RunTarget(
                project: report.target.project, transport: report.target.transport?.rawValue, command: report.target.command,
                url: report.target.url),
            preflightVersion: report.toolVersion, gitCommit: gitCommit, passed: report.passed, score: report.summary.score,
            counts: counts,
            checks: report.checks.map {
                CheckRecord(id: $0.id.rawValue, status: $0.status, severity: $0.severity, message: $0.message)
            },
            tools: tools,
            metrics: RunMetrics(
                coldStartMs: metric("coldStartMs")?.doubleValue, contextTokens: metric("contextTokens")?["total"]?.intValue,
                memoryStartBytes: rss.first, memoryPeakBytes: rss.max(), memoryEndBytes: rss.last),
            baselineRunID: baselineRunID, reportJSON: json)
    }

    /// A `load` run from its (redacted) report. `durationMs` is the whole run, start-up included.
    public init(load report: LoadReport, project: String?, durationMs: Int, gitCommit: String?, baselineRunID: Int64? = nil) {
        let label = report.settings.label
        let instances = report.resources.instances
        var counts: [Status: Int] = [:]
        counts[.pass] = report.thresholds.filter(\.passed).count
        counts[.fail] = report.thresholds.filter { !$0.passed }.count
        self.init(
            kind: .load, startedAt: report.startedAt, durationMs: durationMs,
            target: RunTarget(
                project: project, transport: report.target.transport, command: report.target.command, url: report.target.url),
            preflightVersion: report.preflightVersion, gitCommit: gitCommit, passed: report.passed, counts: counts,
            tools: report.tools.map { s in
                ToolRecord(
                    tool: s.name ?? "", calls: Int(clamping: s.calls), errors: Int(clamping: s.errors.total),
                    p50Ms: s.latencyMs.p50, p90Ms: s.latencyMs.p90, p95Ms: s.latencyMs.p95, p99Ms: s.latencyMs.p99,
                    maxMs: s.latencyMs.max, throughputPerSecond: s.throughputPerSecond, load: label, histogram: s.histogram)
            },
            metrics: RunMetrics(
                memoryStartBytes: instances.isEmpty ? nil : instances.reduce(0) { $0 + $1.rssStartBytes },
                memoryPeakBytes: instances.isEmpty ? nil : instances.reduce(0) { $0 + $1.rssPeakBytes },
                memoryEndBytes: instances.isEmpty ? nil : instances.reduce(0) { $0 + $1.rssEndBytes }),
            baselineRunID: baselineRunID, reportJSON: report.json())
    }

    /// What a regression is judged on. A load run's verdicts are its thresholds, by expression.
    public var digest: RunDigest {
        var statuses: [String: Status] = [:]
        // A record read back from the history has its histograms only in the stored report.
        let fromReport = !reportJSON.isEmpty && !tools.contains { $0.histogram != nil }
        var stored: [String: String] = [:]
        switch kind {
        case .check:
            for c in checks { statuses[c.id] = c.status }
            if fromReport { stored = Self.checkHistograms(reportJSON) }
        case .load:
            if let report = try? LoadReport.decode(Data(reportJSON.utf8)) {
                for t in report.thresholds { statuses[t.expression] = t.passed ? .pass : .fail }
                if fromReport {
                    for t in report.tools.reversed() { if let name = t.name { stored[name] = t.histogram } }
                }
            }
        }
        var latency: [String: ToolLatency] = [:]
        // A tool loaded twice (other arguments) is compared by its first entry.
        for t in tools.reversed() where t.calls > 0 {
            let histogram = (t.histogram ?? stored[t.tool]).flatMap { try? HistogramCodec.decode($0) }
            latency[t.tool] = ToolLatency(
                p95Ms: t.p95Ms, p99Ms: t.p99Ms, calls: t.calls, load: t.load,
                p95Range: histogram?.confidenceIntervalMs(95), p99Range: histogram?.confidenceIntervalMs(99))
        }
        return RunDigest(runID: id, startedAt: startedAt, statuses: statuses, latency: latency)
    }

    /// Tool → histogram from a check report's `metrics.latency.TOOL.histogram`.
    static func checkHistograms(_ json: String) -> [String: String] {
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let latency = (object?["metrics"] as? [String: Any])?["latency"] as? [String: Any] ?? [:]
        return latency.compactMapValues { ($0 as? [String: Any])?["histogram"] as? String }
    }
}

extension LoadSettings {
    /// The conditions latencies were measured under: "closed loop, 16 in flight, 1 instance".
    public var label: String {
        var parts: [String] = []
        if mode == "open" {
            parts.append("open loop, \(Self.number(ratePerSecond ?? 0))/s")
            if let concurrency { parts.append("at most \(concurrency) in flight") }
        } else {
            parts.append("closed loop, \(concurrency ?? 1) in flight")
        }
        parts.append(instances == 1 ? "1 instance" : "\(instances) instances")
        return parts.joined(separator: ", ")
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
}
