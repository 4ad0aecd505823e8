import Foundation
import Load
import PreflightCore
import PreflightKit
import TestSupport
import Testing

/// Hostile servers (`Tests/Fixtures/servers/hostile.py`) under load: the run ends in bounded time
/// with a report or a one-line reason, and leaves no process behind.
@Suite struct LoadHostileTests {
    static let hostile = LoadFixture.repoRoot.appendingPathComponent("Tests/Fixtures/servers/hostile.py").path

    static func load(_ mode: String) async -> (report: LoadReport?, failure: String?, seconds: Double, marker: String) {
        let marker = "load-hostile-\(mode)-\(UUID().uuidString.prefix(8))"
        var request = LoadRequest(
            server: ServerCommand(argv: [LoadFixture.python, hostile, "--mode", mode, "--tag", marker]),
            tools: [ToolLoad(name: "echo", arguments: .object([("text", .string("hi"))]))],
            shape: LoadFixture.shape(.closed(concurrency: 4), .requests(100)))
        request.shape.timeout = .seconds(2)
        request.shape.prepareTimeout = .seconds(10)
        let started = ContinuousClock.now
        do {
            let report = try await LoadEngine().load(request)
            return (report, nil, (ContinuousClock.now - started).millisecondsDouble / 1000, marker)
        } catch {
            return (nil, error.description, (ContinuousClock.now - started).millisecondsDouble / 1000, marker)
        }
    }

    @Test(arguments: ["garbage", "invalid-utf8", "wrong-ids", "notification-flood", "stderr-flood", "grandchildren"])
    func servesDespiteTheNoise(mode: String) async throws {
        let r = await Self.load(mode)
        let report = try #require(r.report, "\(mode): \(r.failure ?? "")")
        #expect(report.overall.calls == 100 && report.overall.ok == 100, "\(mode): \(report.overall.errors)")
        if mode == "wrong-ids" { #expect(report.client.strayResponses >= 100) }
        #expect(r.seconds < 90)
        #expect(TaggedProcesses.alive(r.marker).isEmpty, "\(mode) left processes behind")
    }

    @Test(arguments: [
        ("deep-json", "not JSON Preflight can read"), ("silent", "no answer within 10000 ms"),
        ("close-stdout", "closed its stdout"),
    ])
    func failsTheHandshakeWithAReason(mode: String, reason: String) async throws {
        let r = await Self.load(mode)
        #expect(r.report == nil)
        #expect(r.failure?.contains(reason) == true, "\(mode): \(r.failure ?? "a report")")
        #expect(r.seconds < 90)
        #expect(TaggedProcesses.alive(r.marker).isEmpty, "\(mode) left processes behind")
    }

    @Test func aServerThatDiesMidLoadFailsTheRun() async throws {
        let r = await Self.load("exit-mid-call")
        let report = try #require(r.report, "\(r.failure ?? "")")
        #expect(!report.passed)
        #expect(report.ended.first?.contains("exit code 3") == true, "\(report.ended)")
        #expect(report.overall.errors.disconnected > 0)
        #expect(TaggedProcesses.alive(r.marker).isEmpty)
    }
}
