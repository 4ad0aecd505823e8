import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// The pipeline model behind the ci.* checks: shell splitting, GitLab includes and references,
/// local composite actions.
@Suite struct CIPipelineTests {
    @Test func shellSplitsCommandsNotWords() {
        let script = "uv sync --frozen && \\\n  uv run pytest -q # uv run mypy\necho \"ruff check\"; bash -c 'pyright src'"
        let commands = CIShell.split(script).map(\.words)
        #expect(
            commands == [
                ["uv", "sync", "--frozen"], ["uv", "run", "pytest", "-q"], ["echo", "ruff check"], ["bash", "-c", "pyright src"],
            ])
        #expect(CIShell.split(script).map(\.line) == [0, 1, 2, 2])
        #expect(CICommandLine.normalize(["uv", "run", "--with", "x", "python", "-m", "pytest"]) == ["pytest"])
        #expect(CICommandLine.normalize(["uvx", "ruff@0.11.0", "check"]) == ["ruff", "check"])
    }

    static func commands(_ files: [String: String]) async throws -> [[String]] {
        let project = try await TestProject(files).load()
        return CIPipeline.load(project).expandedCommands(project).map { CICommandLine.normalize($0.words) }
    }

    @Test func gitlabIncludesExtendsAndReferences() async throws {
        let commands = try await Self.commands([
            ".gitlab-ci.yml": """
            include:
              - local: ci/python.yml
              - template: Jobs/Container-Scanning.gitlab-ci.yml
            lint:
              extends: .python
              script:
                - !reference [.setup, script]
                - uv run ruff check .
            """,
            "ci/python.yml": ".python:\n  before_script: [uv sync --frozen]\n.setup:\n  script: [uv run mypy src]\n",
        ])
        #expect(commands == [["uv", "sync", "--frozen"], ["mypy", "src"], ["ruff", "check", "."]])
        let project = try await TestProject([
            ".gitlab-ci.yml": "include:\n  - template: Jobs/Container-Scanning.gitlab-ci.yml\nt:\n  script: [x]\n"
        ]).load()
        #expect(CISecurityScan().run(project).status == .pass)
    }

    @Test func compositeActionsAndBashC() async throws {
        let commands = try await Self.commands([
            ".github/workflows/ci.yml": CISupport.workflow(
                "- uses: ./.github/actions/setup", "- run: bash -c \"uv sync --locked && pytest\""),
            ".github/actions/setup/action.yml":
                "runs:\n  using: composite\n  steps:\n    - run: uv run ruff check .\n      shell: bash\n",
        ])
        #expect(commands == [["ruff", "check", "."], ["uv", "sync", "--locked"], ["pytest"]])
    }
}
