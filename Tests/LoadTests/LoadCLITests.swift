import Foundation
import Load
import TestSupport
import Testing

/// `preflight load` as a user runs it: the built binary, real servers, exit codes.
@Suite struct LoadCLITests {
    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("preflight").path,
            Bundle.main.bundleURL.appendingPathComponent("preflight").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("preflight").path,
            LoadFixture.repoRoot.appendingPathComponent(".build/debug/preflight").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[candidates.count - 1]
    }

    static func run(_ arguments: [String]) async throws -> (code: Int32, stdout: String, stderr: String) {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Not in the repository's folder: history is tested on its own, in temporary folders.
        env["PREFLIGHT_HISTORY"] = "off"
        let r = try await Spawn.runDetached([binary, "load"] + arguments, environment: env, timeout: 180)
        #expect(!r.timedOut)
        return (r.status, String(decoding: r.stdout, as: UTF8.self), String(decoding: r.stderr, as: UTF8.self))
    }

    static let server = ["--"] + LoadFixture.argv()

    @Test func passingLoadExitsZeroWithAJSONReport() async throws {
        let r = try await Self.run(
            ["--tool", "work", "--requests", "50", "--concurrency", "2", "--format", "json", "--threshold", "rate<0.5"]
                + Self.server)
        #expect(r.code == 0, "\(r.stderr)")
        let report = try LoadReport.decode(Data(r.stdout.utf8))
        #expect(report.overall.calls == 50)
        #expect(report.passed)
        #expect(report.thresholds.map(\.expression) == ["rate<0.5"])
        #expect(report.tools.first?.name == "work")
        // Not a terminal: no progress bar.
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func aFailingThresholdExitsOne() async throws {
        let r = try await Self.run(["--tool", "work", "--requests", "20", "--threshold", "p(50)<0"] + Self.server)
        #expect(r.code == 1, "\(r.stderr)")
        #expect(r.stdout.contains("✗ p(50)<0"))
        #expect(r.stdout.contains("FAIL: 1 of 1 thresholds"))
    }

    @Test func usageErrorsExitTwo() async throws {
        let cases: [[String]] = [
            ["--tool", "work", "--threshold", "p95<100"] + Self.server,
            ["--tool", "work", "--duration", "1", "--requests", "5"] + Self.server,
            ["--tool", "work", "--args", "[1]"] + Self.server,
            ["--tool", "work"],
            ["--tool", "nope", "--requests", "5"] + Self.server,
            ["--tool", "mutate", "--requests", "5"] + Self.server,
            ["--tool", "work", "--server", "no-such-server-binary-xyz"],
            ["--tool", "work", "--concurrency", "1", "--instances", "2"] + Self.server,
            ["--tool", "work", "--header", "Authorization: Bearer x"] + Self.server,
            ["--tool", "work", "--url", "ftp://127.0.0.1/mcp"],
            ["--tool", "work", "--url", "http://127.0.0.1:\(HTTPFixture.freePort())/mcp", "--requests", "5"],
        ]
        for args in cases {
            let r = try await Self.run(args)
            #expect(r.code == 2, "\(args): \(r.stdout) \(r.stderr)")
            #expect(r.stderr.hasPrefix("preflight: "), "\(args): \(r.stderr)")
        }
    }

    @Test func openLoopTextShowsCorrectedAndUncorrectedFigures() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("load-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.txt").path
        let r = try await Self.run(
            ["--tool", "work", "--rate", "200", "--duration", "1", "--output", out, "--threshold", "rate<1"] + Self.server)
        #expect(r.code == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("open loop, 200 calls/s"))
        #expect(text.contains("uncorrected"))
        #expect(text.contains("corrected for coordinated omission"))
        #expect(text.contains("PASS"))
    }

    @Test func overHTTPTheReportNamesTheURLAndTheEra() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            let r = try await Self.run(
                [
                    "--url", server.url(), "--tool", "echo", "--args", #"{"text":"hi"}"#, "--requests", "40", "--format", "json",
                    // A busy CI machine makes any latency threshold a coin toss: this test is about the plumbing.
                    "--threshold", "rate<0.5",
                ])
            #expect(r.code == 0, "\(r.stderr)")
            let report = try LoadReport.decode(Data(r.stdout.utf8))
            #expect(report.target.transport == "http" && report.target.url == server.url())
            #expect(report.server.protocolVersion == "2026-07-28" && report.overall.ok == 40)
        }
    }
}
