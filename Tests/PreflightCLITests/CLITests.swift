import Foundation
import Testing

@Suite struct CLITests {
    @Test func rulesMarkdownMatchesDocs() async throws {
        let result = try await CLI.run(["rules", "--format", "markdown"])
        #expect(result.exitCode == 0)
        let docs = try String(contentsOf: CLI.repoRoot.appendingPathComponent("docs/checks.md"), encoding: .utf8)
        #expect(
            result.stdout == docs, "docs/checks.md is stale: run `swift run preflight rules --format markdown > docs/checks.md`")
    }

    @Test func rulesJSONListsEveryCheck() async throws {
        let result = try await CLI.run(["rules", "--format", "json"])
        #expect(result.exitCode == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(items.count >= 40)
        let ids = items.compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted())
        #expect(ids.contains("docker.non-root-user"))
    }

    @Test func missingPathIsUsageError() async throws {
        let result = try await CLI.run(["check", "/nonexistent/preflight-path"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("no such file or directory"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aMissingFolderIsNeitherAuditedNorCreated() async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("typo").path
        let result = try await CLI.run(["check", missing])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("no such file or directory"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func fileInsteadOfFolderIsUsageError() async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["check", dir.appendingPathComponent("README.md").path])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("not a directory"))
    }

    @Test(arguments: [
        (["check", ".", "--format", "yaml"], "'yaml' is invalid for '--format"),
        (["check", ".", "--format", "json", "--output", "/tmp/a", "--output", "/tmp/b"], "--output"),
        (["check", ".", "--disable", "no.such-check"], "unknown check id"),
        (["check", ".", "--failure-threshold", "critical"], "failure-threshold"),
        (["check", ".", "--config", "/nonexistent.toml"], "no such file"),
        (["check", ".", "--bogus-flag"], "bogus"),
    ])
    func usageErrorsExitTwo(_ args: [String], _ expected: String) async throws {
        let dir = try CLI.scratch(["README.md": Data("# x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(args, cwd: dir)
        #expect(result.exitCode == 2, "\(args): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(args): \(result.stderr)")
    }

    @Test func badConfigIsUsageError() async throws {
        let dir = try CLI.scratch(["preflight.toml": Data("[preflight]\nfailure-treshold = \"error\"\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["check", dir.path])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("unknown key 'failure-treshold'"))
        let broken = try CLI.scratch(["preflight.toml": Data("[preflight\n".utf8)])
        defer { try? FileManager.default.removeItem(at: broken) }
        let r2 = try await CLI.run(["check", broken.path])
        #expect(r2.exitCode == 2)
        #expect(r2.stderr.contains("line 1"))
    }
}
