import PreflightCore

struct TestsPresent: StaticCheck {
    static let description = CheckDescription(
        id: "code.tests-present", title: "The project has tests", section: .codeQuality, severity: .error,
        rationale:
            "Without tests every deploy is the first time the tools run with those inputs; the checklist starts with `uv run pytest` passing.",
        remediation: "Add `tests/` with pytest tests that call each tool with valid and invalid input.",
        failing: [
            Example(["src/app/server.py": "x = 1\n", "pyproject.toml": "[project]\nname = \"a\"\n"]),
            Example(["src/app/server.py": "x = 1\n", "tests/README.md": "todo\n"], note: "an empty tests folder"),
        ],
        passing: [
            Example(["src/app/server.py": "x = 1\n", "tests/test_tools.py": "def test_x():\n    assert True\n"]),
            Example(["src/app/server_test.py": "def test_x():\n    assert True\n"]),
            Example(["src/index.ts": "x", "src/index.test.ts": "test('x', () => {})\n"]),
        ])

    static func isTestFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let inTestDir = path.split(separator: "/").dropLast().contains { ["tests", "test", "__tests__", "spec"].contains($0) }
        let code = [".py", ".ts", ".js", ".mjs", ".go", ".rs", ".swift", ".java", ".kt", ".rb"].contains { name.hasSuffix($0) }
        guard code else { return false }
        if name == "__init__.py" || name == "conftest.py" { return false }
        return inTestDir || name.hasPrefix("test_") || name.hasSuffix("_test.py") || name.hasSuffix("_test.go")
            || name.contains(".test.") || name.contains(".spec.")
    }

    func run(_ project: Project) -> CheckOutput {
        let tests = project.files.filter(Self.isTestFile)
        if tests.isEmpty {
            return .fail(
                "no test files (tests/, test_*.py, *_test.py)",
                at: Location(project.exists("pyproject.toml") ? "pyproject.toml" : (project.readme?.path ?? "tests")))
        }
        return .pass(
            "\(tests.count) test file\(tests.count == 1 ? "" : "s"), e.g. \(tests[0])",
            evidence: .object([("count", .int(tests.count))]))
    }
}
