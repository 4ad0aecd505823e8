import PreflightCore

struct LintClean: RunCheck {
    static let command = "uv run ruff check ."
    static let description = CheckDescription(
        id: "code.lint-clean", title: "ruff finds nothing", section: .codeQuality, kind: .run, severity: .warning,
        rationale: """
            Runs `uv run ruff check .` with the project's own ruff and configuration. Each reported problem becomes a \
            finding at its file and line. ruff not in the project's environment is a skip, not a fail.
            """,
        remediation: "Run `uv run ruff check . --fix`, fix the rest by hand; add ruff with `uv add --dev ruff`.",
        failing: [Example(fixture: "run-fail")], passing: [Example(fixture: "run-pass")])

    func run(_ context: RunContext) async -> CheckOutput {
        if let notReady = await context.uvReady() { return notReady }
        let run = await context.uvRun("ruff", ["check", "."], seconds: context.options.toolTimeout)
        return RuffVerdict.judge(run, context, problems: "ruff reported problems", clean: "no lint problems")
    }
}

/// ruff's exit codes: 0 clean, 1 problems found, 2 ruff itself failed (bad configuration).
enum RuffVerdict {
    static let location = #"^(?:\s*-->\s*)?([^\s:]+\.pyi?):(\d+)(?::\d+)?"#

    static func judge(_ run: ToolRun, _ context: RunContext, problems: String, clean: String) -> CheckOutput {
        if let undecided = run.undecided(tool: "ruff", context.options) { return undecided }
        let evidence = run.evidence(context.options)
        switch run.exitCode {
        case 0: return .pass("`\(run.command)`: \(clean)", evidence: evidence)
        case 1:
            let findings = run.findings(location, project: context.project, context.options)
            let message = "\(problems): \(run.lastLine(context.options))"
            return CheckOutput(
                status: .fail, message: message, findings: findings.isEmpty ? [Finding(message)] : findings, evidence: evidence)
        default:
            return CheckOutput(
                status: .fail, message: "`\(run.command)` failed (\(run.exitDescription)): \(run.lastLine(context.options))",
                findings: [Finding("ruff could not run: \(run.lastLine(context.options))")], evidence: evidence)
        }
    }
}
