import PreflightCore

struct ConfigDependenciesPinned: StaticCheck {
    static let key = "project.dependencies"

    static let description = CheckDescription(
        id: "config.dependencies-pinned", title: "Runtime dependencies have version constraints", section: .configuration,
        severity: .warning,
        rationale: """
            A dependency with no constraint (`mcp`, `httpx`) accepts any future major release; the next `uv lock \
            --upgrade`, or any install that bypasses the lockfile (`pip install .`, a fresh resolve in CI), can pull a \
            breaking API change into production. A git dependency without a commit id installs whatever the branch \
            holds that day, which is neither reproducible nor reviewable.
            """,
        remediation: """
            Give every entry of `[project] dependencies` a constraint with a lower bound, e.g. `"mcp>=1.9,<2"` or \
            `"httpx~=0.28"` (`uv add` writes one for you), and pin git dependencies to a commit \
            (`pkg @ git+https://github.com/org/pkg@<sha>`, or `rev = "<sha>"` in `[tool.uv.sources]`).
            """,
        failing: [
            Example(["pyproject.toml": "[project]\nname = \"srv\"\ndependencies = [\n  \"mcp[cli]\",\n  \"httpx>=0.27\",\n]\n"]),
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\", \"tools @ git+https://github.com/org/tools.git@main\"]\n"
                ], note: "git ref is a branch"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\ndependencies = [\"mcp!=1.2.0\", \"anyio>=0\"]\n"],
                note: "constraints that admit everything"),
            Example([
                "pyproject.toml":
                    "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\", \"shared\"]\n\n[tool.uv.sources]\nshared = { git = \"https://github.com/org/shared\", branch = \"main\" }\n"
            ]),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\ndependencies = [\"mcp ^1.9\"]\n"], note: "not PEP 508"),
        ],
        passing: [
            Example([
                "pyproject.toml": """
                [project]
                name = "srv"
                dependencies = [
                    "mcp[cli]>=1.9.0,<2",
                    "httpx ~= 0.28",
                    "pydantic (>=2.7)",
                    "uvloop>=0.19; sys_platform != 'win32'",
                    "tools @ git+https://github.com/org/tools.git@3f2c1a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
                    "wheelpkg @ https://example.com/wheels/wheelpkg-1.2.0-py3-none-any.whl",
                ]
                """
            ]),
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\ndependencies = [\"mcp==1.9.4\", \"core\"]\n\n[tool.uv.sources]\ncore = { workspace = true }\n"
                ], note: "workspace members need no version"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\ndependencies = []\n"], note: "nothing to pin"),
            Example(
                [
                    "setup.py":
                        "from setuptools import setup\nsetup(name=\"srv\", install_requires=[\"mcp>=1.9,<2\", \"httpx~=0.27\"])\n"
                ],
                note: "setup.py"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let out = PyprojectSupport.setupPy(
            project,
            { setup in
                let source = setup.requirementsFile.map { "\($0) (read by \(setup.path))" } ?? "`install_requires`"
                guard !setup.installRequires.isEmpty else { return .pass("\(setup.path) declares no runtime dependencies") }
                let findings = setup.installRequires.compactMap { entry in
                    Self.problem(entry.text, sources: []).map { Finding($0, at: entry.location) }
                }
                return .from(
                    findings,
                    pass: "all \(setup.installRequires.count) runtime dependencies in \(source) have version constraints")
            })
        {
            return out
        }
        return PyprojectSupport.check(project) { document in
            guard let table = document["project"] else {
                return .skip("pyproject.toml has no [project] table, so it declares no PEP 621 dependencies")
            }
            guard let list = table["dependencies"] else {
                if PyprojectSupport.isDynamic("dependencies", in: document) {
                    return .skip("dependencies are dynamic (filled in by the build backend), so they cannot be read statically")
                }
                return .pass("`[project]` declares no runtime dependencies")
            }
            guard let entries = list.arrayValue else {
                return .fail("`[project] dependencies` is not an array", at: PyprojectSupport.location(project, key: Self.key))
            }
            let sources = document["tool"]?["uv"]?["sources"]?.objectValue ?? []
            var findings: [Finding] = []
            for entry in entries {
                guard let text = entry.stringValue else {
                    findings.append(
                        Finding(
                            "a `[project] dependencies` entry is not a string",
                            at: PyprojectSupport.location(project, key: Self.key)))
                    continue
                }
                let at = PyprojectSupport.location(project, ofString: text, inKey: Self.key)
                if let problem = Self.problem(text, sources: sources) { findings.append(Finding(problem, at: at)) }
            }
            if entries.isEmpty { return .pass("`[project] dependencies` is empty: nothing to pin") }
            return .from(findings, pass: "all \(entries.count) runtime dependencies have version constraints")
        }
    }

    /// Why `text` is not pinned, or nil when it is.
    static func problem(_ text: String, sources: [(String, JSONValue)]) -> String? {
        let requirement: PEP508Requirement
        switch PEP508Requirement.parse(text) {
        case .failure(let error): return "not a valid PEP 508 requirement: \(error.message)"
        case .success(let parsed): requirement = parsed
        }
        if let url = requirement.url {
            if case .unpinned(let why) = DependencyPins.judge(url: url) { return "`\(requirement.name)`: \(why)" }
            return nil
        }
        if let source = sources.first(where: { PyprojectSupport.normalize($0.0) == requirement.normalizedName })?.1,
            let judged = DependencyPins.judge(source: source)
        {
            if case .unpinned(let why) = judged { return "`\(requirement.name)`: \(why) ([tool.uv.sources])" }
            return nil
        }
        guard !requirement.specifier.isEmpty else {
            return "`\(text.trimmed)` has no version constraint: any future release, breaking ones included, is accepted"
        }
        guard case .success(let spec) = SpecifierSet.parse(requirement.specifier), spec.clauses.contains(where: \.bounds) else {
            return "`\(text.trimmed)`: `\(requirement.specifier)` admits every release, so it constrains nothing"
        }
        return nil
    }
}
