import PreflightCore

struct CITypecheck: StaticCheck {
    static let description = CheckDescription(
        id: "ci.typecheck", title: "CI runs a type checker", section: .cicd, severity: .warning,
        rationale: """
            Tool parameters become the JSON schemas clients see; a type checker in CI catches the mismatches between \
            annotations and code before a client does. Counts: `mypy`, `pyright`, `basedpyright`, `ty check`, `pytype` \
            (directly, through `uv run`, a task runner target, a tox environment, a nox session, a Hatch, poe or PDM script, \
            a pre-commit hook or `jakebailey/pyright-action`); `tsc` for a TypeScript server. A step whose failure is ignored (`continue-on-error: true`, \
            `|| true`) does not count.
            """,
        remediation: "Add a step `run: uv run mypy src/` (with mypy in the dev dependency group).",
        failing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uv run pytest", "- run: echo mypy src/ is next")]),
            Example(
                [".github/workflows/ci.yml": CISupport.workflow("- run: uv run mypy src || true")],
                note: "failure swallowed by `|| true`"),
        ],
        passing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uv run mypy src/")]),
            Example([".gitlab-ci.yml": "typecheck:\n  script:\n    - uv sync --frozen && uv run --frozen pyright\n"]),
            Example([".github/workflows/ci.yml": CISupport.workflow("- uses: jakebailey/pyright-action@v2")]),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uv run poe check"),
                    "pyproject.toml":
                        "[project]\nname = \"x\"\n[tool.poe.tasks]\ncheck = [\"lint\", \"types\"]\nlint = \"ruff check .\"\ntypes = {cmd = \"mypy src\"}\n",
                ], note: "poe task sequence"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uvx tox -e type"),
                    "tox.ini": "[tox]\nenv_list = py312, type\n\n[testenv:type]\ndeps = pyright\ncommands =\n    pyright src\n",
                ], note: "tox environment"),
            Example(
                [
                    ".github/workflows/test.yml": CISupport.workflow("- run: pnpm -w run tsc"),
                    "package.json": "{\"scripts\": {\"tsc\": \"turbo tsc\"}}\n",
                    "packages/srv/package.json": "{\"name\": \"@acme/srv\", \"scripts\": {\"tsc\": \"tsc --noEmit\"}}\n",
                ], audit: "packages/srv", note: "TypeScript monorepo: workspace-root script, turbo, package script"),
        ])

    func run(_ project: Project) -> CheckOutput {
        CISupport.requireStep(
            project, what: "runs a type checker", missing: "no CI step runs a type checker (mypy, pyright, tsc)",
            command: CIRecognize.isTypecheck, actions: ["jakebailey/pyright-action"])
    }
}
