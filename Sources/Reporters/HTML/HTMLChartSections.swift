import PreflightCore

/// The chart sections both reports share: latency, memory, history trends.
enum HTMLChartSections {
    /// The percentile plot of every tool, and a histogram per tool.
    static func latency(_ curves: [HTMLCharts.Latency], note: String) -> String {
        let drawn = curves.filter { !$0.distribution.percentiles.isEmpty }
        guard !drawn.isEmpty else { return "" }
        var out = #"<section id="latency"><h2>Latency</h2><div class="charts">"#
        let series = drawn.map { c in
            SVGChart.Series(name: c.tool, points: c.distribution.percentiles.map { ($0.percentile, $0.ms) })
        }
        let all = drawn.flatMap { $0.distribution.percentiles }
        let chart = SVGChart(
            title: "Latency by percentile", x: .percentile(values: all.map(\.percentile)),
            y: .log("latency (ms, log scale)", values: all.map(\.ms)))
        out += HTMLPage.figure("Latency by percentile", chart.lines(series) + SVGChart.legend(series), note: note)
        for (i, c) in drawn.enumerated() {
            let bins = c.distribution.bins
            let histogram = SVGChart(
                title: "Latency histogram of \(c.tool)",
                x: .log("latency (ms, log scale)", values: bins.flatMap { [$0.lowMs, $0.highMs] }),
                y: .linear("calls", values: bins.map { Double($0.count) }, fromZero: true))
            out += HTMLPage.figure(
                "Histogram: \(c.tool) (\(c.distribution.calls) calls)",
                histogram.bars(bins.map { ($0.lowMs, $0.highMs, Double($0.count)) }, color: i, unit: " ms"))
        }
        return out + "</div></section>"
    }

    static func memory(_ series: [HTMLCharts.Memory], note: String?) -> String {
        let drawn = series.filter { !$0.points.isEmpty }
        guard let first = drawn.first else { return "" }
        let lines = drawn.map { m in SVGChart.Series(name: m.label, points: m.points.map { ($0.x, $0.bytes / 1_000_000) }) }
        let chart = SVGChart(
            title: "Resident memory", x: .linear(first.xLabel, values: drawn.flatMap { $0.points.map(\.x) }),
            y: .linear("RSS (MB)", values: drawn.flatMap { $0.points.map { $0.bytes / 1_000_000 } }, fromZero: true))
        return #"<section id="memory"><h2>Memory</h2><div class="charts">"#
            + HTMLPage.figure("Resident memory over time", chart.lines(lines) + SVGChart.legend(lines), note: note)
            + "</div></section>"
    }

    /// Verdicts, scores and latency across the recorded runs; which checks changed, run by run.
    static func trends(_ t: HistoryTrends?) -> String {
        guard let t, !t.runs.isEmpty else { return "" }
        var out = #"<section id="trends"><h2>Trends</h2>"#
        out +=
            "<p class=\"muted\">The last \(t.runs.count) recorded run\(t.runs.count == 1 ? "" : "s") in <code>\(HTMLText.escape(t.location))</code>, oldest first.</p>"
        out += #"<div class="charts">"#
        let index = t.runs.indices.map { Double($0) }
        let xAxis = runAxis(t.runs)
        let scores: [(x: Double, y: Double)] = t.runs.enumerated().compactMap { i, r in r.score.map { (index[i], Double($0)) } }
        if !scores.isEmpty {
            let chart = SVGChart(title: "Score per run", x: xAxis, y: .linear("score", values: [0, 100]))
            out += HTMLPage.figure("Score per run", chart.lines([SVGChart.Series(name: "score", points: scores, dots: true)]))
        }
        var series: [SVGChart.Series] = []
        for (i, tool) in t.tools.enumerated() {
            let p95: [(x: Double, y: Double)] = tool.p95Ms.enumerated().compactMap { n, v in v.map { (index[n], $0) } }
            let p99: [(x: Double, y: Double)] = tool.p99Ms.enumerated().compactMap { n, v in v.map { (index[n], $0) } }
            let name = t.name(tool)
            series.append(SVGChart.Series(name: "\(name) p95", points: p95, dots: true, color: i))
            series.append(SVGChart.Series(name: "\(name) p99", points: p99, dots: true, dashed: true, color: i))
        }
        let values = series.flatMap { $0.points.map(\.y) }
        if !values.isEmpty {
            let chart = SVGChart(title: "p95 and p99 per run", x: xAxis, y: .log("latency (ms, log scale)", values: values))
            out += HTMLPage.figure("p95 (solid) and p99 (dashed) per run", chart.lines(series) + SVGChart.legend(series))
        }
        out += "</div>" + runTable(t.runs) + statusGrid(t)
        return out + "</section>"
    }

    static func runAxis(_ runs: [HistoryTrends.Run]) -> ChartAxis {
        let every = max(1, runs.count / 10)
        let ticks: [(value: Double, label: String)] = runs.enumerated().filter {
            $0.offset % every == 0 || $0.offset == runs.count - 1
        }.map { (Double($0.offset), "#\($0.element.id)") }
        return ChartAxis(label: "run", scale: .linear, min: 0, max: Double(max(1, runs.count - 1)), ticks: ticks)
    }

    static func runTable(_ runs: [HistoryTrends.Run]) -> String {
        var out = "<details><summary>Runs</summary><table><tr><th>run</th><th>started</th><th>verdict</th><th>score</th>"
        out += "<th>duration</th><th>commit</th><th>target</th></tr>"
        for r in runs.reversed() {
            out += "<tr><td>#\(r.id)</td><td>\(HTMLText.escape(r.startedAt))</td>"
            out += "<td>\(HTMLPage.badge(r.passed ? .pass : .fail))</td><td>\(r.score.map(String.init) ?? "–")</td>"
            out += "<td>\(HTMLText.number(Double(r.durationMs) / 1000)) s</td>"
            out += "<td><code>\(HTMLText.escape(String((r.gitCommit ?? "–").prefix(10))))</code></td>"
            out += "<td style=\"text-align:left\">\(HTMLText.escape(r.target))</td></tr>"
        }
        return out + "</table></details>"
    }

    /// A row per check whose status changed over the runs: one square per run.
    static func statusGrid(_ t: HistoryTrends) -> String {
        let changed = t.checks.filter(\.changed)
        guard !changed.isEmpty else {
            return t.checks.isEmpty ? "" : "<p class=\"muted\">No check changed status over these runs.</p>"
        }
        var out = "<h3>Checks that changed</h3><table class=\"grid-status\"><tr><th>check</th>"
        for r in t.runs { out += "<th>#\(r.id)</th>" }
        out += "</tr>"
        for c in changed {
            out += "<tr><th style=\"text-align:left\"><code>\(HTMLText.escape(c.id))</code></th>"
            for (i, s) in c.statuses.enumerated() {
                let run = t.runs[i].id
                guard let s else {
                    out += "<td title=\"run #\(run): not in this run\"></td>"
                    continue
                }
                out += "<td class=\"s-\(s.rawValue)\" title=\"run #\(run): \(s.rawValue)\"></td>"
            }
            out += "</tr>"
        }
        return out + "</table>"
    }
}
