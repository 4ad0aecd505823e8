import PreflightCore

struct CITests: StaticCheck {
    static let description = CheckDescription(
        id: "ci.tests", title: "CI runs the tests", section: .cicd, severity: .error,
        rationale: """
            Tests that only run on a laptop stop running. A step counts when its command is a test runner: `uv run pytest`, \
            `pytest`, `python -m pytest`, `tox`, `nox`, `hatch test`, or a target that runs one: Makefile, Taskfile \
            (`task x`), justfile (`just x`), tox environments and nox sessions (their commands are read), Hatch scripts \
            (`hatch run test`), poe/PDM/Rye scripts, `uv run <script>` of `[project.scripts]`, shell scripts (`./test.sh`) \
            and pre-commit local hooks are followed, in the folder the command runs in. For a Node.js server: vitest, jest, \
            mocha, `node --test`, and package.json scripts (`npm test`, `pnpm run x`, `turbo run test`). Comments and words inside `echo` \
            strings are not commands, and a step whose failure is ignored (`continue-on-error: true`, `|| true`) gates nothing.
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
            Example(
                [".github/workflows/ci.yml": CISupport.workflow("- run: uv run pytest || echo \"tests failed\"")],
                note: "failure swallowed by `|| echo`"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- run: uv run pytest\n        working-directory: servers/b",
                        "- run: uv sync --frozen\n        working-directory: servers/a"),
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: the root workflow tests another package only"),
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
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: task check"),
                    "Taskfile.yml":
                        "version: '3'\ntasks:\n  check:\n    deps: [lint]\n    cmds:\n      - task: test:unit\n  lint: uv run ruff check .\n  test:unit:\n    cmds:\n      - uv run pytest tests/unit\n",
                ], note: "Taskfile task, its deps and the tasks it calls"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: just ci"),
                    "justfile":
                        "set dotenv-load\n\nci: lint test\n\nlint:\n    uv run ruff check .\n\ntest *args:\n    @uv run pytest {{args}}\n",
                ], note: "justfile recipe and its dependencies"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: hatch run test"),
                    "pyproject.toml":
                        "[project]\nname = \"x\"\n[tool.hatch.envs.default.scripts]\ntest = \"pytest {args:tests}\"\n",
                ], note: "Hatch script"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uv run test"),
                    "pyproject.toml": "[project]\nname = \"x\"\n[project.scripts]\ntest = \"pytest:console_main\"\n",
                ], note: "`uv run <script>` of [project.scripts]"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: cd servers/a && ./test.sh"),
                    "servers/a/test.sh": "#!/bin/sh\nuv run pytest tests -q\n",
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: cd into the package, then a shell script"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: make test-a"),
                    "Makefile": "test-a:\n\tcd servers/a && uv run pytest\n",
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: the repository's Makefile, for a command at the top"),
            Example(
                [
                    ".github/workflows/test.yml": CISupport.workflow("- run: pnpm install --frozen-lockfile", "- run: pnpm test"),
                    "package.json": "{\"scripts\": {\"test\": \"dotenv -e .env -- turbo test\"}}\n",
                    "packages/srv/package.json": "{\"name\": \"@acme/srv\", \"scripts\": {\"test\": \"vitest run\"}}\n",
                ], audit: "packages/srv", note: "Node.js monorepo: package.json scripts through turbo"),
        ])

    func run(_ project: Project) -> CheckOutput {
        CISupport.requireStep(
            project, what: "runs the tests", missing: "no CI step runs the tests (pytest, tox, nox, vitest, jest)",
            command: CIRecognize.isTests)
    }
}
