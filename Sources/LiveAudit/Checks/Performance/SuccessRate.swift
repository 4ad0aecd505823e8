import PreflightCore

struct SuccessRate: LiveCheck {
    static let description = CheckDescription(
        id: "perf.success-rate", title: "Success rate >= 99% under load", section: .performance, kind: .live,
        severity: .error,
        rationale: """
            The checklist's targets: tool call success above 99% and error rate below 0.1%. A call succeeds when it \
            returns a result without `isError`; protocol errors, timeouts, crashes and tool errors count against it. \
            A tool whose every call returns a tool error says more about the arguments Preflight could build than \
            about the server, and is left out with the reason.
            """,
        remediation: "Look at the server's stderr for the failing calls; fix the error path or the resource limit behind it.",
        failing: [.server("perf.success-rate")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        if let skip = LiveSkip.step(f, "load") { return skip }
        let hint = "give arguments that work in preflight.toml ([tools.examples.NAME])"
        // Every call of the tool errored: the arguments, not the server, are the likely cause.
        let hopeless = f.load.filter { $0.count > 0 && $0.toolErrors == $0.count }
        let judged = f.load.filter { s in !hopeless.contains { $0.tool == s.tool } }
        var notes = f.notLoaded.map { "`\($0.tool)` not loaded: \($0.reason)" }
        notes += hopeless.map {
            "`\($0.tool)` left out: all \($0.count) calls returned a tool error, so the arguments were likely poor; \(hint)"
        }
        guard !judged.isEmpty else {
            return .skip(
                notes.isEmpty
                    ? "no tool answered its first call with a result, so no load was run" : notes.joined(separator: "; "))
        }
        let total = judged.reduce(0) { $0 + $1.count }
        let protocolFailures = judged.reduce(0) { $0 + $1.errors }
        let toolErrors = judged.reduce(0) { $0 + $1.toolErrors }
        let succeeded = total - protocolFailures - toolErrors
        let rate = total == 0 ? 0 : Double(succeeded) * 100 / Double(total)
        let minRate = context.thresholds.successRatePercent
        let maxError = context.thresholds.errorRatePercent
        var message = "\(succeeded) of \(total) calls succeeded (\(Self.percent(rate))%)"
        if toolErrors > 0 {
            message += "; \(toolErrors) returned a tool error (\(Self.percent(Double(toolErrors) * 100 / Double(total)))%)"
        }
        if protocolFailures > 0 { message += "; \(protocolFailures) failed (protocol error, timeout or no answer)" }
        if !notes.isEmpty { message += " [\(notes.joined(separator: "; "))]" }
        var evidence = JSONObjectBuilder()
        evidence.set("calls", total)
        evidence.set("succeeded", succeeded)
        evidence.set("toolErrors", toolErrors)
        evidence.set("failed", protocolFailures)
        evidence.set("timeouts", judged.reduce(0) { $0 + $1.timeouts })
        evidence.set("leftOut", JSONValue.strings(notes))
        if rate < minRate { return .fail(message, evidence: evidence.value) }
        let errorRate = 100 - rate
        if errorRate >= maxError && succeeded < total {
            return .warn(message + ", error rate above \(maxError)%", evidence: evidence.value)
        }
        return .pass(message, evidence: evidence.value)
    }

    static func percent(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}
