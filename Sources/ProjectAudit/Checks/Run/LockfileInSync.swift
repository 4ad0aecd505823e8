import PreflightCore

struct LockfileInSync: RunCheck {
    static let command = "uv lock --check"
    static let description = CheckDescription(
        id: "config.lockfile-in-sync", title: "uv.lock matches pyproject.toml", section: .configuration, kind: .run,
        severity: .error,
        rationale: """
            Runs `uv lock --check`: a lock that no longer satisfies pyproject.toml makes `uv sync --frozen` install \
            something other than what pyproject.toml says, and `uv sync --locked` in CI fail. Deciding it may need the \
            package index; without network it is a skip.
            """,
        remediation: "Run `uv lock` and commit uv.lock together with the pyproject.toml change.",
        failing: [Example(fixture: "run-fail")], passing: [Example(fixture: "run-pass")])

    func run(_ context: RunContext) async -> CheckOutput {
        let project = context.project
        guard project.exists("pyproject.toml") else { return .skip("no pyproject.toml: not a uv project") }
        guard project.exists("uv.lock") else { return .skip("no uv.lock (see config.lockfile)") }
        guard context.which("uv") != nil else { return .skip("uv is not installed (https://docs.astral.sh/uv/)") }
        let run = await context.run("uv", ["lock", "--check"], seconds: context.options.toolTimeout)
        if let undecided = run.undecided(tool: "uv", context.options, network: true) { return undecided }
        let evidence = run.evidence(context.options)
        if run.exitCode == 0 { return .pass("`uv lock --check`: uv.lock is up to date", evidence: evidence) }
        let line = run.lines.first { $0.lowercased().contains("error") } ?? run.lastLine(context.options)
        return .fail(
            "uv.lock is out of date with pyproject.toml: \(line.trimmed.prefix(300))", at: Location("uv.lock"), evidence: evidence
        )
    }
}
