import PreflightCore

struct CITests: StaticCheck {
    static let description = CheckDescription(
        id: "ci.tests", title: "CI runs the tests", section: .cicd, severity: .error,
        rationale: """
            Tests that only run on a laptop stop running. A step counts when its command is a test runner: `uv run pytest`, \
            `pytest`, `python -m pytest`, `tox`, `nox`, `hatch test`, or a `make` target whose recipe runs one (the \
            project's Makefile is followed). Comments and words inside `echo` strings are not commands.
            """,
        remediation: "Add a step `run: uv run pytest` after `uv sync --frozen`.",
        failing: [
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- run: uv sync --frozen", "- run: echo \"pytest\"  # uv run pytest")
                ],
                note: "pytest only in an echo string and a comment"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: make test"),
                    "Makefile": "test:\n\t@echo no tests yet\n",
                ], note: "make target that runs no test runner"),
        ],
        passing: [
            Example([
                ".github/workflows/ci.yml": CISupport.workflow(
                    "- run: |\n          uv sync --frozen\n          uv run --frozen pytest -q")
            ]),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: make check"),
                    "Makefile":
                        "check: lint test\nlint:\n\truff check .\ntest:\n\t$(MAKE) unit\nunit:\n\tpython -m pytest tests\n",
                ], note: "make target followed through prerequisites and $(MAKE)"),
            Example([
                ".gitlab-ci.yml":
                    ".py:\n  before_script: [uv sync --frozen]\ntest:\n  extends: .py\n  script:\n    - tox -e py312\n"
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        CISupport.requireStep(
            project, what: "runs the tests", missing: "no CI step runs the tests (pytest, tox, nox)",
            command: CIRecognize.isTests)
    }
}
