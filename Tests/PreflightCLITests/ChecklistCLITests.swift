import Foundation
import TestSupport
import Testing

/// `preflight checklist` and `preflight attest` as a user runs them.
@Suite struct ChecklistCLITests {
    func project(_ extra: [String: String] = [:]) throws -> URL {
        var files: [String: Data] = [
            "README.md": Data("# Srv\n\n## Installation\n\nRun `uv sync`.\n".utf8),
            "pyproject.toml": Data("[project]\nname = \"srv\"\nversion = \"0.1.0\"\nrequires-python = \">=3.10\"\n".utf8),
        ]
        for (k, v) in extra { files[k] = Data(v.utf8) }
        return try CLI.scratch(files)
    }

    @Test func markdownJSONAndText() async throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let md = try await CLI.run(["checklist", dir.path, "--format", "markdown"])
        #expect(md.exitCode == 1, "the bare project fails checks: \(md.stderr)")
        #expect(md.stdout.hasPrefix("# Production Deployment Checklist\n"))
        #expect(md.stdout.contains("- [x] README.md with setup instructions <sub>✓ `docs.readme-setup`</sub>"))
        #expect(md.stdout.contains("- [ ] `uv.lock` committed to version control — **fail**"))
        #expect(md.stdout.contains("## Success Criteria"))
        let json = try CLI.json(try await CLI.run(["checklist", dir.path, "--format", "json"]).stdout)
        let sections = try #require(json["sections"] as? [[String: Any]])
        #expect(sections.first?["section"] as? String == "Pre-Deployment › Code Quality")
        #expect((json["successCriteria"] as? [[String: Any]])?.count == 8)
        let text = try await CLI.run(["checklist", dir.path])
        #expect(text.stdout.contains("[PASS  ] README.md with setup instructions"))
    }

    @Test func attestRecordsAndTheChecklistShowsIt() async throws {
        let original = "# team settings\n[preflight]\nfailure-threshold = \"error\"   # keep warnings visible\n"
        let dir = try project(["preflight.toml": original])
        defer { try? FileManager.default.removeItem(at: dir) }
        let attest = try await CLI.run(
            [
                "attest", "ops.team-trained", "--by", "Alice \"Ops\" <alice@example.com>", "--evidence",
                "https://wiki.example.com/t",
                "--date", "2026-11-20",
            ], cwd: dir)
        #expect(attest.exitCode == 0, "\(attest.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("preflight.toml"), encoding: .utf8)
        #expect(text.hasPrefix(original), "the file's own content and comments stay")
        #expect(
            text.contains(
                "[[attest]]\nid = \"ops.team-trained\"\nby = \"Alice \\\"Ops\\\" <alice@example.com>\"\ndate = \"2026-11-20\""))
        let md = try await CLI.run(["checklist", dir.path, "--format", "markdown"])
        #expect(md.stdout.contains("- [x] Team trained on operations <sub>✓ `ops.team-trained`</sub>"), "\(md.stdout)")
        #expect(md.stdout.contains("✅ Team trained"))
        // Without evidence or date: today, and still a valid configuration.
        let second = try await CLI.run(["attest", "ops.rollback-tested", "--by", "bob"], cwd: dir)
        #expect(second.exitCode == 0, "\(second.stderr)")
        let check = try await CLI.run(["check", dir.path, "--format", "json"])
        let rollback = try #require(CLI.check(try CLI.json(check.stdout), "ops.rollback-tested"))
        #expect(rollback["status"] as? String == "pass")
    }

    @Test func attestCreatesTheFile() async throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(
            ["attest", "ops.staging-verified", "--by", "carol", "--config", "ops/preflight.toml"], cwd: dir)
        #expect(result.exitCode == 2, "the folder does not exist: \(result.stderr)")
        let made = try await CLI.run(["attest", "ops.staging-verified", "--by", "carol"], cwd: dir)
        #expect(made.exitCode == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("preflight.toml").path))
    }

    @Test(arguments: [
        (["attest", "ops.team-traned", "--by", "a"], "did you mean 'ops.team-trained'"),
        (["attest", "docker.healthcheck", "--by", "a"], "decided from the project"),
        (["attest", "ops.team-trained", "--by", "a", "--date", "2026-02-30"], "--date"),
        (["attest", "ops.team-trained", "--by", " "], "--by"),
    ])
    func attestRefusals(_ args: [String], _ expected: String) async throws {
        let dir = try project(["preflight.toml": "# mine\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(args, cwd: dir)
        #expect(result.exitCode == 2, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("preflight.toml"), encoding: .utf8)
        #expect(text == "# mine\n", "a refused attestation writes nothing")
    }

    @Test func attestRefusesABrokenConfiguration() async throws {
        let dir = try project(["preflight.toml": "[preflight\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["attest", "ops.team-trained", "--by", "a"], cwd: dir)
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("line 1"))
    }
}
