import PreflightCore

struct CITypecheck: StaticCheck {
    static let description = CheckDescription(
        id: "ci.typecheck", title: "CI runs a type checker", section: .cicd, severity: .warning,
        rationale: """
            Tool parameters become the JSON schemas clients see; a type checker in CI catches the mismatches between \
            annotations and code before a client does. Counts: `mypy`, `pyright`, `basedpyright`, `ty check`, `pytype` \
            (directly, through `uv run`, a task runner target, a tox environment, a nox session, a Hatch, poe or PDM script, \
            a pre-commit hook or `jakebailey/pyright-action`); `tsc` for a TypeScript server. MegaLinter (full image or \
            Python flavour) and super-linter count for a Python project, since they run mypy (and MegaLinter pyright) by \
            default, unless their configuration (`ENABLE`, `ENABLE_LINTERS`, `DISABLE`, `DISABLE_LINTERS`, \
            `VALIDATE_PYTHON_MYPY`, in the step's `env` or `.mega-linter.yml`) leaves every type checker out. A step whose \
            failure is ignored (`continue-on-error: true`, `|| true`, `DISABLE_ERRORS`, `DISABLE_ERRORS_LINTERS`) does \
            not count.
            """,
        remediation: "Add a step `run: uv run mypy src/` (with mypy in the dev dependency group).",
        failing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uv run pytest", "- run: echo mypy src/ is next")]),
            Example(
                [".github/workflows/ci.yml": CISupport.workflow("- run: uv run mypy src || true")],
                note: "failure swallowed by `|| true`"),
            Example(
                [
                    ".github/workflows/lint.yml": CISupport.workflow("- uses: oxsecurity/megalinter/flavors/python@v8"),
                    ".mega-linter.yml": "DISABLE_LINTERS:\n  - PYTHON_MYPY\n  - PYTHON_PYRIGHT\n",
                    "src/app/server.py": "x = 1\n",
                ], note: "MegaLinter with its type checkers disabled"),
            Example(
                [
                    ".github/workflows/lint.yml": CISupport.workflow(
                        "- uses: super-linter/super-linter@v7\n        env:\n          VALIDATE_PYTHON_RUFF: true"),
                    "src/app/server.py": "x = 1\n",
                ], note: "super-linter told to run ruff only"),
        ],
        passing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uv run mypy src/")]),
            Example([".gitlab-ci.yml": "typecheck:\n  script:\n    - uv sync --frozen && uv run --frozen pyright\n"]),
            Example([".github/workflows/ci.yml": CISupport.workflow("- uses: jakebailey/pyright-action@v2")]),
            Example(
                [
                    ".github/workflows/mega-linter.yml": CISupport.workflow(
                        "- uses: oxsecurity/megalinter@v8\n        env:\n          VALIDATE_ALL_CODEBASE: true"),
                    ".mega-linter.yml": "DISABLE_LINTERS:\n  - SPELL_CSPELL\nDISABLE_ERRORS_LINTERS:\n  - REPOSITORY_TRIVY\n",
                    "src/app/server.py": "x = 1\n",
                ], note: "MegaLinter runs mypy and pyright unless told otherwise"),
            Example(
                [
                    ".github/workflows/lint.yml": CISupport.workflow(
                        "- uses: super-linter/super-linter/slim@v7\n        env:\n          VALIDATE_ALL_CODEBASE: false"),
                    "src/app/server.py": "x = 1\n",
                ], note: "super-linter runs mypy by default"),
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
