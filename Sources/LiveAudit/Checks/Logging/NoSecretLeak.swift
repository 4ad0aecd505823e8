import PreflightCore

struct NoSecretLeak: LiveCheck {
    static let description = CheckDescription(
        id: "logging.no-secret-leak", title: "Secrets never appear in output", section: .logging, kind: .live,
        severity: .error,
        rationale: """
            Logs and tool results are stored, shipped and shown to models. Unique canary values are put in every \
            secret-named variable the project uses; none may come back on stdout, stderr or in a result.
            """,
        remediation: "Never log configuration wholesale; redact secrets in log formatters and error messages.",
        failing: [.server("logging.no-secret-leak")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "planting canaries in its environment") { return skip }
        guard !f.canaryNames.isEmpty else {
            return .skip("no secret-named variable to plant a canary in (all were set by the user)")
        }
        let evidence = JSONValue.object([("canaries", .strings(f.canaryNames)), ("leaked", .strings(f.leakedCanaryNames))])
        if f.leakedCanaryNames.isEmpty {
            return .pass(
                "canaries in \(f.canaryNames.joined(separator: ", ")) never appeared in stdout, stderr or results",
                evidence: evidence)
        }
        return .fail(
            "the value of \(f.leakedCanaryNames.joined(separator: ", ")) appeared in the server's output", evidence: evidence)
    }
}
