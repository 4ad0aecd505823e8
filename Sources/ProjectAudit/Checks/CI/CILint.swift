import PreflightCore

struct CILint: StaticCheck {
    static let description = CheckDescription(
        id: "ci.lint", title: "CI runs a linter", section: .cicd, severity: .warning,
        rationale: """
            A linter in CI keeps unused imports, shadowed names and likely bugs out of the main branch. Counts: `ruff check` \
            (also through `uv run`, `uvx`, a task runner target, a tox environment, a nox session, a Hatch or poe script, a \
            pre-commit hook, local hooks included, or `astral-sh/ruff-action`), `flake8`, `pylint`, `hatch fmt`; \
            `eslint`, `biome lint|check` and `oxlint` for a Node.js server. \
            `ruff format --check` only checks formatting and does not count; neither does a step whose failure is ignored \
            (`continue-on-error: true`, `|| true`).
            """,
        remediation: "Add a step `run: uv run ruff check .` (with ruff in the dev dependency group).",
        failing: [
            Example([
                ".github/workflows/ci.yml": CISupport.workflow("- run: uv run ruff format --check .", "- run: uv run pytest")
            ]),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- run: make lint\n        continue-on-error: true  # do not fail the build on lint warnings"),
                    "Makefile": "lint:\n\truff check .\n",
                ], note: "non-blocking step"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- run: uv run pytest\n        working-directory: servers/a",
                        "- run: uv run ruff check .\n        working-directory: servers/b"),
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: only another package is linted"),
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
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uvx pre-commit run --all-files"),
                    ".pre-commit-config.yaml":
                        "repos:\n  - repo: local\n    hooks:\n      - id: lint\n        name: lint\n        entry: make\n        args: [lint]\n        language: system\n        pass_filenames: false\n",
                    "Makefile": "lint:\n\tuv run ruff check .\n",
                ], note: "pre-commit local hook calling make"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uvx nox -s lint"),
                    "noxfile.py":
                        "import nox\n\n@nox.session(python=\"3.12\")\ndef lint(session):\n    session.install(\"ruff\")\n    session.run(\"ruff\", \"check\", \".\")\n",
                ], note: "nox session"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: pre-commit run --all-files"),
                    ".pre-commit-config.yaml":
                        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.11.0\n    hooks:\n      - id: ruff-check\n",
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: the repository's pre-commit config, run at the top"),
        ])

    func run(_ project: Project) -> CheckOutput {
        CISupport.requireStep(
            project, what: "runs a linter", missing: "no CI step runs a linter (ruff check, flake8, pylint, eslint)",
            command: CIRecognize.isLint,
            actions: ["astral-sh/ruff-action", "chartboost/ruff-action", "github/super-linter", "super-linter/super-linter"])
    }
}
