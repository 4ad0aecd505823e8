import PreflightCore

struct FilesParse: StaticCheck {
    static let description = CheckDescription(
        id: "project.files-parse", title: "Project files parse", section: .project, severity: .error,
        rationale: """
            A Dockerfile, manifest, pyproject.toml or client config that does not parse is a deployment that fails \
            late; and every check that reads the file can only skip.
            """,
        remediation: "Fix the syntax error at the reported line; the tool that consumes the file will fail there too.",
        failing: [
            Example(["pyproject.toml": "[project\nname = \"x\"\n"]),
            Example(["compose.yaml": "services:\n  web:\n    image: x\n   bad: [\n"]),
        ],
        passing: [Example(["pyproject.toml": "[project]\nname = \"x\"\n", "compose.yaml": "services:\n  web:\n    image: x\n"])])

    func run(_ project: Project) -> CheckOutput {
        let findings = project.problems.map {
            Finding("\($0.path):\($0.line): \($0.message)", at: Location($0.path, line: $0.line))
        }
        return .from(findings, pass: "every Dockerfile, YAML, TOML, JSON and Python file parses")
    }
}
