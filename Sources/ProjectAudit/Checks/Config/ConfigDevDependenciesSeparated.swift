import PreflightCore

struct ConfigDevDependenciesSeparated: StaticCheck {
    /// Test, lint, format and type-check tools (PEP 503 normalised names): never needed at run time.
    static let devTools: Set<String> = [
        "pytest", "ruff", "mypy", "pyright", "basedpyright", "black", "flake8", "pylint", "isort", "coverage", "tox",
        "nox", "pre-commit", "hypothesis", "bandit", "pip-audit", "autopep8", "yapf", "pyupgrade", "pytype", "pyre-check",
    ]
    static let devToolPrefixes = ["pytest-", "flake8-", "types-", "pylint-"]
    /// Extras that by name are for development, not for users of the package.
    static let devExtraNames: Set<String> = [
        "dev", "develop", "development", "test", "tests", "testing", "lint", "linting", "typing", "types", "typecheck",
        "qa", "ci", "check", "checks", "tools",
    ]

    static let description = CheckDescription(
        id: "config.dev-dependencies-separated", title: "Development tools are not runtime dependencies",
        section: .configuration, severity: .warning,
        rationale: """
            Everything in `[project] dependencies` is installed in production: pytest, ruff or mypy there bloat the \
            image, slow cold starts, widen the attack surface and can conflict with the server's own dependencies. A \
            dependency group keeps them out of `uv sync --no-dev` and of the published package while every developer \
            and CI run still gets the same tools from the lockfile.
            """,
        remediation: """
            Move test/lint/type tools to a group: `uv add --dev pytest ruff mypy` writes `[dependency-groups] dev = [...]` \
            (PEP 735); install production with `uv sync --frozen --no-dev`. Prefer groups over a `[project.optional-dependencies]` \
            extra, which is published with the package.
            """,
        failing: [
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\", \"pytest>=8\", \"Ruff>=0.6\"]\n\n[dependency-groups]\ndev = [\"mypy>=1.10\"]\n"
                ], note: "tools in runtime dependencies"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\"]\n"],
                note: "no development dependencies declared anywhere (warning)"),
            Example(
                [
                    "setup.py":
                        "from setuptools import setup\nsetup(\n    name=\"srv\",\n    install_requires=[\"mcp>=1.2\", \"pytest>=8\"],\n)\n"
                ], note: "setup.py with a test tool at run time"),
            Example([
                "pyproject.toml":
                    "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\", \"types-requests>=2\", \"pytest_asyncio>=0.23\"]\n\n[tool.uv]\ndev-dependencies = [\"pytest>=8\"]\n"
            ]),
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\"]\n\n[project.optional-dependencies]\ndev = [\"pytest>=8\", \"ruff>=0.6\"]\n"
                ], note: "an installable extra (warning)"),
        ],
        passing: [
            Example([
                "pyproject.toml":
                    "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\", \"httpx>=0.27\"]\n\n[dependency-groups]\ndev = [\"pytest>=8\", \"ruff>=0.6\", \"mypy>=1.10\"]\n"
            ]),
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\", \"mypy-extensions>=1\"]\n\n[tool.uv]\ndev-dependencies = [\"pytest>=8\"]\n"
                ], note: "legacy uv dev-dependencies; mypy-extensions is a runtime library"),
            Example([
                "pyproject.toml":
                    "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\"]\n\n[dependency-groups]\ntest = [\"pytest>=8\"]\nlint = [\"ruff>=0.6\"]\n"
            ]),
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\"]\n\n[tool.hatch.envs.default]\ndependencies = [\"pytest>=8\", \"mypy>=1\"]\n"
                ], note: "Hatch environment"),
            Example(
                [
                    "pyproject.toml": "[project]\nname = \"srv\"\ndependencies = [\"mcp>=1.9\"]\n",
                    "requirements-dev.txt": "pytest>=8\nblack\nmypy\n",
                ], note: "requirements-dev.txt"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let out = PyprojectSupport.setupPy(
            project,
            { setup in
                var findings = setup.installRequires.compactMap { entry -> Finding? in
                    guard case .success(let requirement) = PEP508Requirement.parse(entry.text),
                        Self.isDevTool(requirement.normalizedName)
                    else { return nil }
                    return Finding(
                        "`\(requirement.name)` is a development tool but a runtime dependency: it is installed in production",
                        at: entry.location)
                }
                let extra = setup.extras.first { Self.devExtraNames.contains(PyprojectSupport.normalize($0.name)) }
                var place = Self.requirementsFile(project) ?? ""
                if place.isEmpty, let extra {
                    place = "the `\(extra.name)` extra"
                } else if place.isEmpty {
                    findings.append(
                        Finding(
                            "no development dependencies declared (no dev extra, no requirements-dev.txt)",
                            at: Location(setup.path, line: 1), status: .warn))
                }
                return .from(findings, pass: "development tools are kept out of the runtime dependencies (in \(place))")
            })
        {
            return out
        }
        return PyprojectSupport.check(project) { document in
            var findings: [Finding] = []
            let runtime = document["project"]?["dependencies"]?.arrayValue ?? []
            for entry in runtime {
                guard let text = entry.stringValue, case .success(let requirement) = PEP508Requirement.parse(text),
                    Self.isDevTool(requirement.normalizedName)
                else { continue }
                findings.append(
                    Finding(
                        "`\(requirement.name)` is a development tool but a runtime dependency: it is installed in production",
                        at: PyprojectSupport.location(project, ofString: text, inKey: "project.dependencies")))
            }
            var place = ""
            switch Self.devGroup(document, project: project) {
            case .separated(let declared): place = declared
            case .extra(let name):
                findings.append(
                    Finding(
                        "development tools live in the `[\(name)]` extra of `[project.optional-dependencies]`, which is published with the package; prefer `[dependency-groups]`",
                        at: PyprojectSupport.location(project, key: "project.optional-dependencies.\(name)"), status: .warn))
            case .none:
                findings.append(
                    Finding(
                        "no development dependencies declared (`[dependency-groups]`, `[tool.uv] dev-dependencies`, a Hatch environment or requirements-dev.txt)",
                        at: PyprojectSupport.location(project, key: "project"), status: .warn))
            }
            return .from(findings, pass: "development tools are kept out of the runtime dependencies (in \(place))")
        }
    }

    static func isDevTool(_ normalized: String) -> Bool {
        devTools.contains(normalized) || devToolPrefixes.contains { normalized.hasPrefix($0) } || normalized.hasSuffix("-stubs")
    }

    enum DevGroup {
        case separated(String)
        case extra(String)
        case none
    }

    /// Requirement files for development, by their usual names.
    static func requirementsFile(_ project: Project) -> String? {
        project.files.first { path in
            let name = path.lowercased()
            return [
                "requirements-dev.txt", "requirements_dev.txt", "dev-requirements.txt", "requirements-test.txt",
                "requirements_test.txt", "test-requirements.txt", "requirements/dev.txt", "requirements/test.txt",
                "requirements-dev.in", "requirements/development.txt",
            ].contains(name)
        }
    }

    /// Where development dependencies are declared, best mechanism first.
    static func devGroup(_ document: JSONValue, project: Project) -> DevGroup {
        let groups = (document["dependency-groups"]?.objectValue ?? []).filter { !($0.1.arrayValue ?? []).isEmpty }
        if !groups.isEmpty { return .separated("[dependency-groups] \(groups.map(\.0).joined(separator: ", "))") }
        if !(document["tool"]?["uv"]?["dev-dependencies"]?.arrayValue ?? []).isEmpty {
            return .separated("[tool.uv] dev-dependencies")
        }
        let poetry = document["tool"]?["poetry"]
        if poetry?["dev-dependencies"]?.objectValue?.isEmpty == false
            || (poetry?["group"]?.objectValue ?? []).contains(where: { $0.1["dependencies"]?.objectValue?.isEmpty == false })
        {
            return .separated("Poetry dependency groups")
        }
        if (document["tool"]?["pdm"]?["dev-dependencies"]?.objectValue ?? []).contains(where: { !($0.1.arrayValue ?? []).isEmpty }
        ) {
            return .separated("[tool.pdm] dev-dependencies")
        }
        // Hatch environments (pyproject.toml or hatch.toml) install their own dependencies.
        let hatch =
            document["tool"]?["hatch"]?["envs"]?.objectValue
            ?? project.text("hatch.toml").flatMap { try? TOMLDocument.parse($0) }?["envs"]?.objectValue ?? []
        let hatchEnvs = hatch.filter { env in
            !(env.1["dependencies"]?.arrayValue ?? []).isEmpty || !(env.1["extra-dependencies"]?.arrayValue ?? []).isEmpty
        }
        if !hatchEnvs.isEmpty { return .separated("Hatch environments \(hatchEnvs.map(\.0).joined(separator: ", "))") }
        if let file = requirementsFile(project) { return .separated(file) }
        for (name, list) in document["project"]?["optional-dependencies"]?.objectValue ?? [] {
            let entries = (list.arrayValue ?? []).compactMap(\.stringValue)
            let holdsTools = entries.contains {
                if case .success(let r) = PEP508Requirement.parse($0) { return isDevTool(r.normalizedName) }
                return false
            }
            if devExtraNames.contains(PyprojectSupport.normalize(name)) || holdsTools { return .extra(name) }
        }
        return .none
    }
}
