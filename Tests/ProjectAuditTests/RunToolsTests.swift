import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// `--run-tools` on the run-pass/run-fail fixture projects, offline: uv installs their locked dev
/// tools from `.test-env/uv-cache` (filled by scripts/test-env.sh). Serialized: each example
/// installs an environment, and CI has two cores.
@Suite(.serialized) struct RunToolsTests {
    static let ids = RunRegistry.all.map { $0.description.id.rawValue }
    static let testEnv = Fixtures.repoRoot.appendingPathComponent(".test-env")
    /// Checks whose verdict needs something this machine may not have: the advisory service, a Docker engine.
    static let mayBeUndecidable: [String: [String]] = [
        "code.dependency-vulnerabilities": ["network", "advisory service", "no vulnerability audit"],
        "docker.image-size": ["docker", "Docker engine"],
    ]

    /// A command search path with only the tools named (links into .test-env/bin) and the system's.
    static func environment(tools: [String] = ["uv", "pip-audit", "hadolint"], extra: URL? = nil) throws -> [String: String] {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-run-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in tools {
            let target = testEnv.appendingPathComponent("bin/\(tool)")
            try #require(FileManager.default.isExecutableFile(atPath: target.path), "run scripts/test-env.sh first: \(tool)")
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent(tool), withDestinationURL: target)
        }
        var env = ProcessInfo.processInfo.environment
        for key in ["VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "UV_FROZEN", "UV_LOCKED", "UV_NO_SYNC"] { env[key] = nil }
        env["PATH"] = ([extra?.path, bin.path].compactMap { $0 } + ["/usr/bin", "/bin"]).joined(separator: ":")
        env["UV_CACHE_DIR"] = testEnv.appendingPathComponent("uv-cache").path
        env["UV_OFFLINE"] = "1"
        env["UV_PYTHON_DOWNLOADS"] = "never"
        env["UV_PYTHON"] = testEnv.appendingPathComponent("bin/python3").path
        return env
    }

    static func project(_ example: Example) throws -> TestProject {
        let project = try TestProject(
            copying: Fixtures.root.appendingPathComponent("projects/\(example.fixture ?? "run-pass")"))
        for (path, text) in example.files {
            let url = project.root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return project
    }

    static func run(
        _ type: any RunCheck.Type, on project: TestProject, environment: [String: String], enabled: Bool = true
    ) async throws -> RunAuditor.Outcome {
        let loaded = try await ProjectLoader(searchPath: environment["PATH"]).load(project.root.path)
        var options = RunOptions(environment: environment)
        options.testsTimeout = 120
        return await RunAuditor(options: options, checks: [type]).run(loaded, config: PreflightConfig(), enabled: enabled)
    }

    static func check(_ id: String) throws -> any RunCheck.Type {
        try #require(RunRegistry.all.first { $0.description.id.rawValue == id })
    }

    @Test("run check examples give their verdict", arguments: ids)
    func examples(_ id: String) async throws {
        let type = try Self.check(id)
        let env = try Self.environment()
        let cases = type.description.failing.map { ($0, Status.fail) } + type.description.passing.map { ($0, Status.pass) }
        #expect(!type.description.failing.isEmpty && !type.description.passing.isEmpty)
        for (i, (example, expected)) in cases.enumerated() {
            let project = try Self.project(example)
            let result = try #require(try await Self.run(type, on: project, environment: env).results.first)
            let label = "\(id) example \(i) (\(example.fixture ?? ""), \(example.note ?? ""))"
            if result.status == .skip, let reasons = Self.mayBeUndecidable[id] {
                #expect(reasons.contains { result.message.contains($0) }, "\(label) skipped: \(result.message)")
                continue
            }
            #expect(result.status == expected, "\(label) gave \(result.status): \(result.message)")
            if expected == .fail, id != "docker.image-size" {
                #expect(result.evidence != nil, "\(label) has no evidence")
            }
        }
    }

    @Test func withoutRunToolsEveryRunCheckSkips() async throws {
        let project = try Self.project(Example(fixture: "run-fail"))
        let loaded = try await ProjectLoader().load(project.root.path)
        let outcome = await RunAuditor(options: RunOptions()).run(loaded, config: PreflightConfig(), enabled: false)
        #expect(outcome.results.count == RunRegistry.all.count)
        for result in outcome.results {
            #expect(
                result.status == .skip && result.message.hasPrefix("pass --run-tools to run"), "\(result.id): \(result.message)")
        }
    }

    @Test func findingsPointAtFilesAndLines() async throws {
        let env = try Self.environment()
        let project = try Self.project(Example(fixture: "run-fail"))
        let lint = try #require(try await Self.run(LintClean.self, on: project, environment: env).results.first)
        #expect(lint.locations.contains(Location("src/run_fail/__init__.py", line: 2)), "\(lint.locations)")
        let types = try #require(try await Self.run(TypecheckClean.self, on: project, environment: env).results.first)
        #expect(types.locations.contains(Location("src/run_fail/__init__.py", line: 6)), "\(types.locations)")
        let tests = try #require(try await Self.run(TestsPass.self, on: project, environment: env).results.first)
        #expect(tests.locations.contains { $0.path == "tests/test_add.py" }, "\(tests.locations)")
    }

    @Test func missingUVIsASkip() async throws {
        let env = try Self.environment(tools: [])
        let project = try Self.project(Example(fixture: "run-pass"))
        for type in [TestsPass.self, LockfileInSync.self] as [any RunCheck.Type] {
            let result = try #require(try await Self.run(type, on: project, environment: env).results.first)
            #expect(result.status == .skip && result.message.contains("uv is not installed"), "\(result.message)")
        }
    }

    @Test func toolMissingFromTheProjectIsASkip() async throws {
        let env = try Self.environment()
        // A dev group without ruff: `uv run ruff` cannot spawn it (and PATH has no ruff either).
        let project = try Self.project(Example(fixture: "run-pass"))
        let loaded = try await ProjectLoader(searchPath: env["PATH"]).load(project.root.path)
        let context = RunContext(project: loaded, options: RunOptions(environment: env), config: PreflightConfig())
        #expect(await context.uvReady() == nil)
        let run = await context.uvRun("ruff-not-a-dev-dependency", ["check", "."], seconds: 60)
        let reason = try #require(run.skipReason(tool: "ruff-not-a-dev-dependency"))
        #expect(reason.contains("not installed in the project's environment"), "\(reason)")
    }

    @Test func hadolintFindingsBecomeEvidenceOfDockerChecks() async throws {
        let env = try Self.environment()
        let project = try Self.project(Example(fixture: "run-fail"))
        let loaded = try await ProjectLoader(searchPath: env["PATH"]).load(project.root.path)
        let context = RunContext(project: loaded, options: RunOptions(environment: env), config: PreflightConfig())
        let findings = await Hadolint.findings(context)
        let rules = { (id: CheckID) in (findings[id] ?? []).compactMap { $0["rule"]?.stringValue } }
        #expect(rules("docker.base-image-pinned").contains("DL3007"))
        #expect(rules("docker.non-root-user").contains("DL3002"))
        let results = StaticAuditor().run(
            loaded, config: PreflightConfig(), evidence: findings.mapValues { [("hadolint", .array($0))] })
        let root = try #require(results.first { $0.id == "docker.non-root-user" })
        #expect(root.status == .fail)
        #expect(root.evidence?["hadolint"]?.arrayValue?.isEmpty == false)
    }
}
