import PreflightCore

struct CIPipelineExists: StaticCheck {
    static let description = CheckDescription(
        id: "ci.pipeline", title: "A CI pipeline runs on every change", section: .cicd, severity: .error,
        rationale: """
            Without a pipeline, tests, lint, type checks and scans run only when someone remembers to. GitHub Actions \
            workflows (`.github/workflows/*.yml`) and `.gitlab-ci.yml` count when at least one of them starts on push or \
            pull/merge requests; a workflow that only runs by hand (`workflow_dispatch`) or on a schedule does not gate changes.
            """,
        remediation: """
            Add `.github/workflows/ci.yml` triggered `on: [push, pull_request]` with `astral-sh/setup-uv`, \
            `uv sync --frozen`, `uv run pytest`, `uv run ruff check .` and `uv run mypy src/` (or a `.gitlab-ci.yml`).
            """,
        failing: [
            Example(["pyproject.toml": "[project]\nname = \"x\"\n"], note: "no pipeline at all"),
            Example(
                [
                    ".github/workflows/ci.yml":
                        "on: workflow_dispatch\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest\n"
                ],
                note: "manual trigger only"),
        ],
        passing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uv run pytest")]),
            Example([".gitlab-ci.yml": "test:\n  image: python:3.12\n  script:\n    - uv run pytest\n"]),
            Example(
                [
                    ".github/workflows/ci.yml":
                        "on:\n  pull_request:\n    branches: [main]\njobs:\n  t:\n    uses: ./.github/workflows/reusable.yml\n"
                ],
                note: "a job that calls a reusable workflow"),
        ])

    func run(_ project: Project) -> CheckOutput {
        let pipeline = CIPipeline.load(project)
        if pipeline.files.isEmpty {
            if let broken = pipeline.unreadable.first { return .skip("\(broken) could not be parsed (see project.files-parse)") }
            return .fail(
                "no CI pipeline: no workflow in .github/workflows and no .gitlab-ci.yml", at: Location(".github/workflows"))
        }
        if !pipeline.automatic, let manual = pipeline.manualOnly.first {
            return .fail(
                "\(manual.path) runs only by hand or on a schedule: nothing runs on push or pull requests", at: manual)
        }
        return .pass("\(pipeline.files.joined(separator: ", ")): \(pipeline.jobCount) job(s) run on every change")
    }
}
