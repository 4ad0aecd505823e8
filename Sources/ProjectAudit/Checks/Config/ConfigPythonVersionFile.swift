import Foundation
import PreflightCore

struct ConfigPythonVersionFile: StaticCheck {
    /// The Python versions the checklist names for production: 3.10 to 3.13.
    static let supportedLow = ReleaseVersion([3, 10])
    static let supportedEnd = ReleaseVersion([3, 14])
    static var supported: VersionSet { .range(supportedLow, supportedEnd) }

    static let description = CheckDescription(
        id: "config.python-version-file", title: ".python-version pins Python 3.10 to 3.13", section: .configuration,
        severity: .warning,
        rationale: """
            `.python-version` decides which interpreter `uv sync`, `uv run` and pyenv use. Without it each machine, CI \
            runner and image picks whatever Python it finds first, so "works on my machine" bugs (syntax, stdlib and \
            wheel availability) show up only in production. The MCP SDK needs Python 3.10 or newer, and 3.10 to 3.13 is \
            the range the checklist names for production.
            """,
        remediation: "Run `uv python pin 3.12` (any of 3.10 to 3.13) and commit `.python-version`.",
        failing: [
            Example(["pyproject.toml": "[project]\nname = \"srv\"\nrequires-python = \">=3.10\"\n"], note: "no .python-version"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "3.9.18\n"]),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "system\n"], note: "not a version"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "3\n"],
                note: "major version only: admits 3.8"),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "3.14\n"],
                note: "newer than the range (warning)"),
        ],
        passing: [
            Example(
                ["setup.py": "from setuptools import setup\nsetup(name=\"srv\")\n", ".python-version": "3.12\n"],
                note: "a setup.py project"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "3.12\n"]),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "# pinned by uv\ncpython-3.11.9\n"]),
            Example(
                ["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "3.13.1\n3.12.8\n"],
                note: "pyenv: first line wins"),
            Example(["pyproject.toml": "[project]\nname = \"srv\"\n", ".python-version": "pypy3.10\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let out = PyprojectSupport.setupPy(project, { Self.judge(project, missingAt: Location($0.path, line: 1)) }) {
            return out
        }
        return PyprojectSupport.check(project) { _ in
            Self.judge(project, missingAt: PyprojectSupport.location(project, key: "project.requires-python"))
        }
    }

    static func judge(_ project: Project, missingAt: Location) -> CheckOutput {
        guard let file = Self.versionFile(project) else {
            return .fail(
                "no .python-version: every machine and image uses whichever Python it finds first (run `uv python pin 3.12`)",
                at: missingAt)
        }
        guard let pin = Self.pin(in: project.text(file) ?? "", path: file) else {
            return .fail("\(file) names no Python version", at: Location(file, line: 1))
        }
        guard let versions = pin.versions else {
            return .fail(
                "\(file) names `\(pin.request)`, which is not a Python version uv or pyenv can pin reproducibly",
                at: pin.location)
        }
        return Self.judge(versions, what: "the `\(pin.request)` pinned in \(file)", at: pin.location)
            ?? .pass("\(file) pins Python `\(pin.request)`, within 3.10 to 3.13")
    }

    /// A failure (or warning, when only newer versions are named) unless `versions` stays within 3.10+ and
    /// includes one of 3.10 to 3.13; nil when it is fine.
    static func judge(_ versions: VersionSet, what: String, at location: Location) -> CheckOutput? {
        let single = versions.intervals.count == 1 && versions.intervals[0].upper == versions.intervals[0].lower
        if versions.isEmpty { return .fail("\(what) admits no Python version at all", at: location) }
        if versions.overlaps(.below(supportedLow)) {
            return .fail("\(what) \(single ? "is" : "admits") Python older than 3.10 (the MCP SDK needs 3.10+)", at: location)
        }
        if !versions.overlaps(supported) {
            return .warn(
                "\(what) \(single ? "is" : "admits only versions") newer than the 3.10 to 3.13 range the checklist names for production",
                at: location)
        }
        return nil
    }

    struct Pin {
        var request: String
        var location: Location
        /// nil when the request is not a version (`system`, `miniconda3-latest`).
        var versions: VersionSet?
    }

    static func versionFile(_ project: Project) -> String? {
        [".python-version", ".python-versions"].first { project.exists($0) }
    }

    /// The first request in a `.python-version` file (pyenv reads several lines and uses the first; uv the first too).
    static func pin(in text: String, path: String) -> Pin? {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            return Pin(request: line, location: Location(path, line: i + 1), versions: versions(ofRequest: line))
        }
        return nil
    }

    /// `3.12` → [3.12, 3.13); `3.12.4` → exactly 3.12.4; `cpython-3.12`, `cpython@3.12`, `pypy3.10`,
    /// `3.13t`, `3.12.4+freethreaded`, `cpython-3.12.4-macos-aarch64-none` name the same versions;
    /// `>=3.11` (uv accepts specifiers) is that range; `system` and `latest` are not versions.
    static func versions(ofRequest request: String) -> VersionSet? {
        let lower = request.lowercased()
        if let op = lower.first, "<>=~!".contains(op), case .success(let spec) = SpecifierSet.parse(lower) {
            return spec.versions
        }
        let pattern = #"^(cpython|python|pypy|graalpy)?[-@]?(\d+)(\.\d+)?(\.\d+)?([a-z0-9.+-]*)$"#
        guard let match = lower.range(of: pattern, options: .regularExpression) else { return nil }
        let body = String(lower[match])
        let versionPart = body.drop { !$0.isNumber }
        let numbers = versionPart.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard !numbers.isEmpty else { return nil }
        let release = ReleaseVersion(Array(numbers.prefix(3)))
        // A request with fewer than three components matches any release starting with it.
        return numbers.count >= 3 ? .exactly(release) : .range(release, .successor(ofPrefix: release.parts))
    }
}
