import PreflightCore

struct LatencyRegressionCheck: HistoryCheck {
    static func run(_ id: Int64?, _ tools: [String: (Double, Double)], load: String = "1 in flight") -> RunDigest {
        RunDigest(
            runID: id, startedAt: id == nil ? "" : "2026-11-01T08:00:00Z",
            latency: tools.mapValues { ToolLatency(p95Ms: $0.0, p99Ms: $0.1, calls: 1000, load: load) })
    }

    static let description = CheckDescription(
        id: "perf.regression", title: "Tool latency has not regressed since the baseline", section: .performance,
        kind: .live, severity: .error,
        rationale: """
            The checklist's Maintenance section asks for a performance review every month, and a review needs a \
            reference. With `--baseline last` (the previous run in the history) or `--baseline RUN_ID`, each tool's \
            p95 and p99 are compared with the baseline run's, measured under the same load: worse by more than 20% \
            (`[thresholds] regression-percent`) and by at least 2 ms (`regression-min-ms`, so that a busy machine's \
            jitter is not a regression) is a finding. A percentile is compared only when both runs have at least 5 \
            calls beyond it (100 calls for a p95, 500 for a p99: `[thresholds] load-calls`). Without a baseline, or when the baseline measured nothing \
            comparable, the check is a skip that says why.
            """,
        remediation: """
            Find what changed since the baseline run (`preflight history` shows its git commit) and profile the \
            slower tool. A slowdown you accept becomes the new reference with `--baseline RUN_ID` of a later run.
            """,
        failing: [
            .runs(
                baseline: run(3, ["search": (10, 20)]), current: run(nil, ["search": (15, 21)]), note: "p95 +50%"),
            .runs(
                baseline: run(3, ["search": (10, 20), "fetch": (1, 2)]),
                current: run(nil, ["search": (10, 20), "fetch": (1, 30)]),
                note: "p99 of one tool of two"),
        ],
        passing: [
            .runs(baseline: run(3, ["search": (10, 20)]), current: run(nil, ["search": (11.5, 23)]), note: "within 20%"),
            .runs(baseline: run(3, ["search": (0.2, 0.4)]), current: run(nil, ["search": (0.5, 0.9)]), note: "under 2 ms"),
            .runs(
                baseline: run(3, ["search": (10, 20)]), current: run(nil, ["search": (9, 14)]), note: "faster"),
        ])

    func run(current: RunDigest, baseline: Baseline, config: PreflightConfig) -> CheckOutput {
        let (base, skip) = BaselineSkip.of(baseline)
        guard let base else { return skip ?? .skip("no baseline") }
        guard !current.latency.isEmpty else {
            return .skip("this run measured no tool latency (it needs a running server whose tools are called)")
        }
        guard !base.latency.isEmpty else { return .skip("\(base.name) measured no tool latency to compare with") }
        let comparison = Regressions.latency(current: current, baseline: base, thresholds: config.thresholds)
        let notes = comparison.notCompared.map { "`\($0.tool)` \($0.reason)" }
        let fewer = comparison.tooFewCalls.map { "`\($0.tool)`: \($0.reason)" }
        guard !comparison.compared.isEmpty else { return .skip("nothing to compare: " + notes.joined(separator: "; ")) }
        let evidence = BaselineSkip.evidence(
            base,
            [
                ("compared", .strings(comparison.compared)),
                ("regressionPercent", .double(config.thresholds.regressionPercent)),
                ("regressionMinMs", .double(config.thresholds.regressionMinMs)),
            ])
        let findings = comparison.regressions.map { Finding("\($0.message) in \(base.name)") }
        let remarks = notes + fewer
        let remark = remarks.isEmpty ? "" : " [\(remarks.joined(separator: "; "))]"
        let percent = Regressions.ms(config.thresholds.regressionPercent)
        return .from(
            findings,
            pass: "\(comparison.compared.joined(separator: ", ")) within \(percent)% of \(base.name)\(remark)",
            evidence: evidence)
    }
}
