import PreflightCore

struct CIPipelineExists: StaticCheck {
    static let description = CheckDescription(
        id: "ci.pipeline", title: "A CI pipeline runs on every change", section: .cicd, severity: .error,
        rationale: """
            Without a pipeline, tests, lint, type checks and scans run only when someone remembers to. GitHub Actions \
            workflows (`.github/workflows/*.yml`) and `.gitlab-ci.yml` count when at least one of them starts on push or \
            pull/merge requests; a workflow that only runs by hand (`workflow_dispatch`) or on a schedule does not gate changes. \
            For a package in a monorepo, the pipelines at the repository's top count when a job works on the package: its \
            `working-directory`, a `cd`, `--directory`, a matrix value (also one built by globbing) or a `paths:` filter names \
            the package's folder, or the job runs repository-wide; a job scoped to other folders only does not test this package.
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
            Example(
                [
                    ".github/workflows/tests.yml": CISupport.workflow("- run: cd packages/core; hatch test"),
                    ".github/workflows/pr-b.yml":
                        "on:\n  pull_request:\n    paths: ['servers/b/**']\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest\n        working-directory: servers/b\n",
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: the root workflows test other packages only"),
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
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- run: uv run pytest\n        working-directory: servers/a"),
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: the root workflow tests the package via working-directory"),
            Example(
                [
                    ".github/workflows/python.yml": """
                    on: [push, pull_request]
                    jobs:
                      find:
                        runs-on: ubuntu-latest
                        outputs: {packages: "${{ steps.f.outputs.packages }}"}
                        steps:
                          - id: f
                            working-directory: src
                            run: echo "packages=$(find . -name pyproject.toml -exec dirname {} \\; | jq -R -s -c 'split(\"\\n\")[:-1]')" >> $GITHUB_OUTPUT
                      test:
                        needs: [find]
                        strategy:
                          matrix:
                            package: ${{ fromJson(needs.find.outputs.packages) }}
                        runs-on: ubuntu-latest
                        steps:
                          - run: uv run pytest
                            working-directory: src/${{ matrix.package }}
                    """,
                    "src/fetch/pyproject.toml": "[project]\nname = \"fetch\"\n",
                ], audit: "src/fetch", note: "monorepo: a matrix built by globbing the packages"),
            Example(
                [
                    ".github/workflows/pr-a.yml":
                        "on:\n  pull_request:\n    paths: ['servers/a/**']\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          cd servers/a\n          uv run pytest\n",
                    "servers/a/pyproject.toml": "[project]\nname = \"a\"\n",
                ], audit: "servers/a", note: "monorepo: paths filter and cd"),
        ])

    func run(_ project: Project) -> CheckOutput {
        let pipeline = CIPipeline.load(project)
        if pipeline.files.isEmpty {
            if let broken = pipeline.unreadable.first { return .skip("\(broken) could not be parsed (see project.files-parse)") }
            if let first = pipeline.unrelated.first {
                let folders = Array(Set(pipeline.unrelated.flatMap(\.folders))).sorted()
                let files = pipeline.unrelated.map(\.file)
                return .fail(
                    "CI does not test this package: \(files.prefix(4).joined(separator: ", "))"
                        + (files.count > 4 ? " and \(files.count - 4) more" : "")
                        + (folders.isEmpty
                            ? " never work on this folder"
                            : " work only on other folders (\(folders.prefix(4).joined(separator: ", ")))"),
                    at: Location(first.file, line: 1))
            }
            return .fail(
                "no CI pipeline: no workflow in .github/workflows and no .gitlab-ci.yml", at: Location(".github/workflows"))
        }
        if !pipeline.automatic, let manual = pipeline.manualOnly.first {
            return .fail(
                "\(manual.path) runs only by hand or on a schedule: nothing runs on push or pull requests", at: manual)
        }
        // Pipelines that name the project first, then repository-wide ones.
        let files = pipeline.files.sorted {
            (pipeline.reasons[$0] != nil ? 1 : 0, $0) < (pipeline.reasons[$1] != nil ? 1 : 0, $1)
        }
        .map { file in pipeline.reasons[file].map { "\(file) (\($0))" } ?? file }
        let shown = files.prefix(4).joined(separator: ", ") + (files.count > 4 ? " and \(files.count - 4) more" : "")
        return .pass("\(shown): \(pipeline.jobCount) job(s) run on every change")
    }
}
