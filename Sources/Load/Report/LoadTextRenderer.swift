import Foundation

/// The load report for a terminal: what ran, a latency table per tool, errors, the server's
/// memory and CPU, and each threshold with the figure it judged.
public enum LoadTextRenderer {
    public static func render(_ r: LoadReport, color: Bool = false) -> String {
        var out: [String] = []
        let green = color ? "\u{1B}[32m" : ""
        let red = color ? "\u{1B}[31m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let reset = color ? "\u{1B}[0m" : ""

        let command = r.target.label
        var server = r.server.name.map { "  ·  \($0)\(r.server.version.map { " \($0)" } ?? "")" } ?? ""
        server += " (MCP \(r.server.protocolVersion))"
        out.append("\(bold)preflight load\(reset)  ·  \(r.target.transport): \(command)\(server)")
        out.append(shape(r.settings, measured: r.durationSeconds))
        out.append("")

        let headers = ["tool", "calls", "ok", "calls/s", "min", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"]
        var rows: [[String]] = []
        let open = r.settings.mode == "open"
        let all = r.tools.count > 1 ? r.tools + [r.overall] : r.tools
        for s in all {
            rows.append(
                [s.name ?? "all", count(s.calls), percent(s.successRatio), rate(s.throughputPerSecond)] + latencies(s.latencyMs))
            if open, let u = s.uncorrectedLatencyMs {
                rows.append(["  uncorrected", "", "", ""] + latencies(u))
            }
        }
        out += table(headers, rows)
        out.append(
            open ? "latencies in ms, from each call's intended send time (corrected for coordinated omission)" : "latencies in ms"
        )
        out.append("")
        out.append(errors(r.overall))
        for u in r.resources.instances {
            let label = r.resources.instances.count > 1 ? "server \(u.instance + 1)" : "server"
            out.append(
                "\(label): RSS \(megabytes(u.rssStartBytes)) → \(megabytes(u.rssEndBytes)) (peak \(megabytes(u.rssPeakBytes))), CPU \(String(format: "%.0f", u.cpuPercent))% of a core (\(String(format: "%.1f", u.cpuSeconds)) s)"
            )
        }
        let c = r.client
        var notes: [String] = []
        if c.strayResponses > 0 { notes.append("\(count(c.strayResponses)) answers matching no call in flight") }
        if c.invalidLines > 0 { notes.append("\(count(c.invalidLines)) stdout lines that are not JSON-RPC") }
        if c.serverRequests > 0 { notes.append("\(count(c.serverRequests)) requests from the server") }
        notes.append(String(format: "%.2f µs CPU a call", c.cpuMicrosecondsPerCall))
        out.append("client: " + notes.joined(separator: ", "))
        for e in r.ended { out.append("\(red)ended early\(reset): \(e)") }
        out.append("")
        out.append("thresholds:")
        for t in r.thresholds {
            let mark = t.passed ? "\(green)✓\(reset)" : "\(red)✗\(reset)"
            out.append(
                "  \(mark) \(t.expression.padding(toLength: max(16, t.expression.count), withPad: " ", startingAt: 0))  \(observed(t))"
            )
        }
        if let b = r.baseline { out += baseline(b, ok: "\(green)✓\(reset)", bad: "\(red)✗\(reset)") }
        let failing = r.thresholds.filter { !$0.passed }.count
        let regressions = (r.baseline?.latency.count ?? 0) + (r.baseline?.thresholds.count ?? 0)
        if r.passed {
            out.append("\n\(green)\(bold)PASS\(reset)")
        } else if failing == 0, regressions > 0, r.ended.isEmpty {
            out.append("\n\(red)\(bold)FAIL\(reset): \(regressions) regression\(regressions == 1 ? "" : "s") since the baseline")
        } else if failing > 0 {
            out.append("\n\(red)\(bold)FAIL\(reset): \(failing) of \(r.thresholds.count) thresholds")
        } else {
            out.append("\n\(red)\(bold)FAIL\(reset): the load ended early")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func baseline(_ b: LoadBaseline, ok: String, bad: String) -> [String] {
        let name = b.runId.map { "run \($0)\(b.startedAt.map { " (\($0))" } ?? "")" } ?? "the baseline"
        var out = [""]
        if let skipped = b.skipped {
            out.append("baseline: not compared: \(skipped)")
            return out
        }
        out.append("baseline: \(name)")
        for c in b.latency {
            out.append(
                "  \(bad) \(c.tool) \(c.metric) \(ms(c.currentMs)) ms, was \(ms(c.baselineMs)) ms (+\(Int(c.changePercent.rounded()))%)"
            )
        }
        for t in b.thresholds { out.append("  \(bad) \(t) held then, fails now") }
        if b.passed { out.append("  \(ok) p95 and p99 of \(b.compared.joined(separator: ", ")) did not regress") }
        for n in b.notCompared { out.append("  not compared: \(n.tool): \(n.reason)") }
        return out
    }

    static func shape(_ s: LoadSettings, measured: Double) -> String {
        var parts: [String] = []
        if s.mode == "open" {
            parts.append(
                "open loop, \(rate(s.ratePerSecond ?? 0)) calls/s\(s.concurrency.map { ", at most \($0) in flight" } ?? "")")
        } else {
            parts.append("closed loop, \(s.concurrency ?? 0) in flight")
        }
        var window = String(format: "%.1f s measured", measured)
        if let n = s.requests { window = "\(count(UInt64(n))) calls, " + window }
        if s.warmupSeconds > 0 { window += String(format: " (+%.1f s warm-up)", s.warmupSeconds) }
        parts.append(window)
        parts.append(s.instances == 1 ? "1 instance" : "\(s.instances) instances")
        let args = s.calls.map { "\($0.tool) (arguments: \($0.argumentsSource))" }.joined(separator: ", ")
        return parts.joined(separator: "  ·  ") + "\ncalls: " + args
    }

    static func errors(_ s: LoadStats) -> String {
        guard s.errors.total > 0 else { return "errors: none" }
        var parts: [String] = []
        for e in s.errors.jsonrpc {
            parts.append("JSON-RPC \(e.code) ×\(count(e.count))\(e.message.isEmpty ? "" : " \"\(e.message.prefix(80))\"")")
        }
        for e in s.errors.http ?? [] {
            parts.append("\(e.status == 0 ? "no HTTP response" : "HTTP \(e.status)") ×\(count(e.count))")
        }
        if s.errors.isError > 0 { parts.append("isError ×\(count(s.errors.isError))") }
        if s.errors.timeout > 0 { parts.append("timeout ×\(count(s.errors.timeout))") }
        if s.errors.disconnected > 0 { parts.append("disconnected ×\(count(s.errors.disconnected))") }
        return "errors: \(count(s.errors.total)) (\(percent(s.errorRate))): " + parts.joined(separator: ", ")
    }

    static func latencies(_ l: LatencySummary) -> [String] {
        [l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map(ms)
    }

    static func observed(_ t: ThresholdResult) -> String {
        switch t.unit {
        case "ms": return "\(ms(t.observed)) ms"
        case "ratio": return String(format: "%.4g", t.observed) + " (\(percent(t.observed)))"
        default: return "\(rate(t.observed)) \(t.unit)"
        }
    }

    /// Three significant figures, never fewer than one decimal below 1,000.
    public static func ms(_ v: Double) -> String {
        if v >= 1000 { return String(format: "%.0f", v) }
        if v >= 100 { return String(format: "%.1f", v) }
        if v >= 10 { return String(format: "%.2f", v) }
        return String(format: "%.3f", v)
    }

    public static func rate(_ v: Double) -> String { v >= 100 ? grouped(Int(v.rounded())) : String(format: "%.1f", v) }
    static func count(_ v: UInt64) -> String { grouped(Int(clamping: v)) }
    static func percent(_ ratio: Double) -> String {
        let p = ratio * 100
        return p == 100 || p == 0 ? String(format: "%.0f%%", p) : String(format: "%.2f%%", p)
    }
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

    static func grouped(_ v: Int) -> String {
        let digits = String(v.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (v < 0 ? "-" : "") + out
    }

    static func table(_ headers: [String], _ rows: [[String]]) -> [String] {
        let widths = headers.indices.map { i in ([headers[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                // The first column reads left to right; the figures align on the right.
                i == 0
                    ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, widths[i] - c.count)) + c
            }.joined(separator: "  ")
        }
        return [line(headers)] + rows.map(line)
    }
}
