import PreflightCore

struct FilesParse: StaticCheck {
    static let description = CheckDescription(
        id: "project.files-parse", title: "Project files parse", section: .project, severity: .error,
        rationale: """
            A Dockerfile, manifest, pyproject.toml, client config or server module that does not parse is a \
            deployment that fails late; and every check that reads the file can only skip. Python test files are \
            not deployed and are parsed by their own test run (code.tests-pass), so they are not parsed here.
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
        // Which Python parsed the sources: results depend on nothing else of the machine.
        let evidence = project.python.map { JSONValue.object([("python", .string($0.python))]) }
        if findings.isEmpty, let tooOld = project.pythonTooOld {
            return .skip("the Python files were not all parsed: \(tooOld)", evidence: evidence)
        }
        let parsedWith = project.python.map { " (Python parsed with \($0.python))" } ?? ""
        return .from(
            findings,
            pass: "every Dockerfile, YAML, TOML, JSON and Python file parses (test files are left to the test run)\(parsedWith)",
            evidence: evidence)
    }
}
