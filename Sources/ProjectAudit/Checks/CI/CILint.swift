import PreflightCore

struct CILint: StaticCheck {
    static let description = CheckDescription(
        id: "ci.lint", title: "CI runs a linter", section: .cicd, severity: .warning,
        rationale: """
            A linter in CI keeps unused imports, shadowed names and likely bugs out of the main branch. Counts: `ruff check` \
            (also through `uv run`, `uvx`, a Makefile target, a pre-commit hook or `astral-sh/ruff-action`), `flake8`, \
            `pylint`. `ruff format --check` only checks formatting and does not count.
            """,
        remediation: "Add a step `run: uv run ruff check .` (with ruff in the dev dependency group).",
        failing: [
            Example([
                ".github/workflows/ci.yml": CISupport.workflow("- run: uv run ruff format --check .", "- run: uv run pytest")
            ])
        ],
        passing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uv run ruff check .")]),
            Example([".github/workflows/ci.yml": CISupport.workflow("- uses: astral-sh/ruff-action@v3")]),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- uses: pre-commit/action@v3.0.1"),
                    ".pre-commit-config.yaml":
                        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.11.0\n    hooks:\n      - id: ruff\n",
                ], note: "ruff as a pre-commit hook"),
        ])

    func run(_ project: Project) -> CheckOutput {
        CISupport.requireStep(
            project, what: "runs a linter", missing: "no CI step runs a linter (ruff check, flake8, pylint)",
            command: CIRecognize.isLint,
            actions: ["astral-sh/ruff-action", "chartboost/ruff-action", "github/super-linter", "super-linter/super-linter"])
    }
}
