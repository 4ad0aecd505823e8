import Foundation
import MCPWire
import PreflightCore
import Processes
import TestSupport
import Testing

/// `preflight mcp`: Preflight served over stdio, judged by its own live audit and spoken to directly.
@Suite struct MCPModeTests {
    /// The live audit of `preflight mcp` finds nothing to fix: Preflight passes its own checks.
    @Test func preflightsOwnServerPassesItsLiveAudit() async throws {
        // Timings measure the machine as much as the server: a busy CI box gets room, the verdicts stay.
        let config = try CLI.scratch([
            "preflight.toml": Data(
                "[thresholds]\np95-ms = 5000\np99-ms = 10000\ncold-start-ms = 60000\nrequest-timeout-seconds = 30\n".utf8)
        ])
        defer { try? FileManager.default.removeItem(at: config) }
        let r = try await CLI.run(
            [
                "check", "--server", "\(CLI.binary) mcp", "--config", config.appendingPathComponent("preflight.toml").path,
                "--format", "json", "--no-history", "--timeout", "240",
            ], timeout: 300)
        let report = try CLI.json(r.stdout)
        let checks = report["checks"] as? [[String: Any]] ?? []
        let open = checks.filter { ["fail", "warn", "error"].contains($0["status"] as? String ?? "") }
            .map { "\($0["id"] ?? ""): \($0["message"] ?? "")" }
        #expect(open.isEmpty, "\(open)")
        let passed = checks.filter { $0["status"] as? String == "pass" }.compactMap { $0["id"] as? String }
        for id in [
            "tools.invalid-input", "tools.output-schema", "protocol.jsonrpc-errors", "protocol.pagination",
            "lifecycle.stdin-close", "lifecycle.sigterm", "stdio.stdout-clean", "logging.structured",
        ] {
            #expect(passed.contains(id), "\(id) did not pass")
        }
        #expect(r.exitCode == 0, "\(r.stderr)")
    }

    @Test func checkProjectAuditsAFolderAndExplainCheckExplains() async throws {
        let project = try CLI.scratch([
            "pyproject.toml": Data("[project]\nname = \"demo\"\nversion = \"0.1.0\"\nrequires-python = \">=3.10\"\n".utf8),
            "server.py": Data("from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('demo')\nprint('hello')\nmcp.run()\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: project) }
        let launch = ServerLaunch(argv: [CLI.binary, "mcp"], cwd: nil, environment: ProcessInfo.processInfo.environment)
        let (answers, _) = try await StdioServer.with(launch, instance: "mcp", transcript: nil) { c, _ in
            let t = Duration.seconds(120)
            let initialize = await c.request(
                "initialize",
                params: .object([
                    ("protocolVersion", .string("2025-11-25")), ("capabilities", .object([])),
                    ("clientInfo", .object([("name", .string("test")), ("version", .string("1"))])),
                ]), timeout: t)
            await c.notify("notifications/initialized")
            let check = await c.request(
                "tools/call",
                params: .object([("name", .string("check_project")), ("arguments", .object([("path", .string(project.path))]))]),
                timeout: t)
            let missing = await c.request(
                "tools/call",
                params: .object([("name", .string("check_project")), ("arguments", .object([("path", .string("/no/such/dir"))]))]
                ),
                timeout: t)
            let explain = await c.request(
                "tools/call",
                params: .object([
                    ("name", .string("explain_check")), ("arguments", .object([("id", .string("stdio.stdout-clean"))])),
                ]),
                timeout: t)
            let unknown = await c.request("resources/list", timeout: t)
            return (initialize, check, missing, explain, unknown)
        }
        let (initialize, check, missing, explain, unknown) = answers
        #expect(initialize.result?["protocolVersion"]?.stringValue == "2025-11-25")
        let structured = try #require(check.result?["structuredContent"])
        #expect(structured["ready"]?.boolValue == false)
        let failing = structured["findings"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        // The module-level print corrupts stdio: found statically, with its remediation.
        #expect(failing.contains("code.stdout-writes"), "\(failing)")
        #expect(check.result?["isError"]?.boolValue == false)
        #expect(missing.result?["isError"]?.boolValue == true)
        #expect(missing.result?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("No project folder") == true)
        #expect(explain.result?["structuredContent"]?["remediation"]?.stringValue?.isEmpty == false)
        #expect(unknown.errorCode == -32601)
    }
}
