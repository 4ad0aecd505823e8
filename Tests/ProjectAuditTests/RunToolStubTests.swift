import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// The pip-audit and Docker paths with stub programs: the outcomes this machine cannot produce
/// for real (no advisory service, no Docker engine) are still decided the right way.
@Suite struct RunToolStubTests {
    static func stub(_ name: String, _ script: String) throws -> URL {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-stub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let file = bin.appendingPathComponent(name)
        try Data(("#!/bin/sh\n" + script).utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return bin
    }

    static func result(_ type: any RunCheck.Type, fixture: String, stub: URL) async throws -> CheckResult {
        let env = try RunToolsTests.environment(tools: ["uv"], extra: stub)
        let project = try RunToolsTests.project(Example(fixture: fixture))
        return try #require(try await RunToolsTests.run(type, on: project, environment: env).results.first)
    }

    static let vulnerable = #"""
        {"dependencies": [{"name": "jinja2", "version": "2.10", "vulns": [{"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"]}]},
         {"name": "iniconfig", "version": "2.3.1", "vulns": []}], "fixes": []}
        """#

    @Test func pipAuditVulnerabilityFails() async throws {
        let bin = try Self.stub("pip-audit", "cat <<'EOF'\n\(Self.vulnerable)\nEOF\nexit 1\n")
        let r = try await Self.result(DependencyVulnerabilities.self, fixture: "run-fail", stub: bin)
        #expect(r.status == .fail, "\(r.message)")
        #expect(r.message.contains("jinja2 2.10") && r.message.contains("PYSEC-2019-217"))
        #expect(r.locations == [Location("uv.lock")])
    }

    @Test func pipAuditCleanPasses() async throws {
        let bin = try Self.stub(
            "pip-audit", #"echo '{"dependencies": [{"name": "iniconfig", "version": "2.3.1", "vulns": []}]}'"#)
        let r = try await Self.result(DependencyVulnerabilities.self, fixture: "run-pass", stub: bin)
        #expect(r.status == .pass, "\(r.message)")
    }

    @Test func pipAuditOfflineSkips() async throws {
        let bin = try Self.stub(
            "pip-audit", "echo 'requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/x/json' >&2\nexit 1\n")
        let r = try await Self.result(DependencyVulnerabilities.self, fixture: "run-pass", stub: bin)
        #expect(r.status == .skip && r.message.contains("network"), "\(r.message)")
    }

    static func docker(size: Int, engine: Bool = true) -> String {
        """
        case "$1" in
          info) \(engine ? "echo 27.3.1" : "echo 'Cannot connect to the Docker daemon' >&2; exit 1") ;;
          build) echo sha256:abc ;;
          image) [ "$2" = inspect ] && echo \(size) ;;
        esac
        """
    }

    @Test func imageOverTheLimitFails() async throws {
        let r = try await Self.result(
            DockerImageSize.self, fixture: "run-fail", stub: try Self.stub("docker", Self.docker(size: 612_000_000)))
        #expect(r.status == .fail && r.message.contains("612 MB"), "\(r.message)")
        #expect(r.locations == [Location("Dockerfile")])
    }

    @Test func imageUnderTheLimitPasses() async throws {
        let r = try await Self.result(
            DockerImageSize.self, fixture: "run-pass", stub: try Self.stub("docker", Self.docker(size: 151_000_000)))
        #expect(r.status == .pass, "\(r.message)")
    }

    @Test func noEngineSkips() async throws {
        let r = try await Self.result(
            DockerImageSize.self, fixture: "run-pass", stub: try Self.stub("docker", Self.docker(size: 1, engine: false)))
        #expect(r.status == .skip && r.message.contains("no Docker engine"), "\(r.message)")
    }
}
