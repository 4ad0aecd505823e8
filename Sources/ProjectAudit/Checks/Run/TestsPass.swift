import PreflightCore

struct TestsPass: RunCheck {
    static let command = "uv run pytest"
    static let description = CheckDescription(
        id: "code.tests-pass", title: "The test suite passes", section: .codeQuality, kind: .run, severity: .error,
        rationale: """
            Runs `uv run pytest` in the project's own environment (installed once with `uv sync --frozen`). Exit 5, \
            "no tests collected", is a fail: a suite that tests nothing proves nothing. pytest missing from the \
            environment, or an environment that cannot be installed offline, is a skip with the reason.
            """,
        remediation: "Run `uv run pytest` and fix the failures; add pytest to the dev group (`uv add --dev pytest`).",
        failing: [
            Example(fixture: "run-fail"),
            Example(["tests/test_add.py": "# nothing collected here\n"], fixture: "run-pass", note: "exit 5: no tests"),
        ],
        passing: [Example(fixture: "run-pass")])

    static let exitMeanings: [Int32: String] = [
        1: "tests failed", 2: "the run was interrupted (collection errors?)", 3: "pytest had an internal error",
        4: "pytest was called wrongly", 5: "no tests were collected",
    ]

    func run(_ context: RunContext) async -> CheckOutput {
        if let notReady = await context.uvReady() { return notReady }
        let run = await context.uvRun("pytest", [], seconds: context.options.testsTimeout)
        if let undecided = run.undecided(tool: "pytest", context.options) { return undecided }
        let summary = run.lastLine(context.options)
        guard let code = run.exitCode, code != 0 else {
            return .pass("`\(run.command)`: \(summary)", evidence: run.evidence(context.options))
        }
        let meaning = Self.exitMeanings[code] ?? "pytest exited \(code)"
        let findings = run.findings(#"^(?:FAILED|ERROR) ([^\s:]+\.py)"#, project: context.project, context.options)
        let message = "\(meaning) (exit \(code)): \(summary)"
        return CheckOutput(
            status: .fail, message: message, findings: findings.isEmpty ? [Finding(message)] : findings,
            evidence: run.evidence(context.options))
    }
}
