import Foundation
import PreflightCore
import Processes
import TestSupport
import Testing

@testable import ProjectAudit

/// Which Python parses a project: the one its `.python-version` / `requires-python` asks for, resolved
/// once to the real executable; and what happens when none is installed.
@Suite struct PythonLocatorTests {
    static func project(_ files: [String: String]) async throws -> (TestProject, Project) {
        let p = try TestProject(files)
        return (p, try await p.load())
    }

    @Test func requirementPrefersThePinWhenRequiresPythonAdmitsIt() async throws {
        let (_, pinned) = try await Self.project([
            "pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.10\"\n", ".python-version": "3.12\n",
        ])
        #expect(PythonLocator.requirement(of: pinned)?.preferred == ReleaseVersion([3, 12]))
        #expect(PythonLocator.requirement(of: pinned)?.minimum == ReleaseVersion([3, 10]))
        let (_, outside) = try await Self.project([
            "pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.12\"\n", ".python-version": "3.9\n",
        ])
        let requirement = PythonLocator.requirement(of: outside)
        #expect(requirement?.minimum == ReleaseVersion([3, 12]))
        #expect(requirement?.source == "requires-python `>=3.12`")
        let (_, none) = try await Self.project(["pyproject.toml": "[project]\nname = \"x\"\n"])
        #expect(PythonLocator.requirement(of: none) == nil)
    }

    @Test func oldestFittingInstallFirstThenPython3ThenTheRest() {
        typealias C = PythonLocator.Candidate
        let candidates = [
            C(path: "/uv/3.13", version: ReleaseVersion([3, 13, 1]), rank: 0),
            C(path: "/pyenv/3.12", version: ReleaseVersion([3, 12, 1]), rank: 1),
            C(path: "/bin/python3.12", version: ReleaseVersion([3, 12]), rank: 2),
            C(path: "/bin/python3", version: nil, rank: 3),
            C(path: "/pyenv/3.11", version: ReleaseVersion([3, 11, 7]), rank: 1),
            C(path: "/pyenv/3.8", version: ReleaseVersion([3, 8, 18]), rank: 1),
        ]
        let need312 = PythonRequirement(
            minimum: ReleaseVersion([3, 12]), preferred: ReleaseVersion([3, 12]), allowed: nil, source: "x")
        #expect(
            PythonLocator.ordered(candidates, for: need312).map(\.path) == [
                "/pyenv/3.12", "/bin/python3.12", "/uv/3.13", "/bin/python3", "/pyenv/3.11",
            ])
        let below313 = PythonRequirement(
            minimum: ReleaseVersion([3, 12]), preferred: ReleaseVersion([3, 12]),
            allowed: VersionSet.range(ReleaseVersion([3, 12]), ReleaseVersion([3, 13])), source: "x")
        #expect(
            PythonLocator.ordered(candidates, for: below313).map(\.path) == [
                "/pyenv/3.12", "/bin/python3.12", "/uv/3.13", "/bin/python3", "/pyenv/3.11",
            ])
        // `.python-version` 3.14 under `requires-python >=3.12`, no 3.14 installed: the newest that fits.
        let pinned314 = PythonRequirement(
            minimum: ReleaseVersion([3, 12]), preferred: ReleaseVersion([3, 14]),
            allowed: VersionSet.atLeast(ReleaseVersion([3, 12])), source: "x")
        #expect(
            PythonLocator.ordered(candidates, for: pinned314).map(\.path) == [
                "/uv/3.13", "/pyenv/3.12", "/bin/python3.12", "/bin/python3", "/pyenv/3.11",
            ])
        #expect(PythonLocator.ordered(candidates, for: nil).first?.path == "/bin/python3")
    }

    @Test func probeResolvesTheRealExecutable() async throws {
        let python3 = try #require(CommandRunner.which("python3"))
        let found = try #require(await PythonLocator.probe(python3))
        #expect(found.version.parts.count == 3)
        #expect(found.executable.hasPrefix("/") && !found.executable.contains("/shims/"))
    }

    @Test func filesOnlyANewerPythonParsesAreNotParseFailures() async throws {
        let (_, project) = try await Self.project([
            "pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.99\"\n",
            "server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('x')\ndef broken(:\n",
            "compose.yaml": "services:\n  web:\n    image: x\n   bad: [\n",
        ])
        let tooOld = try #require(project.pythonTooOld)
        #expect(tooOld.hasPrefix("needs Python >= 3.99 to parse (requires-python `>=3.99`); found 3."))
        #expect(project.problems.map(\.path) == ["compose.yaml"])
        let results = StaticAuditor().run(project, config: PreflightConfig())
        let stdout = try #require(results.first { $0.id.rawValue == "code.stdout-writes" })
        #expect(stdout.status == .skip && stdout.message.contains("needs Python >= 3.99"))
        let parse = try #require(results.first { $0.id.rawValue == "project.files-parse" })
        #expect(parse.status == .fail && parse.locations.map(\.path) == ["compose.yaml"])
    }
}
