import PreflightCore

struct ConfigLockfile: StaticCheck {
    static let otherLockfiles = ["poetry.lock", "pdm.lock", "pylock.toml", "Pipfile.lock"]

    static let description = CheckDescription(
        id: "config.lockfile", title: "uv.lock exists and is committed", section: .configuration, severity: .error,
        rationale: """
            pyproject.toml only states ranges; without a committed uv.lock every install (CI, Docker build, a \
            colleague's machine, production) resolves afresh and can pick up a new, broken or compromised release. \
            `uv sync --frozen` in the Dockerfile and CI needs the lockfile in the repository to reproduce what was tested.
            """,
        remediation: "Run `uv lock` and commit the result (`git add uv.lock`); make sure `.gitignore` does not exclude it.",
        failing: [
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nversion = \"0.1.0\"\n"], note: "no uv.lock"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", "uv.lock": "version = 1\n", ".gitignore": "uv.lock\n"],
                tracked: ["pyproject.toml", ".gitignore"], note: "lockfile exists but git ignores it"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", "poetry.lock": "# poetry\n"],
                note: "locked with Poetry, not uv (warning)"),
            Example(
                [
                    "setup.py": "from setuptools import setup\nsetup(name=\"srv\", install_requires=[\"mcp>=1.2\"])\n",
                    "requirements.txt": "mcp>=1.2\n",
                ], note: "a setup.py project without any lockfile"),
        ],
        passing: [
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", "uv.lock": "version = 1\n"],
                tracked: ["pyproject.toml", "uv.lock"]),
            Example(
                ["setup.py": "from setuptools import setup\nsetup(name=\"srv\")\n", "uv.lock": "version = 1\n"],
                note: "a setup.py project locked with uv"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", "uv.lock": "version = 1\n"],
                note: "not a git repository: existence is enough"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let out = PyprojectSupport.setupPy(project, { Self.judge(project, at: Location($0.path, line: 1)) }) { return out }
        return PyprojectSupport.check(project) { _ in Self.judge(project, at: Location(PyprojectSupport.path, line: 1)) }
    }

    static func judge(_ project: Project, at: Location) -> CheckOutput {
        guard project.exists("uv.lock") else {
            if let other = Self.otherLockfiles.first(where: project.exists) {
                return .warn(
                    "no uv.lock, but \(other) locks the dependencies; the uv workflow (`uv sync --frozen`) the checklist uses needs uv.lock",
                    at: Location(other, line: 1))
            }
            return .fail("no uv.lock: every install resolves dependencies afresh (run `uv lock` and commit it)", at: at)
        }
        guard let tracked = project.gitTracked else {
            return .pass("uv.lock exists (not a git repository, so whether it is committed was not checked)")
        }
        guard tracked.contains("uv.lock") else {
            let ignored = Self.ignoresLockfile(project)
            return .fail(
                "uv.lock exists but is not tracked by git"
                    + (ignored.map { " (\($0) ignores it)" } ?? "; run `git add uv.lock`"),
                at: Location("uv.lock", line: 1))
        }
        return .pass("uv.lock exists and is tracked by git")
    }

    /// The `.gitignore` line that excludes uv.lock, when an obvious one does (a hint, not git's full logic).
    static func ignoresLockfile(_ project: Project) -> String? {
        guard let text = project.text(".gitignore") else { return nil }
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmed
            if line.hasPrefix("/") { line.removeFirst() }
            if ["uv.lock", "*.lock", "*.lock*", "uv.*"].contains(line) { return ".gitignore:\(i + 1)" }
        }
        return nil
    }
}
