import Foundation
import Testing

@Suite struct ReportContractTests {
    @Test func brokenFilesBecomeFindingsWithFileAndLine() async throws {
        let dir = try CLI.scratch([
            "Dockerfile": Data("FROM python:3.12-slim\nRUNN echo hi\n".utf8),
            "pyproject.toml": Data("[project]\nname = \"x\"\nversion = \n".utf8),
            "compose.yaml": Data("services:\n  mcp:\n    image: [x\n".utf8),
            ".mcp.json": Data("{\n  \"mcpServers\": {,}\n}\n".utf8),
            "k8s/deploy.yaml": Data([0x6B, 0x3A, 0x00, 0xFF, 0xFE, 0x0A]),
            "src/app/server.py": Data("def broken(:\n    pass\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["check", dir.path, "--format", "json"])
        #expect(result.exitCode == 1, "\(result.stderr)")
        let report = try CLI.json(result.stdout)
        let parse = try #require(CLI.check(report, "project.files-parse"))
        #expect(parse["status"] as? String == "fail")
        let locations = (parse["locations"] as? [[String: Any]] ?? []).map { "\($0["path"] ?? ""):\($0["line"] ?? "")" }
        for expected in [
            "Dockerfile:2", "pyproject.toml:3", "compose.yaml:3", ".mcp.json:2", "k8s/deploy.yaml:1", "src/app/server.py:1",
        ] {
            #expect(locations.contains(expected), "missing \(expected) in \(locations)")
        }
        // Checks that depend on a broken file say so instead of guessing.
        let nonRoot = try #require(CLI.check(report, "docker.non-root-user"))
        #expect(nonRoot["status"] as? String == "skip")
        #expect((nonRoot["message"] as? String ?? "").contains("could not be parsed"))
    }

    @Test func jsonIsByteIdenticalAcrossRuns() async throws {
        let example = CLI.repoRoot.appendingPathComponent("Examples/weather-server").path
        let first = try await CLI.run(["check", example, "--format", "json"])
        let second = try await CLI.run(["check", example, "--format", "json"])
        #expect(Self.withoutTimings(first.stdout) == Self.withoutTimings(second.stdout))
        #expect(!first.stdout.isEmpty)
    }

    static func withoutTimings(_ json: String) -> String {
        // Timings: the run's start and length, and each phase's length (one line per phase).
        let phases = ["\"load\":", "\"run-tools\":", "\"static\":", "\"live\":"]
        return json.split(separator: "\n").filter { line in
            !line.contains("\"startedAt\"") && !line.contains("\"durationMs\"") && !phases.contains { line.contains($0) }
        }.joined(separator: "\n")
    }

    @Test func exampleServerIsReady() async throws {
        let example = CLI.repoRoot.appendingPathComponent("Examples/weather-server").path
        let result = try await CLI.run(["check", example, "--format", "json"])
        let report = try CLI.json(result.stdout)
        let failing = CLI.checks(report).filter { ["fail", "error"].contains($0["status"] as? String ?? "") }
        #expect(failing.isEmpty, "\(failing.map { "\($0["id"] ?? ""): \($0["message"] ?? "")" })")
        #expect(result.exitCode == 0)
    }

    @Test func formatsAndOutputsPairInOrder() async throws {
        let example = CLI.repoRoot.appendingPathComponent("Examples/weather-server").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await CLI.run([
            "check", example, "--format", "sarif", "--output", out.appendingPathComponent("r.sarif").path,
            "--format", "junit", "--output", out.appendingPathComponent("r.xml").path, "--format", "markdown",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let sarif = try String(contentsOf: out.appendingPathComponent("r.sarif"), encoding: .utf8)
        #expect(sarif.contains("\"version\": \"2.1.0\""))
        let junit = try String(contentsOf: out.appendingPathComponent("r.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuites"))
        #expect(result.stdout.contains("|"), "markdown goes to stdout")
    }

    @Test func suppressionsNeedAReasonAndStayVisible() async throws {
        let reasoned = try CLI.scratch([
            "Dockerfile": Data(
                "# preflight: ignore[docker.non-root-user] base image drops privileges at entrypoint\nFROM python:3.12-slim\nCMD [\"srv\"]\n"
                    .utf8)
        ])
        defer { try? FileManager.default.removeItem(at: reasoned) }
        let r1 = try CLI.json(try await CLI.run(["check", reasoned.path, "--format", "json"]).stdout)
        let c1 = try #require(CLI.check(r1, "docker.non-root-user"))
        #expect(c1["suppressed"] as? Bool == true)
        #expect(c1["status"] as? String == "fail")
        #expect((c1["suppressionReason"] as? String ?? "").contains("drops privileges"))

        let bare = try CLI.scratch([
            "Dockerfile": Data("# preflight: ignore[docker.non-root-user]\nFROM python:3.12-slim\nCMD [\"srv\"]\n".utf8)
        ])
        defer { try? FileManager.default.removeItem(at: bare) }
        let r2 = try CLI.json(try await CLI.run(["check", bare.path, "--format", "json"]).stdout)
        let c2 = try #require(CLI.check(r2, "docker.non-root-user"))
        #expect(c2["suppressed"] as? Bool == false)
        #expect((c2["message"] as? String ?? "").contains("gives no reason"))
    }

    @Test func configOverridesSeverityThresholdAndDisables() async throws {
        let dockerfile = Data("FROM python:3.12-slim AS b\nFROM python:3.12-slim\nUSER app\nHEALTHCHECK CMD true\n".utf8)
        let dir = try CLI.scratch([
            "Dockerfile": dockerfile, ".dockerignore": Data(".git\n.venv\n.env\n__pycache__\n".utf8),
            "preflight.toml": Data(
                "[preflight]\nfailure-threshold = \"error\"\ndisable = [\"ops.changelog\"]\n[severity]\n\"docs.readme-setup\" = \"info\"\n"
                    .utf8),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["check", dir.path, "--format", "json"])
        let report = try CLI.json(result.stdout)
        #expect(CLI.check(report, "ops.changelog")?["status"] as? String == "skip")
        #expect((CLI.check(report, "ops.changelog")?["message"] as? String ?? "").contains("disabled"))
        #expect(CLI.check(report, "docs.readme-setup")?["severity"] as? String == "info")
        #expect(CLI.check(report, "docs.readme-setup")?["status"] as? String == "fail")
        let summary = try #require(report["summary"] as? [String: Any])
        let failing = summary["failing"] as? [String] ?? []
        #expect(!failing.contains("docs.readme-setup"), "an info-severity fail is below the error threshold")
        // Every id appears exactly once, sorted.
        let ids = CLI.checks(report).compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
    }

    @Test func secretsAreRedactedInEveryFormat() async throws {
        let canaries = ["ghp_Cn4ryT0k3nAbCdEfGhIjKlMnOpQrStUvWx12", "AKIAZ7CANARY4EXAMPL3", "Qz8!canaryPassw0rd#77"]
        let dir = try CLI.scratch([
            "src/app/config.py": Data("GITHUB_TOKEN = \"\(canaries[0])\"\nAWS_KEY = \"\(canaries[1])\"\n".utf8),
            "settings.yaml": Data("db:\n  password: \"\(canaries[2])\"\n".utf8),
            "Dockerfile": Data("FROM python:3.12-slim\nENV API_TOKEN=\(canaries[2])\n".utf8),
            ".env": Data("API_TOKEN=\(canaries[2])\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["text", "json", "sarif", "junit", "markdown"] {
            let result = try await CLI.run(["check", dir.path, "--format", format, "--verbose"])
            #expect(result.exitCode == 1)
            for canary in canaries {
                #expect(!result.stdout.contains(canary), "\(format) leaks \(canary.prefix(6))")
                #expect(!result.stderr.contains(canary))
            }
        }
        let json = try CLI.json(try await CLI.run(["check", dir.path, "--format", "json"]).stdout)
        #expect(CLI.check(json, "security.hardcoded-secret")?["status"] as? String == "fail")
        #expect(CLI.check(json, "docker.no-secrets")?["status"] as? String == "fail")
    }
}
