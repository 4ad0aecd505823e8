import PreflightCore

struct CheckRegressionCheck: HistoryCheck {
    static func run(_ id: Int64?, _ statuses: [String: Status]) -> RunDigest {
        RunDigest(runID: id, startedAt: id == nil ? "" : "2026-11-01T08:00:00Z", statuses: statuses)
    }

    static let description = CheckDescription(
        id: "checks.regression", title: "No check that passed in the baseline fails now", section: .maintenance,
        kind: .static, severity: .error,
        rationale: """
            Readiness is kept, not reached once: the checklist's Maintenance items (dependency updates, security \
            patches applied promptly, the monthly performance review) change the project all the time, and each \
            change can undo a check that passed. With `--baseline last` or `--baseline RUN_ID`, every check that \
            passed in the baseline run and fails now is a finding; one that now warns is a warning. Checks that \
            were skipped or not run then are not compared. Without a baseline the check is a skip that says why.
            """,
        remediation: """
            Fix the check named in the finding (its own entry says how), or find the change that broke it since \
            the baseline run (`preflight history --check ID`).
            """,
        failing: [
            .runs(
                baseline: run(7, ["docker.non-root-user": .pass, "docs.readme-setup": .pass]),
                current: run(nil, ["docker.non-root-user": .fail, "docs.readme-setup": .pass])),
            .runs(
                baseline: run(7, ["docker.healthcheck": .pass]), current: run(nil, ["docker.healthcheck": .warn]),
                note: "a warning now"),
        ],
        passing: [
            .runs(
                baseline: run(7, ["docker.non-root-user": .fail, "docs.readme-setup": .pass]),
                current: run(nil, ["docker.non-root-user": .fail, "docs.readme-setup": .pass]),
                note: "failed then too"),
            .runs(
                baseline: run(7, ["protocol.ping": .skip]), current: run(nil, ["protocol.ping": .fail]),
                note: "not run then (a static audit)"),
        ])

    func run(current: RunDigest, baseline: Baseline, config: PreflightConfig) -> CheckOutput {
        let (base, skip) = BaselineSkip.of(baseline)
        guard let base else { return skip ?? .skip("no baseline") }
        let compared = current.statuses.keys.filter { base.statuses[$0] != nil && !HistoryRegistry.ids.contains($0) }
        guard !compared.isEmpty else { return .skip("no check of this run is in \(base.name)") }
        let regressions = Regressions.statuses(current: current, baseline: base, ignoring: HistoryRegistry.ids)
        let findings = regressions.map {
            Finding("`\($0.id)` passed in \(base.name) and is \($0.now.rawValue) now", status: $0.now == .warn ? .warn : .fail)
        }
        let evidence = BaselineSkip.evidence(base, [("regressed", .strings(regressions.map(\.id)))])
        return .from(
            findings, pass: "no check that passed in \(base.name) fails now (\(compared.count) compared)", evidence: evidence)
    }
}
