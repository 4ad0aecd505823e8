import Foundation
import Load
import MCPWire
import PreflightCore
import PreflightKit
import Processes
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `preflight load --url`: real HTTP servers on loopback (Tests/Fixtures/http), both protocol eras.
@Suite struct LoadHTTPTests {
    static func request(_ url: String, tool: String = "echo", headers: [String] = [], shape: LoadShape) -> LoadRequest {
        LoadRequest(
            server: nil, http: HTTPEndpoint(url: url, headers: headers),
            tools: [ToolLoad(name: tool, arguments: tool == "echo" ? .object([("text", .string("hi"))]) : nil)],
            shape: shape)
    }

    static let echo: LoadRunner.Chooser = { facts in
        facts.tool(named: "echo") == nil
            ? .failure(LoadFailure("no echo tool")) : .success([.tool("echo", arguments: .object([("text", .string("hi"))]))])
    }

    @Test func aModernServersPercentilesAgreeWithTheRawLatencies() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            var shape = LoadFixture.shape(.closed(concurrency: 4), .requests(200))
            shape.keepRawLatencies = 1_000
            let transport = HTTPLoadTransport(
                url: try server.target(), credentials: HTTPCredentials(), process: nil, maxConnections: 4, instances: 1)
            let result = try await LoadRunner.run(transport, shape: shape, choose: Self.echo)
            #expect(result.server.protocolVersion == ModernProtocol.version)
            let tally = result.tallies[0].tools[0]
            #expect(tally.ok == 200 && tally.calls == 200, "\(tally)")
            let raw = result.tallies[0].rawLatencies.sorted()
            #expect(raw.count == 200)
            #expect(tally.latency.minNs == raw.first && tally.latency.maxNs == raw.last)
            for p in [50.0, 90, 99, 100] {
                let exact = LoadFixture.exactPercentile(raw, p)
                #expect(tally.latency.equivalent(exact, tally.latency.percentileNs(p)), "p\(p)")
            }
            #expect(transport.target.transport == "http" && transport.target.url == server.url())
        }
    }

    @Test func aHandshakeServerGetsASessionPerInstance() async throws {
        try await HTTPFixture.with("sdk_server.py", ["--era", "2025-11-25", "--trace"]) { server in
            var shape = LoadFixture.shape(.closed(concurrency: 4), .requests(100))
            shape.instances = 2
            let report = try await LoadEngine().load(Self.request(server.url(), shape: shape))
            #expect(report.server.protocolVersion == "2025-11-25")
            #expect(report.server.name == "preflight-sdk-fixture")
            #expect(report.overall.calls == 100 && report.overall.ok == 100, "\(report.overall.errors)")
            #expect(report.target.transport == "http" && report.target.command == nil)
            // No process of ours to sample: no server figures rather than made-up ones.
            #expect(report.resources.instances.isEmpty)
            // Each instance: era detection's `initialize` session, then its load session; every one ended
            // again with DELETE (the trace names every request).
            let settled = await server.stderr.eventually(within: .seconds(30)) { lines in
                lines.filter { $0.contains("TRACE < 200 DELETE") }.count >= 4
            }
            let initializes = server.stderr.lines.filter { $0.contains("TRACE > POST") && $0.contains("\"initialize\"") }
            let deletes = server.stderr.lines.filter { $0.contains("TRACE > DELETE") }
            #expect(settled && initializes.count == 4 && deletes.count == 4, "\(server.stderr.lines.suffix(10))")
        }
    }

    @Test func http429sAreCountedByStatusAndTheCredentialStaysOut() async throws {
        let token = "load-secret-7f3a9c2e41b8"
        try await HTTPFixture.with("deviant.py", ["--token", token, "--rate-limit", "20"]) { server in
            var shape = LoadFixture.shape(.open(ratePerSecond: 80, maxInFlight: nil), .duration(.seconds(2)))
            shape.timeout = .seconds(20)
            let report = try await LoadEngine().load(
                Self.request(server.url(), headers: ["Authorization: Bearer \(token)"], shape: shape))
            let http = report.overall.errors.http ?? []
            let limited = http.first { $0.status == 429 }
            #expect((limited?.count ?? 0) > 0, "\(report.overall.errors)")
            #expect(report.overall.ok > 0 && report.overall.errorRate > 0)
            #expect(!report.passed)
            #expect(LoadTextRenderer.render(report).contains("HTTP 429 ×"))
            for text in [report.json(), LoadTextRenderer.render(report)] { #expect(!text.contains(token)) }
        }
    }

    @Test func withoutItsCredentialTheLoadDoesNotStartAndSaysWhy() async throws {
        try await HTTPFixture.with("deviant.py") { server in
            let shape = LoadFixture.shape(.closed(concurrency: 1), .requests(5))
            do {
                _ = try await LoadEngine().load(Self.request(server.url(), shape: shape))
                Issue.record("loaded a server that wants a credential without one")
            } catch {
                let said = "\(error)"
                #expect(said.contains("401") && said.contains("--bearer-env"), "\(said)")
            }
        }
    }

    /// `--server CMD --url URL`: started, waited for, sampled, stopped; nothing listens afterwards.
    @Test func aServerItStartsIsSampledAndStopped() async throws {
        let port = HTTPFixture.freePort()
        var request = Self.request(
            "http://127.0.0.1:\(port)/mcp", shape: LoadFixture.shape(.closed(concurrency: 2), .requests(30)))
        request.server = ServerCommand(
            argv: HTTPFixture.launch("sdk_server.py", ["--port", "\(port)"]).argv, environment: HTTPFixture.environment)
        request.shape.sampleInterval = .milliseconds(100)
        let report = try await LoadEngine().load(request)
        #expect(report.overall.calls > 0 && report.overall.ok == report.overall.calls, "\(report.overall.errors)")
        #expect(report.target.command?.contains("--port") == true)
        let usage = try #require(report.resources.instances.first)
        #expect(usage.rssPeakBytes > 10 << 20, "a Python server's RSS: \(usage.rssPeakBytes)")
        #expect(report.resources.instances.count == 1)
        let after = await ServerReadiness.wait(
            for: try HTTPTarget("http://127.0.0.1:\(port)/mcp"), process: nil, budget: .milliseconds(300))
        #expect(!after.isReady, "still answering after the load: \(after)")
    }

    /// The server frozen for a second (SIGSTOP): the open loop keeps its schedule, so every call due
    /// during the freeze waits and the corrected figures show it; the closed loop with one call in
    /// flight sends nothing meanwhile, so one call does.
    @Test func theOpenLoopReportsAFreezeTheClosedLoopHides() async throws {
        try await HTTPFixture.with("sdk_server.py") { server in
            func frozen(_ shape: LoadShape) async throws -> LoadReport {
                let run = LoadEngine().start(Self.request(server.url(), shape: shape))
                // Frozen once 5 calls were answered (the load's own progress, not a clock), for a second.
                let freeze = Task {
                    for await event in run.events {
                        guard case .progress(let p) = event, p.completed >= 5 else { continue }
                        server.process.signal(SIGSTOP)
                        try? await Task.sleep(for: .seconds(1))
                        server.process.signal(SIGCONT)
                        break
                    }
                }
                defer { server.process.signal(SIGCONT) }
                let report = try await run.report()
                freeze.cancel()
                await freeze.value
                return report
            }
            let open = try await frozen(LoadFixture.shape(.open(ratePerSecond: 50, maxInFlight: nil), .duration(.seconds(3))))
            #expect(open.overall.ok == open.overall.calls && open.overall.calls >= 100)
            #expect(open.overall.latencyMs.p90 >= 200, "open corrected p90 \(open.overall.latencyMs.p90)")
            #expect(open.overall.uncorrectedLatencyMs != nil)
            let closed = try await frozen(LoadFixture.shape(.closed(concurrency: 1), .duration(.seconds(4))))
            #expect(closed.overall.latencyMs.max >= 500, "closed max \(closed.overall.latencyMs.max)")
            // One call absorbed the freeze: the median stays far below it, however slow the machine makes
            // every call.
            #expect(
                closed.overall.latencyMs.p50 + 500 <= closed.overall.latencyMs.max,
                "closed p50 \(closed.overall.latencyMs.p50), max \(closed.overall.latencyMs.max)")
        }
    }
}
