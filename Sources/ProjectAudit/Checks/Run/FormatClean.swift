import PreflightCore

struct FormatClean: RunCheck {
    static let command = "uv run ruff format --check ."
    static let description = CheckDescription(
        id: "code.format-clean", title: "Code is formatted", section: .codeQuality, kind: .run, severity: .info,
        rationale: """
            Runs `uv run ruff format --check .`: files the formatter would change are listed as findings. Consistent \
            formatting keeps review diffs about behaviour.
            """,
        remediation: "Run `uv run ruff format .` and commit the result.",
        failing: [Example(fixture: "run-fail")], passing: [Example(fixture: "run-pass")])

    func run(_ context: RunContext) async -> CheckOutput {
        if let notReady = await context.uvReady() { return notReady }
        let run = await context.uvRun("ruff", ["format", "--check", "."], seconds: context.options.toolTimeout)
        return RuffVerdict.judge(run, context, problems: "files need formatting", clean: "every file is formatted")
    }
}
