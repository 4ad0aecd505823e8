import Foundation
import Processes
import TestSupport
import Testing

/// `preflight init` on bare projects: what it writes passes the checks it claims to fix, hadolint
/// and `kubectl kustomize`; nothing is overwritten without --force.
@Suite struct InitCLITests {
    static let hadolint = Fixtures.repoRoot.appendingPathComponent(".test-env/bin/hadolint").path
    static let hasHadolint = FileManager.default.isExecutableFile(atPath: hadolint)
    static let kubectl = CommandRunner.which("kubectl")

    func copy(_ fixture: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-init-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("projects/\(fixture)"), to: dir)
        return dir
    }

    /// The ids after "These files make these checks pass:".
    func claims(_ output: String) -> [String] {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("These files make these checks pass: ") })
        else {
            return []
        }
        return line.dropFirst("These files make these checks pass: ".count).dropLast().split(separator: ", ").map(String.init)
    }

    @Test(arguments: ["bare-stdio", "bare-http"])
    func everyClaimPasses(_ fixture: String) async throws {
        let dir = try copy(fixture)
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try CLI.json(try await CLI.run(["check", dir.path, "--format", "json"]).stdout)
        let result = try await CLI.run(["init", "--all", dir.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let claimed = claims(result.stdout)
        #expect(claimed.count >= 15, "\(result.stdout)")
        let after = try CLI.json(try await CLI.run(["check", dir.path, "--format", "json"]).stdout)
        var fixed = 0
        for id in claimed {
            let check = try #require(CLI.check(after, id), "\(id) is not in the report")
            #expect(check["status"] as? String == "pass", "\(fixture): init claims \(id): \(check["message"] ?? "")")
            if CLI.check(before, id)?["status"] as? String != "pass" { fixed += 1 }
        }
        #expect(fixed >= 10, "init should change verdicts, not only repeat passes")
    }

    @Test func httpServerGetsProbesAndAHealthcheck() async throws {
        let dir = try copy("bare-http")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await CLI.run(["init", "--docker", "--k8s", dir.path])
        let dockerfile = try String(contentsOf: dir.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(dockerfile.contains("HEALTHCHECK"))
        #expect(dockerfile.contains("http://127.0.0.1:8080/health"), "the code's own health route and port")
        #expect(dockerfile.contains("WEATHER_LITE_HOST=0.0.0.0"))
        #expect(dockerfile.contains("FROM python:3.13-slim AS builder"), "the newest Python requires-python allows")
        let deployment = try String(contentsOf: dir.appendingPathComponent("deploy/k8s/deployment.yaml"), encoding: .utf8)
        #expect(deployment.contains("secretKeyRef:"))
        #expect(deployment.contains("key: WEATHER_LITE_API_KEY"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".env.example").path), "only what was asked")
    }

    @Test func stdioServerGetsNoKubernetesAndSaysWhyNoHealthcheck() async throws {
        let dir = try copy("bare-stdio")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLI.run(["init", "--docker", "--k8s", "--client-config", dir.path])
        #expect(result.stdout.contains("skipped  deploy/k8s/"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("deploy").path))
        let dockerfile = try String(contentsOf: dir.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(!dockerfile.contains("HEALTHCHECK --"))
        #expect(dockerfile.contains("No HEALTHCHECK: a stdio server"))
        let report = try CLI.json(try await CLI.run(["check", dir.path, "--format", "json"]).stdout)
        let healthcheck = try #require(CLI.check(report, "docker.healthcheck"))
        #expect(healthcheck["suppressed"] as? Bool == true, "the reason is recorded as a suppression")
        let config = try String(contentsOf: dir.appendingPathComponent("claude_desktop_config.json"), encoding: .utf8)
        #expect(config.contains("\"--directory\",\n        \"\(dir.path)\""), "\(config)")
        #expect(config.contains("\"NOTES_API_TOKEN\": \"<NOTES_API_TOKEN>\""))
        #expect(!config.contains("NOTES_DIR"), "optional variables stay out of the client entry")
    }

    @Test func neverOverwritesWithoutForce() async throws {
        let dir = try copy("bare-stdio")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = "FROM python:3.12-slim\n# my own\n"
        try Data(mine.utf8).write(to: dir.appendingPathComponent("Dockerfile"))
        let first = try await CLI.run(["init", "--docker", dir.path])
        #expect(first.stdout.contains("kept     Dockerfile"), "\(first.stdout)")
        #expect(first.stdout.contains("wrote    .dockerignore"))
        #expect(try String(contentsOf: dir.appendingPathComponent("Dockerfile"), encoding: .utf8) == mine)
        let again = try await CLI.run(["init", "--docker", dir.path])
        #expect(again.stdout.contains("kept     .dockerignore"))
        let forced = try await CLI.run(["init", "--docker", "--force", dir.path])
        #expect(forced.stdout.contains("replaced Dockerfile"))
        #expect(try String(contentsOf: dir.appendingPathComponent("Dockerfile"), encoding: .utf8) != mine)
    }

    @Test(
        .enabled(if: InitCLITests.hasHadolint, "hadolint is not installed (scripts/test-env.sh installs it into .test-env)"),
        arguments: ["bare-stdio", "bare-http"])
    func dockerfilePassesHadolint(_ fixture: String) async throws {
        let dir = try copy(fixture)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await CLI.run(["init", "--docker", dir.path])
        let lint = try Spawn.run([Self.hadolint, "--no-color", dir.appendingPathComponent("Dockerfile").path], timeout: 120)
        #expect(lint.status == 0, "\(String(decoding: lint.stdout + lint.stderr, as: UTF8.self))")
    }

    @Test(.enabled(if: InitCLITests.kubectl != nil, "kubectl is not installed: `kubectl kustomize` cannot render the manifests"))
    func manifestsRenderWithKustomize() async throws {
        let dir = try copy("bare-http")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await CLI.run(["init", "--k8s", dir.path])
        let kubectl = try #require(Self.kubectl)
        let render = try Spawn.run([kubectl, "kustomize", dir.appendingPathComponent("deploy/k8s").path], timeout: 120)
        #expect(render.status == 0, "\(String(decoding: render.stderr, as: UTF8.self))")
        let yaml = String(decoding: render.stdout, as: UTF8.self)
        for kind in ["Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"] {
            #expect(yaml.contains("kind: \(kind)"), "\(kind) missing from the rendering")
        }
    }
}
