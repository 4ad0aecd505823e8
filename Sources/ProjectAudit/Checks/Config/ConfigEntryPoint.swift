import Foundation
import PreflightCore

struct ConfigEntryPoint: StaticCheck {
    static let description = CheckDescription(
        id: "config.entry-point", title: "[project.scripts] declares the server command", section: .configuration,
        severity: .warning,
        rationale: """
            A console script gives the server one stable launch command (`uv run my-server`, `uvx my-server`, \
            `my-server` in a container) instead of a path to a .py file that breaks when the layout changes and that \
            every client configuration has to repeat. uv only installs the script when the project is packaged (a \
            `[build-system]` table or `tool.uv.package = true`).
            """,
        remediation: """
            Add `[project.scripts]` with `my-server = "my_server.server:main"` (a `module:function` that starts the \
            server) and a `[build-system]` (e.g. `requires = ["hatchling"]`, `build-backend = "hatchling.build"`).
            """,
        failing: [
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nversion = \"0.1.0\"\n"], note: "no scripts"),
            Example(
                ["setup.py": "from setuptools import setup\nsetup(name=\"srv\", packages=[\"srv\"])\n", "srv/__init__.py": ""],
                note: "setup.py without console_scripts"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n\n[project.gui-scripts]\nsrv = \"srv:main\"\n"],
                note: "gui-scripts only"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n\n[project.scripts]\nsrv = \"src/srv/server.py\"\n"],
                note: "a path, not module:function"),
            Example(
                [
                    "pyproject.toml": "[project]\nname = \"srv\"\n\n[project.scripts]\nsrv = \"srv.server:main\"\n",
                    "src/srv/server.py": "def main(): ...\n",
                ],
                note: "no [build-system]: uv does not install the script (warning)"),
        ],
        passing: [
            Example(
                [
                    "setup.py":
                        "from setuptools import setup\nsetup(\n    name=\"srv\",\n    entry_points={\"console_scripts\": [\"srv-mcp=srv.cli:main\"]},\n)\n",
                    "srv/cli.py": "def main(): ...\n",
                ], note: "setup.py console_scripts"),
            Example([
                "pyproject.toml":
                    "[project]\nname = \"srv\"\n\n[project.scripts]\nmy-server = \"srv.server:main\"\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
                "src/srv/__init__.py": "", "src/srv/server.py": "def main(): ...\n",
            ]),
            Example(
                [
                    "pyproject.toml":
                        "[project]\nname = \"srv\"\nscripts = { srv = \"srv:main\" }\n\n[tool.uv]\npackage = true\n",
                    "srv/__init__.py": "def main(): ...\n",
                ], note: "inline table; packaged via tool.uv.package"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let out = PyprojectSupport.setupPy(
            project,
            { setup in
                guard !setup.consoleScripts.isEmpty else {
                    return .fail(
                        "\(setup.path) declares no `console_scripts` entry point: the server has no stable launch command",
                        at: Location(setup.path, line: 1))
                }
                var findings: [Finding] = []
                for entry in setup.consoleScripts {
                    guard let (name, target) = SetupPy.script(entry.text), let module = Self.module(ofTarget: target) else {
                        findings.append(
                            Finding("console script `\(entry.text)` must read `name = module:function`", at: entry.location))
                        continue
                    }
                    if !project.pythonFiles.isEmpty, !Self.moduleExists(module, in: project.pythonFiles) {
                        findings.append(
                            Finding(
                                "script `\(name)` points at module `\(module)`, which is not in the project", at: entry.location,
                                status: .warn))
                    }
                }
                let names = setup.consoleScripts.compactMap { SetupPy.script($0.text)?.name }.map { "`\($0)`" }
                return .from(findings, pass: "`console_scripts` declares \(names.joined(separator: ", "))")
            })
        {
            return out
        }
        return PyprojectSupport.check(project) { document in
            let scripts = document["project"]?["scripts"]?.objectValue ?? []
            guard !scripts.isEmpty else {
                if PyprojectSupport.isDynamic("scripts", in: document) {
                    return .skip("scripts are dynamic (filled in by the build backend), so they cannot be read statically")
                }
                var why = "`[project.scripts]` declares no command"
                if !(document["project"]?["gui-scripts"]?.objectValue ?? []).isEmpty {
                    why += " (`[project.gui-scripts]` is for GUI apps and detaches from stdio on Windows)"
                } else if !(document["tool"]?["poetry"]?["scripts"]?.objectValue ?? []).isEmpty {
                    why += " (`[tool.poetry.scripts]` is Poetry-only; uv and pip read `[project.scripts]`)"
                }
                return .fail(
                    why + ": the server has no stable launch command",
                    at: PyprojectSupport.location(project, key: "project.scripts"))
            }
            var findings: [Finding] = []
            for (name, value) in scripts {
                let at = PyprojectSupport.location(project, key: "project.scripts.\(name)")
                guard let target = value.stringValue, let module = Self.module(ofTarget: target) else {
                    findings.append(
                        Finding(
                            "script `\(name)` must point at `module:function`, not `\(value.stringValue ?? "a non-string")`",
                            at: at))
                    continue
                }
                let sources = project.pythonFiles
                if !sources.isEmpty, !Self.moduleExists(module, in: sources) {
                    findings.append(
                        Finding(
                            "script `\(name)` points at module `\(module)`, which is not in the project", at: at, status: .warn))
                }
            }
            let packaged = document["tool"]?["uv"]?["package"]?.boolValue ?? (document["build-system"] != nil)
            if !packaged {
                findings.append(
                    Finding(
                        "the project is not packaged (no `[build-system]`, or `tool.uv.package = false`), so uv does not install `[project.scripts]` and `uv run \(scripts[0].0)` fails",
                        at: PyprojectSupport.location(project, key: "project.scripts"), status: .warn))
            }
            return .from(findings, pass: "`[project.scripts]` declares \(scripts.map { "`\($0.0)`" }.joined(separator: ", "))")
        }
    }

    /// `pkg.mod:func` or `pkg.mod:obj.attr [extra]` → `pkg.mod`; nil when not an entry-point reference.
    static func module(ofTarget target: String) -> String? {
        var text = target.trimmed
        if let bracket = text.firstIndex(of: "[") { text = String(text[..<bracket]).trimmed }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmed }
        guard (1...2).contains(parts.count) else { return nil }
        let dotted = #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"#
        guard parts.allSatisfy({ $0.range(of: dotted, options: .regularExpression) != nil }) else { return nil }
        return parts[0]
    }

    static func moduleExists(_ module: String, in files: [String]) -> Bool {
        let path = module.replacingOccurrences(of: ".", with: "/")
        return files.contains { file in
            [path + ".py", path + "/__init__.py", path + "/__main__.py"].contains { file == $0 || file.hasSuffix("/" + $0) }
        } || files.contains { $0.hasPrefix(path + "/") || $0.contains("/" + path + "/") }
    }
}
