import PreflightCore

struct SuccessRate: LiveCheck {
    static let description = CheckDescription(
        id: "perf.success-rate", title: "Success rate >= 99% under load", section: .performance, kind: .live,
        severity: .error,
        rationale: """
            The checklist's targets: tool call success above 99% and error rate below 0.1%. Protocol errors, \
            timeouts and crashes count as failures; a tool-level error (`isError`) for Preflight's own generated \
            arguments does not.
            """,
        remediation: "Look at the server's stderr for the failing calls; fix the error path or the resource limit behind it.",
        failing: [.server("perf.success-rate")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        guard !f.load.isEmpty else { return .skip("no tool answered its first call, so no load was run") }
        let total = f.load.reduce(0) { $0 + $1.count }
        let failed = f.load.reduce(0) { $0 + $1.errors }
        let rate = total == 0 ? 0 : Double(total - failed) * 100 / Double(total)
        let minRate = context.thresholds.successRatePercent
        let maxError = context.thresholds.errorRatePercent
        let errorRate = 100 - rate
        let message = "\(total - failed)/\(total) calls succeeded (\(String((rate * 100).rounded() / 100))%)"
        let evidence = JSONValue.object([("calls", .int(total)), ("failed", .int(failed))])
        if rate < minRate { return .fail(message, evidence: evidence) }
        if errorRate >= maxError && failed > 0 { return .warn(message + ", error rate above \(maxError)%", evidence: evidence) }
        return .pass(message, evidence: evidence)
    }
}
