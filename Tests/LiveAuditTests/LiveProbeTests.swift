import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// The probe against real and hostile servers: bounded, safe, and leaving nothing behind.
@Suite struct LiveProbeTests {
    static func results(_ facts: LiveFacts, config: PreflightConfig = PreflightConfig()) -> [String: CheckResult] {
        let all = LiveAuditor().run(facts, context: LiveContext(config: config, project: nil))
        return Dictionary(uniqueKeysWithValues: all.map { ($0.id.rawValue, $0) })
    }

    @Test func neverCallsAToolThatMayChangeTheWorld() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("write-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: log) }
        let facts = await LiveProbe.run(
            FixtureServer.options(FixtureServer.mini([]), environment: ["MINI_MCP_WRITE_LOG": log.path]))
        #expect(!FileManager.default.fileExists(atPath: log.path), "write_note was called")
        #expect(facts.notCalled.contains { $0.tool == "write_note" })
        #expect(!facts.toolCalls.contains { $0.tool == "write_note" })
        // Allowed explicitly, it is called.
        var options = FixtureServer.options(FixtureServer.mini([]), environment: ["MINI_MCP_WRITE_LOG": log.path])
        options.allowedTools = ["write_note"]
        // A busy CI machine must not turn a slow answer into a missing write.
        options.requestTimeout = .seconds(20)
        let allowed = await LiveProbe.run(options)
        let call = try #require(allowed.toolCalls.first { $0.tool == "write_note" })
        #expect(call.outcome.result != nil && !call.isError, "write_note: \(call.outcome.summary) \(call.text)")
        #expect(FileManager.default.fileExists(atPath: log.path))
    }

    @Test func transcriptHoldsEveryFrameBothWaysWithSecretsRedacted() async throws {
        var options = FixtureServer.options(FixtureServer.mini(["--defect", "logging.no-secret-leak"]))
        let transcript = Transcript()
        options.transcript = transcript
        let facts = await LiveProbe.run(options)
        let (entries, dropped) = transcript.snapshot
        #expect(dropped == 0)
        let main = entries.filter { $0.instance == "main" }
        let sent = main.filter { $0.direction == .sent }.count
        let received = main.filter { $0.direction == .received }.count
        #expect(sent > 100 && received > 100)
        // The era probe first (2026-07-28 clients send it), then the handshake this server speaks.
        let sentText = main.filter { $0.direction == .sent }.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(sentText.first?.contains("\"server/discover\"") == true)
        #expect(sentText.dropFirst().first?.contains("\"initialize\"") == true)
        #expect(Set(entries.map(\.instance)).isSuperset(of: ["main", "SIGTERM", "SIGINT", "restart-1", "restart-2"]))
        // The canaries leaked on stderr; the written transcript must not carry them.
        #expect(facts.leakedCanaryNames == ["API_KEY", "AUTH_TOKEN"])
        let raw = entries.map { String(decoding: $0.bytes, as: UTF8.self) }.joined()
        let canaries = raw.matches(of: /pfcanary[0-9a-f]{20}/).map { String($0.output) }
        #expect(!canaries.isEmpty)
        let jsonl = transcript.jsonl(secrets: Set(canaries))
        for c in canaries { #expect(!jsonl.contains(c)) }
        for line in jsonl.split(separator: "\n") { #expect((try? JSONParser.parse(String(line))) != nil) }
    }

    @Test func serverGetsExactlyTheEnvironmentItWasGiven() async throws {
        var env = ["PATH": "/usr/bin:/bin"]
        // Many short values: without its NUL a raw entry can pick up bytes past its end.
        for i in 0..<64 { env["PF_VAR_\(i)"] = String(repeating: "v", count: i % 7) }
        let script =
            "import os, sys; sys.stderr.write(repr(sorted((k, v) for k, v in os.environ.items() if k.startswith('PF_VAR_'))) + '\\n')"
        let launch = ServerLaunch(argv: [FixtureServer.python, "-c", script], cwd: nil, environment: env)
        let (seen, _) = try await StdioServer.with(launch, instance: "env", transcript: nil) { c, process in
            _ = await process.waitForExit(timeout: .seconds(20))
            return c
        }
        let expected = env.filter { $0.key.hasPrefix("PF_VAR_") }.sorted { $0.key < $1.key }
            .map { "('\($0.key)', '\($0.value)')" }.joined(separator: ", ")
        #expect(await seen.stderrLines.first == "[\(expected)]")
    }

    @Test func hangingServerGivesAFinishedReportWithinTheDeadline() async throws {
        // Reads nothing, answers nothing, ignores SIGTERM and SIGINT, and forks a child that holds the pipes.
        // The marker is this test's own: other suites run `time.sleep(600)` servers at the same time.
        let marker = "hanging-\(UUID().uuidString.prefix(8))"
        let script = """
            # \(marker)
            import os, signal, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN); signal.signal(signal.SIGINT, signal.SIG_IGN)
            if os.fork() == 0:
                time.sleep(600)
            time.sleep(600)
            """
        var options = FixtureServer.options([FixtureServer.python, "-c", script])
        options.timeout = .seconds(8)
        options.requestTimeout = .seconds(2)
        let start = ContinuousClock.now
        let facts = await LiveProbe.run(options)
        let elapsed = ContinuousClock.now - start
        // Bounded: the server would hang for 600 s. Generous, since parallel tests share 2 cores.
        #expect(elapsed < .seconds(90), "took \(elapsed)")
        let r = Self.results(facts)
        #expect(r["protocol.initialize"]?.status == .fail)
        #expect(r["protocol.ping"]?.status == .skip)
        // Nothing of it is left running.
        let leftovers = await TaggedProcesses.survivors(marker)
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func garbageAndHugeLinesAreFindingsNotCrashes() async throws {
        let script = """
            import sys, json
            sys.stdout.write("garbage \\x00\\xff not json\\n"); sys.stdout.write("x" * (20 * 1024 * 1024) + "\\n"); sys.stdout.flush()
            for line in sys.stdin:
                m = json.loads(line) if line.strip().startswith("{") else None
                if m and m.get("method") == "initialize":
                    print(json.dumps({"jsonrpc": "2.0", "id": m["id"], "result": {"protocolVersion": "2025-06-18", "capabilities": {}, "serverInfo": {"name": "g", "version": "1"}}}), flush=True)
                elif m and "id" in m:
                    sys.exit(3)
            """
        var options = FixtureServer.options([FixtureServer.python, "-c", script])
        // Two instances each push 20 MB through a pipe before answering: generous on a busy machine.
        options.timeout = .seconds(180)
        options.requestTimeout = .seconds(3)
        let facts = await LiveProbe.run(options)
        let r = Self.results(facts)
        #expect(r["stdio.stdout-clean"]?.status == .fail)
        #expect(facts.impurities.contains { $0.reason.contains("over the frame limit") || $0.byteCount > 1_000_000 })
        // It exits on the era probe too: started again without it, and the warning says so.
        #expect(r["protocol.initialize"]?.status == .warn, "\(r["protocol.initialize"]?.message ?? "")")
        #expect(r["protocol.initialize"]?.message.contains("server/discover") == true)
        #expect(facts.serverDied)
    }
    /// A server that leaves the era probe unanswered and ends on the `initialize` sent after it (its
    /// state broken by the probe) is started again without the probe, and the warning says so.
    @Test func aServerThatEndsAfterAnUnansweredProbeIsStartedAgainWithoutIt() async throws {
        let script = """
            import sys, json
            probed = False
            for line in sys.stdin:
                m = json.loads(line)
                if m.get("method") == "server/discover":
                    probed = True
                elif m.get("method") == "initialize":
                    if probed:
                        sys.exit(3)
                    print(json.dumps({"jsonrpc": "2.0", "id": m["id"], "result": {"protocolVersion": "2025-06-18", "capabilities": {}, "serverInfo": {"name": "p", "version": "1"}}}), flush=True)
                elif "id" in m:
                    print(json.dumps({"jsonrpc": "2.0", "id": m["id"], "error": {"code": -32601, "message": "Method not found"}}), flush=True)
            """
        var options = FixtureServer.options([FixtureServer.python, "-c", script])
        options.handshakeTimeout = .seconds(2)
        options.timeout = .seconds(120)
        let facts = await LiveProbe.run(options)
        let r = Self.results(facts)
        #expect(r["protocol.initialize"]?.status == .warn, "\(r["protocol.initialize"]?.message ?? "")")
        #expect(r["protocol.initialize"]?.message.contains("server/discover") == true)
        #expect(facts.era?.era == .handshake)
    }
}
