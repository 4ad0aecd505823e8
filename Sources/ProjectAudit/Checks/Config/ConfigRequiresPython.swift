import PreflightCore

struct ConfigRequiresPython: StaticCheck {
    static let key = "project.requires-python"

    static let description = CheckDescription(
        id: "config.requires-python", title: "requires-python allows 3.10+ and agrees with .python-version",
        section: .configuration, severity: .error,
        rationale: """
            `requires-python` is what pip and uv use to refuse an interpreter the code cannot run on, and what the \
            resolver uses to pick dependency versions. Unset or too loose (admitting 3.9), installs succeed on an \
            interpreter the MCP SDK does not support and fail at import time in production; a value that contradicts \
            `.python-version` makes `uv sync` fail or silently use another interpreter. It must be a PEP 440 \
            specifier: Poetry's `^3.10` is rejected by pip and uv.
            """,
        remediation: """
            Set `requires-python = ">=3.10"` (or a narrower range such as `">=3.11,<3.14"`) under `[project]`, using \
            PEP 440 syntax, and make sure the version in `.python-version` satisfies it.
            """,
        failing: [
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nversion = \"0.1.0\"\n"], note: "not set"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">3.9\"\n"], note: "admits 3.9.1"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \"^3.10\"\n"], note: "Poetry syntax"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \"~=3.8\"\n"]),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">=3.11\"\n", ".python-version": "3.10\n"],
                note: "contradicts .python-version"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">=3.12,<3.11\"\n"], note: "empty range"),
        ],
        passing: [
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">=3.10\"\n", ".python-version": "3.12\n"]),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">=3.10, <4\"\n"]),
            Example([
                "pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \"~=3.11\"\n", ".python-version": "3.13.1\n",
            ]),
            Example([
                "pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \"==3.12.*\"\n",
                ".python-version": "cpython-3.12.4\n",
            ]),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">=3.10.0,!=3.11.*\"\n"]),
            Example(
                ["setup.py": "from setuptools import setup\n\nsetup(\n    name=\"srv\",\n    python_requires=\">=3.10\",\n)\n"],
                note: "setup.py"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let out = PyprojectSupport.setupPy(
            project,
            { setup in
                guard let value = setup.pythonRequires else {
                    return .fail(
                        "\(setup.path) sets no `python_requires`: installs proceed on any interpreter",
                        at: Location(setup.path, line: 1))
                }
                return Self.evaluate(value.text, at: value.location, project: project)
            })
        {
            return out
        }
        return PyprojectSupport.check(project) { document in
            let at = PyprojectSupport.location(project, key: Self.key)
            guard let value = document["project"]?["requires-python"] else {
                if PyprojectSupport.isDynamic("requires-python", in: document) {
                    return .skip("requires-python is dynamic (set by the build backend), so it cannot be read statically")
                }
                let poetry = document["tool"]?["poetry"]?["dependencies"]?["python"]?.stringValue
                return .fail(
                    "`[project] requires-python` is not set"
                        + (poetry.map { "; Poetry's `python = \"\($0)\"` is not read by pip or uv" } ?? "")
                        + ": installs proceed on any interpreter",
                    at: at)
            }
            guard let text = value.stringValue else { return .fail("`requires-python` is not a string", at: at) }
            return Self.evaluate(text, at: at, project: project)
        }
    }

    static func evaluate(_ text: String, at: Location, project: Project) -> CheckOutput {
        let spec: SpecifierSet
        switch SpecifierSet.parse(text) {
        case .failure(let error): return .fail("requires-python is not a valid PEP 440 specifier: \(error.message)", at: at)
        case .success(let parsed): spec = parsed
        }
        let versions = spec.versions
        if let problem = ConfigPythonVersionFile.judge(versions, what: "requires-python `\(text)`", at: at) { return problem }
        guard let file = ConfigPythonVersionFile.versionFile(project),
            let pin = ConfigPythonVersionFile.pin(in: project.text(file) ?? "", path: file), let pinned = pin.versions
        else {
            return .pass("requires-python `\(text)` admits no Python older than 3.10 (no usable .python-version to compare with)")
        }
        guard pinned.overlaps(versions) else {
            return CheckOutput(
                status: .fail, message: "\(file) pins `\(pin.request)`, which requires-python `\(text)` does not allow",
                findings: [
                    Finding(
                        "\(file) pins `\(pin.request)`, which requires-python `\(text)` does not allow", at: pin.location),
                    Finding("requires-python `\(text)` does not allow the `\(pin.request)` pinned in \(file)", at: at),
                ])
        }
        return .pass("requires-python `\(text)` admits no Python older than 3.10, and the `\(pin.request)` pinned in \(file)")
    }
}
