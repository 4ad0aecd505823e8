import Doctor
import Foundation
import TestSupport
import Testing

/// Servers that never answer on stdio: an HTTP server started by mistake, a silent one. Each start
/// is bounded and nothing it started survives.
@Suite(.timeLimit(.minutes(10))) struct LaunchBoundsTests {
    /// A real MCP SDK server run with `transport="streamable-http"`, configured as a stdio server.
    @Test func httpServerConfiguredAsStdio() async throws {
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let marker = "doctor-http-\(UUID().uuidString.prefix(8))"
        let port = HTTPServers.freePort()
        let script = try h.write(
            h.project + "/http_server.py",
            """
            # \(marker)
            from mcp.server.mcpserver import MCPServer

            mcp = MCPServer("http-only")

            @mcp.tool()
            def ping() -> str:
                return "pong"

            mcp.run(transport="streamable-http", host="127.0.0.1", port=\(port))

            """)
        try h.write(
            h.home + "/.claude.json",
            "{\"mcpServers\": {\"web\": {\"command\": \(q(DoctorHarness.python)), \"args\": [\(q(script)), \(q(marker))]}}}")
        let timeout = Duration.seconds(120)
        let began = ContinuousClock.now
        let report = await h.run(h.request(timeout: timeout))
        let s = try #require(report.server("web"))
        #expect(s.verdict == .fail)
        #expect(s.causes.contains(.httpServerOnStdio), "\(s.everything)")
        #expect(s.everything.contains("http://127.0.0.1:\(port)"))
        #expect(s.fixedEntry?.contains("http://127.0.0.1:\(port)/mcp") == true)
        // Told from stderr, not by waiting out the handshake.
        #expect(ContinuousClock.now - began < timeout)
        #expect(await TaggedProcesses.survivors(marker).isEmpty)
    }

    @Test func silentServerTimesOutAndIsStopped() async throws {
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let marker = "doctor-silent-\(UUID().uuidString.prefix(8))"
        let script = try h.write(
            h.project + "/silent.py",
            "import subprocess, sys, time\n# a child of its own, to be stopped too\nsubprocess.Popen(['sleep', '300', \(q(marker))])\nwhile True:\n    time.sleep(1)\n"
        )
        try h.write(
            h.home + "/.cursor/mcp.json",
            "{\"mcpServers\": {\"silent\": {\"command\": \(q(DoctorHarness.python)), \"args\": [\(q(script)), \(q(marker))]}}}")
        let report = await h.run(h.request(timeout: .seconds(3)))
        let s = try #require(report.server("silent"))
        #expect(s.verdict == .fail)
        #expect(s.causes.contains(.handshakeTimeout), "\(s.everything)")
        #expect(await TaggedProcesses.survivors(marker).isEmpty)
    }
}
