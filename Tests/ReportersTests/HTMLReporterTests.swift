import Foundation
import Load
import PreflightCore
import Testing

@testable import Reporters

/// The HTML report: one self-contained page, everything from the project or server escaped, every
/// finding present.
@Suite struct HTMLReporterTests {
    /// Markup that would run or load something if it were not escaped.
    static let breakout = #"</pre></details><img src=x onerror="alert(1)"><svg onload=alert(2)>"'><script>alert(3)</script>"#

    static func histogram(_ ms: [Double]) -> LatencyHistogram {
        var h = LatencyHistogram()
        for v in ms { h.record(UInt64(v * 1e6)) }
        return h
    }

    static var charts: HTMLCharts {
        let trends = HistoryTrends(
            location: "/tmp/\(breakout)/history.sqlite",
            runs: [
                HistoryTrends.Run(
                    id: 1, kind: "check", startedAt: "2026-11-01T08:00:00Z", durationMs: 900, passed: true, score: 90,
                    gitCommit: "abc", target: breakout),
                HistoryTrends.Run(
                    id: 2, kind: "check", startedAt: "2026-11-02T08:00:00Z", durationMs: 950, passed: false, score: 70,
                    gitCommit: nil, target: "."),
            ],
            checks: [HistoryTrends.CheckSeries(id: "docker.\(breakout)", statuses: [.pass, .fail])],
            tools: [HistoryTrends.ToolSeries(tool: breakout, load: "1 in flight", p95Ms: [1, 2], p99Ms: [3, nil])])
        return HTMLCharts(
            latency: [
                HTMLCharts.Latency(
                    tool: breakout, distribution: LatencyDistribution(histogram((1...200).map { Double($0) / 10 }))),
                HTMLCharts.Latency(tool: "fetch", distribution: LatencyDistribution(histogram([5, 6, 7, 400]))),
            ],
            memory: [
                HTMLCharts.Memory(
                    label: breakout, xLabel: "calls",
                    points: (0..<10).map { HTMLCharts.Memory.Point(x: Double($0 * 30), bytes: 5e7) })
            ], memoryNote: breakout, trends: trends)
    }

    static var report: Report {
        var checks = SampleReport.checks
        checks[0].findings = (0..<250).map { (i: Int) in
            Finding("finding #\(i) \(breakout)", at: Location("src/f\(i).py", line: i))
        }
        checks[0].evidence = .object([("raw", .string(breakout))])
        var config = PreflightConfig()
        config.failureThreshold = .warning
        var target = Target(project: breakout, transport: .stdio, command: ["python", breakout])
        target.url = nil
        return Report(
            toolVersion: "0.1.0", target: target, startedAt: "2026-11-25T08:00:00Z", durationMs: 1234, checks: checks,
            config: config, notices: ["the server exited during load: \(breakout)", SampleReport.hostile])
    }

    let html = HTMLReporter(charts: HTMLReporterTests.charts).render(HTMLReporterTests.report)

    @Test func oneSelfContainedDocument() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.components(separatedBy: "<html").count == 2)
        #expect(html.components(separatedBy: "<style>").count == 2)
        // Only our own script; nothing fetched: no external sources, links, imports or URLs.
        #expect(html.components(separatedBy: "<script").count == 2)
        for forbidden in ["<link", "src=\"", "src='", "@import", "url(", "http://", "https://", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "the page holds \(forbidden)")
        }
        #expect(html.contains("default-src 'none'"))
    }

    @Test func verdictScoreNoticesAndSectionsInOrder() throws {
        #expect(html.contains("✘ NOT READY"))
        #expect(html.contains("<div class=\"score\">\(Self.report.summary.score)<small>/100</small></div>"))
        let notice = try #require(html.range(of: "class=\"notice\""))
        let checks = try #require(html.range(of: "<section id=\"checks\">"))
        #expect(notice.lowerBound < checks.lowerBound, "notices come before the checks")
        // Sections in checklist order, each check in its section with its remediation.
        let docker = try #require(html.range(of: "id=\"section-docker\""))
        let ops = try #require(html.range(of: "id=\"section-operations\""))
        let project = try #require(html.range(of: "id=\"section-project\""))
        #expect(docker.lowerBound < ops.lowerBound && ops.lowerBound < project.lowerBound)
        for r in Self.report.checks {
            #expect(html.contains("id=\"check-\(r.id.rawValue)\""), "\(r.id) has its entry")
        }
        #expect(html.contains("<strong>Fix:</strong> fix <code>docker.non-root-user</code> by doing the thing"))
        #expect(html.contains("Fails the run: <a href=\"#check-docker.non-root-user\">"))
        #expect(html.contains("<section id=\"latency\">") && html.contains("<section id=\"memory\">"))
        #expect(html.contains("<section id=\"trends\">"))
        #expect(html.contains("Checks that changed"))
    }

    @Test func everyFindingIsThere() {
        for i in 0..<250 {
            #expect(html.contains("finding #\(i) "), "finding \(i) is missing")
            #expect(html.contains("src/f\(i).py:\(i)"))
        }
        #expect(html.components(separatedBy: "<li class=\"fail\">").count - 1 >= 250)
    }

    @Test func everythingFromOutsideIsEscaped() {
        for raw in ["<img", "<svg onload", "<script>alert", "onerror=\"alert", "</details><img"] {
            #expect(!html.contains(raw), "raw markup survived: \(raw)")
        }
        #expect(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"))
        #expect(html.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
        // The sample's hostile message: entities, quotes, controls replaced, no carriage return.
        #expect(
            html.contains(
                "a | b &lt;script&gt;&amp;amp; &quot;q&quot; &#39;q&#39;\nline2\nnaïve 日本 🚀 ctl:\u{FFFD}\u{FFFD}\u{FFFD}end"))
        #expect(!html.contains("\u{1B}") && !html.contains("\u{01}") && !html.contains("\r"))
        // Suppression reasons, evidence, chart labels and the history too.
        #expect(html.contains("test key | &quot;fake&quot; &lt;ok&gt;"))
        #expect(html.contains("&lt;/pre&gt;&lt;/details&gt;"))
    }

    @Test func withoutChartsOrTrendsThereAreNoEmptySections() {
        let plain = HTMLReporter().render(SampleReport.passingReport)
        #expect(plain.contains("✔ READY"))
        #expect(plain.contains("No failing or warning checks."))
        for section in ["latency", "memory", "trends"] { #expect(!plain.contains("<section id=\"\(section)\">")) }
    }

    @Test func chartsAreDrawnFromTheData() throws {
        let latency = try #require(html.range(of: "<section id=\"latency\">"))
        let tail = html[latency.lowerBound...]
        let section = tail[..<(tail.range(of: "</section>")?.upperBound ?? tail.endIndex)]
        // One percentile plot with a line per tool, one histogram per tool.
        #expect(section.components(separatedBy: "<svg class=\"chart\"").count - 1 == 3)
        #expect(section.components(separatedBy: "<polyline class=\"series\"").count - 1 == 2)
        #expect(section.contains(">99%<") && section.contains(">max<"))
        #expect(section.contains("<rect "))
        for number in section.matches(of: /points="([^"]*)"/) {
            #expect(!number.1.contains("nan") && !number.1.contains("inf"))
        }
    }
}

/// The load report's page, from a report as `preflight load --format json` writes it.
@Suite struct LoadHTMLRendererTests {
    static func report() throws -> LoadReport {
        let b = HTMLReporterTests.breakout
        let histogram = HistogramCodec.encode(HTMLReporterTests.histogram((1...500).map { Double($0) / 50 }))
        func esc(_ s: String) -> String { JSONWriter.encode(.string(s)) }
        let stats = """
            {"name": \(esc(b)), "calls": 500, "ok": 498, "successRatio": 0.996, "errorRate": 0.004, "throughputPerSecond": 250.5,
             "latencyMs": {"min": 0.02, "mean": 5, "p50": 5, "p90": 9, "p95": 9.5, "p99": 9.9, "p999": 10, "max": 10},
             "errors": {"total": 2, "isError": 0, "timeout": 0, "disconnected": 0,
                        "jsonrpc": [{"code": -32603, "count": 2, "message": \(esc(b))}]},
             "histogram": "\(histogram)", "latencySumNs": 2500000000}
            """
        let json = """
            {"schemaVersion": 1, "preflightVersion": "0.1.0", "startedAt": "2026-11-30T07:04:08Z",
             "target": {"transport": "stdio", "command": ["python", \(esc(b))]},
             "server": {"name": \(esc(b)), "version": "1", "protocolVersion": "2025-11-25"},
             "settings": {"mode": "closed", "concurrency": 4, "durationSeconds": 2, "warmupSeconds": 0, "instances": 1,
                          "timeoutSeconds": 10, "calls": [{"tool": \(esc(b)), "arguments": {"q": \(esc(b))}, "argumentsSource": "--args"}]},
             "durationSeconds": 2, "overall": \(stats), "tools": [\(stats)],
             "resources": {"instances": [{"instance": 0, "rssStartBytes": 50000000, "rssEndBytes": 52000000, "rssPeakBytes": 53000000,
                                          "cpuSeconds": 1, "cpuPercent": 50}],
                           "samples": [{"instance": 0, "tMs": -1, "rssBytes": 50000000, "cpuSeconds": 0, "processes": 1},
                                       {"instance": 0, "tMs": 500, "rssBytes": 51000000, "cpuSeconds": 0.3, "processes": 1},
                                       {"instance": 0, "tMs": 1000, "rssBytes": 53000000, "cpuSeconds": 0.6, "processes": 1}]},
             "client": {"strayResponses": 0, "invalidLines": 0, "notifications": 0, "serverRequests": 0, "warmupCalls": 0,
                        "cpuSeconds": 0.1, "cpuMicrosecondsPerCall": 2},
             "thresholds": [{"expression": "p(95)<100", "observed": 9.5, "unit": "ms", "passed": true}],
             "ended": [\(esc("the server exited: " + b))],
             "baseline": {"runId": 3, "startedAt": "2026-11-29T07:00:00Z", "compared": [\(esc(b))], "notCompared": [],
                          "latency": [{"tool": \(esc(b)), "metric": "p95", "baselineMs": 5, "currentMs": 9.5, "changePercent": 90}],
                          "thresholds": []},
             "passed": false}
            """
        return try LoadReport.decode(Data(json.utf8))
    }

    static func charts(_ r: LoadReport) -> HTMLCharts {
        HTMLCharts(
            latency: r.tools.compactMap { s in
                LatencyDistribution(encoded: s.histogram).map { HTMLCharts.Latency(tool: s.name ?? "", distribution: $0) }
            },
            memory: [
                HTMLCharts.Memory(
                    label: "instance 1", xLabel: "seconds",
                    points: r.resources.samples.map { .init(x: $0.tMs / 1000, bytes: Double($0.rssBytes)) })
            ])
    }

    @Test func verdictTablesChartsAndBaseline() throws {
        let r = try Self.report()
        let html = LoadHTMLRenderer(charts: Self.charts(r)).render(r)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("✘ FAIL"))
        #expect(html.contains("Ended early: the server exited: "))
        #expect(html.contains("<section id=\"thresholds\">") && html.contains("<code>p(95)&lt;100</code>"))
        #expect(html.contains("<section id=\"baseline\">") && html.contains("p95 9.5 ms, was 5 ms (+90%)"))
        #expect(html.contains("<section id=\"latency\">") && html.contains("<section id=\"memory\">"))
        #expect(html.contains("JSON-RPC -32603"))
    }

    @Test func everythingFromTheServerIsEscaped() throws {
        let r = try Self.report()
        let html = LoadHTMLRenderer(charts: Self.charts(r)).render(r)
        for raw in ["<img", "<svg onload", "<script>alert", "onerror=\"alert"] {
            #expect(!html.contains(raw), "raw markup survived: \(raw)")
        }
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"))
    }
}
