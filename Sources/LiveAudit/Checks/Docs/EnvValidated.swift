import PreflightCore

struct EnvValidatedOnStartup: LiveCheck {
    static let description = CheckDescription(
        id: "env.validated-on-startup", title: "Missing required variables stop startup", section: .environment,
        kind: .live, severity: .warning,
        rationale: """
            A server that starts without its API key looks healthy until the first tool call fails in front of a \
            user. Started without a required variable, it should exit non-zero, naming it on stderr, instead of \
            answering `initialize`. Preflight waits up to 5 s, or three times the measured cold start when that \
            is longer, and warns when the server neither exits nor answers in that time.
            """,
        remediation:
            "Validate configuration at startup (pydantic-settings with required fields does) and exit with a message naming what is missing.",
        failing: [.server("env.validated-on-startup", config: "[env]\nrequired = [\"MINI_TOKEN\"]\n")],
        passing: [.server(config: "[env]\nrequired = [\"MINI_TOKEN\"]\n")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.process(f, "starting it without its variables") { return skip }
        guard !f.requiredEnv.isEmpty else {
            return .skip(
                "no required variable known: list them without a value in .env.example, in [env] required, or with --require-env")
        }
        guard let v = f.envValidation else { return .skip("the startup probe did not run (launch failure or deadline)") }
        let names = v.missing.joined(separator: ", ")
        if v.answeredInitialize && !v.exited {
            return .fail("started without \(names) and answered initialize: it serves without its configuration")
        }
        if !v.exited {
            // Neither an exit nor an answer: a server still importing, or one waiting on something else.
            return .warn(
                "started without \(names), it neither exited nor answered initialize within \(v.windowMs) ms")
        }
        if v.exitCode == 0 { return .fail("started without \(names) and exited with code 0") }
        if !v.namedOnStderr {
            return .fail(
                "exited (code \(v.exitCode.map(String.init) ?? "?")) without naming \(names) on stderr: \(v.stderrExcerpt)")
        }
        return .pass(
            "without \(names) it exited with code \(v.exitCode.map(String.init) ?? "?") after \(v.elapsedMs) ms, naming it on stderr"
        )
    }
}
