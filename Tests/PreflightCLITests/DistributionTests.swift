import Foundation
import TestSupport
import Testing

/// What users install (docs/distribution.md): `preflight` linked like the release binary (static Swift
/// stdlib and Foundation), built by scripts/test.sh into .build-static, carried by the wheel scripts/wheel.py writes.
@Suite(.serialized) struct DistributionTests {
    static let binary = CLI.repoRoot.appendingPathComponent(".build-static/debug/preflight").path

    static let example = CLI.repoRoot.appendingPathComponent("Examples/weather-server")
    static let exampleServer = example.appendingPathComponent(".venv/bin/weather-server")

    /// The toolchain's library folder (`…/usr/lib` of the `swift` running these tests), hidden below.
    static var toolchainLib: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: String(dir)).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: swift.path) {
                return swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("lib").path
            }
        }
        return nil
    }

    /// A private mount namespace (user namespaces or root), where the toolchain's libraries can be hidden.
    static let namespaces: Bool = {
        (try? Spawn.run(["/usr/bin/unshare", "-rm", "/bin/true"], timeout: 30).status) == 0
    }()

    @Test func staticBinaryWasBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "scripts/test.sh builds it")
    }

    @Test func versionNamesTheReleaseAndTheCommit() async throws {
        let result = try await Spawn.runDetached([Self.binary, "--version"], timeout: 60)
        #expect(result.status == 0)
        // "0.1.0 (commit 1a2b3c4d5e6f)" from a checkout; "(commit unknown)" from a plain `swift build`.
        let line = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.wholeMatch(of: /\d+\.\d+\.\d+\S* \(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\)/) != nil, "\(line)")
    }

    @Test func binaryNeedsNoSwiftLibrary() async throws {
        let ldd = try await Spawn.runDetached(["/usr/bin/env", "ldd", Self.binary], timeout: 60)
        let libraries = String(decoding: ldd.stdout, as: UTF8.self)
        #expect(ldd.status == 0, "\(libraries)")
        let swift = libraries.split(separator: "\n").filter {
            $0.localizedCaseInsensitiveContains("swift") || $0.contains("Foundation") || $0.contains("dispatch")
                || $0.contains("BlocksRuntime") || $0.contains("icu")
        }
        #expect(swift.isEmpty, "needs toolchain libraries: \(swift)")
        // No RPATH/RUNPATH into the toolchain either (SwiftPM's `$ORIGIN`, beside the binary, is harmless).
        let dynamic = try await Spawn.runDetached(["/usr/bin/env", "readelf", "-d", Self.binary], timeout: 60)
        let paths = String(decoding: dynamic.stdout, as: UTF8.self).split(separator: "\n").filter { $0.contains("PATH") }
        #expect(paths.allSatisfy { $0.hasSuffix("[$ORIGIN]") }, "\(paths)")
    }

    @Test(.enabled(if: namespaces && toolchainLib != nil)) func binaryRunsWithTheToolchainOutOfReach() async throws {
        let lib = try #require(Self.toolchainLib)
        let example = Self.example.path
        // An empty tmpfs over the toolchain's lib folder, in a private mount namespace: a static audit
        // of the example (Python analyzer included, embedded in the binary) must still work.
        let script = "mount -t tmpfs none \"$1\" && test -z \"$(ls -A \"$1\")\" && exec \"$2\" check \"$3\" --format json"
        let result = try await Spawn.runDetached(
            ["/usr/bin/unshare", "-rm", "/bin/sh", "-c", script, "sh", lib, Self.binary, example],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "NO_COLOR": "1", "HOME": NSTemporaryDirectory()],
            timeout: 300)
        #expect(!result.timedOut)
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let report = try CLI.json(String(decoding: result.stdout, as: UTF8.self))
        #expect(CLI.check(report, "project.files-parse")?["status"] as? String == "pass")
    }

    @Test func installedWheelAuditsTheExampleStaticallyAndLive() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-wheel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let clean = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": work.path, "NO_COLOR": "1"]

        // The wheel, as scripts/release.sh writes it, from the binary under test.
        let built = try await Spawn.runDetached(
            [
                "/usr/bin/env", "python3", CLI.repoRoot.appendingPathComponent("scripts/wheel.py").path,
                "--binary", Self.binary, "--out", work.appendingPathComponent("dist").path,
            ], environment: clean, timeout: 600)
        #expect(built.status == 0, "\(String(decoding: built.stderr, as: UTF8.self))")
        let wheel = String(decoding: built.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(wheel.hasSuffix("_x86_64.whl") || wheel.hasSuffix("_aarch64.whl"), "\(wheel)")

        // A fresh venv with nothing but Python, the wheel installed offline.
        let venv = work.appendingPathComponent("venv").path
        let created = try await Spawn.runDetached(
            ["/usr/bin/env", "python3", "-m", "venv", venv], environment: clean, timeout: 300)
        #expect(created.status == 0, "\(String(decoding: created.stderr, as: UTF8.self))")
        let installed = try await Spawn.runDetached(
            ["\(venv)/bin/python", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", wheel],
            environment: clean, timeout: 600)
        try #require(installed.status == 0, "\(String(decoding: installed.stderr, as: UTF8.self))")

        // Both console scripts; the alias is what `uvx mcp-preflight-cli` / `pipx run mcp-preflight-cli` run.
        let version = try await Spawn.runDetached(
            ["\(venv)/bin/mcp-preflight-cli", "--version"], environment: clean, timeout: 60)
        let expected = try await Spawn.runDetached([Self.binary, "--version"], timeout: 60).stdout
        #expect(version.stdout == expected)
        #expect(!version.stdout.isEmpty)

        // The full check of the README, static and live, through the installed command.
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.exampleServer.path),
            "scripts/example-env.sh installs the example (scripts/test.sh runs it)")
        let check = try await Spawn.runDetached(
            ["\(venv)/bin/preflight", "check", Self.example.path, "--server", Self.exampleServer.path, "--format", "json"],
            cwd: work.path, environment: clean, timeout: 600)
        #expect(!check.timedOut)
        // 0 or 1: a usage error or crash is the installation's fault; whether the example is ready is
        // ReportContractTests' business (timing checks such as perf.cold-start depend on the machine's load).
        #expect([0, 1].contains(check.status), "\(String(decoding: check.stderr, as: UTF8.self))")
        let report = try CLI.json(String(decoding: check.stdout, as: UTF8.self))
        let errors = CLI.checks(report).filter { $0["status"] as? String == "error" }
        #expect(errors.isEmpty, "\(errors.map { "\($0["id"] ?? ""): \($0["message"] ?? "")" })")
        // It really ran live (the handshake, a tool listing) and really parsed the Python source.
        // (Not protocol.ping: the example's SDK serves 2026-07-28, which removed ping, so it skips.)
        for id in ["protocol.initialize", "tools.schema-valid", "tools.names-valid", "project.files-parse"] {
            #expect(CLI.check(report, id)?["status"] as? String == "pass", "\(id)")
        }
        let live = CLI.checks(report).filter { ($0["kind"] as? String) == "live" && ($0["status"] as? String) != "skip" }
        #expect(live.count > 10)
    }

    /// No Docker engine here: the image definition is checked statically by Preflight's own Docker checks
    /// (with hadolint's findings merged in when .test-env has it), and it must copy the release binary.
    @Test func imageDefinitionPassesPreflightsDockerChecks() async throws {
        let dockerfile = try Data(contentsOf: CLI.repoRoot.appendingPathComponent("Dockerfile"))
        let ignore = try Data(contentsOf: CLI.repoRoot.appendingPathComponent(".dockerignore"))
        let dir = try CLI.scratch(["Dockerfile": dockerfile, ".dockerignore": ignore])
        defer { try? FileManager.default.removeItem(at: dir) }
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = CLI.repoRoot.appendingPathComponent(".test-env/bin").path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let result = try await CLI.run(["check", dir.path, "--format", "json"], environment: env)
        let report = try CLI.json(result.stdout)
        let docker = CLI.checks(report).filter { ($0["id"] as? String ?? "").hasPrefix("docker.") }
        #expect(docker.count > 5)
        let bad = docker.filter { ["fail", "error"].contains($0["status"] as? String ?? "") }
        #expect(bad.isEmpty, "\(bad.map { "\($0["id"] ?? ""): \($0["message"] ?? "")" })")
        for id in ["docker.non-root-user", "docker.multi-stage", "docker.base-image-pinned"] {
            #expect(CLI.check(report, id)?["status"] as? String == "pass", "\(id)")
        }
        // hadolint itself, every rule down to info, when the pinned test environment has it.
        let hadolint = CLI.repoRoot.appendingPathComponent(".test-env/bin/hadolint").path
        if FileManager.default.isExecutableFile(atPath: hadolint) {
            let lint = try await Spawn.runDetached(
                [hadolint, "--no-color", dir.appendingPathComponent("Dockerfile").path], timeout: 120)
            #expect(lint.status == 0, "\(String(decoding: lint.stdout, as: UTF8.self))")
        }
        // The image carries what scripts/release.sh writes, for the architecture being built.
        let text = String(decoding: dockerfile, as: UTF8.self)
        #expect(text.contains("COPY --chmod=755 dist/preflight-linux-${TARGETARCH} "))
        let release = try String(contentsOf: CLI.repoRoot.appendingPathComponent("scripts/release.sh"), encoding: .utf8)
        #expect(release.contains(#"out="dist/preflight-linux-$arch""#))
    }
}
