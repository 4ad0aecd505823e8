import Doctor
import Foundation
import TestSupport
import Testing

/// URL entries against real HTTP servers (`Tests/Fixtures/http`): the SDK's, one requiring a bearer
/// token, and a port nothing listens on.
@Suite(.timeLimit(.minutes(10))) struct URLDiagnosisTests {
    @Test func remoteServers() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: DoctorHarness.venvBin + "/python"),
            "needs .test-env (scripts/test-env.sh)")
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let closed = HTTPServers.freePort()
        try await HTTPServers.with("sdk_server.py") { sdk in
            try await HTTPServers.with("deviant.py") { guarded in
                let sdkURL = "http://127.0.0.1:\(sdk)/mcp"
                let guardedURL = "http://127.0.0.1:\(guarded)/mcp"
                try h.write(
                    h.home + "/.claude.json",
                    """
                    {"mcpServers": {
                      "sdk": {"type": "http", "url": \(q(sdkURL))},
                      "as-sse": {"type": "sse", "url": \(q(sdkURL))},
                      "down": {"type": "http", "url": "http://127.0.0.1:\(closed)/mcp"},
                      "signin": {"type": "http", "url": \(q(guardedURL))},
                      "token": {"type": "http", "url": \(q(guardedURL)), "headers": {"Authorization": "Bearer ${FIXTURE_TOKEN}"}},
                      "badtoken": {"type": "http", "url": \(q(guardedURL)), "headers": {"Authorization": "Bearer wrong-token-0123456789"}},
                      "stdio-url": {"type": "stdio", "url": \(q(sdkURL))},
                      "wrong-path": {"type": "http", "url": "http://127.0.0.1:\(sdk)/not-mcp"}
                    }}
                    """)
                var request = h.request(timeout: .seconds(30))
                request.environment["FIXTURE_TOKEN"] = "fixture-token"
                let report = await h.run(request)
                var r: [String: ServerResult] = [:]
                for name in ["sdk", "as-sse", "down", "signin", "token", "badtoken", "stdio-url", "wrong-path"] {
                    r[name] = try #require(report.server(name))
                }
                func s(_ name: String) -> ServerResult { r[name] ?? report.servers[0] }
                #expect(s("sdk").verdict == .ok, "\(s("sdk").everything)")
                #expect(s("sdk").tools?.contains("get_time") == true)
                #expect(s("as-sse").causes.contains(.transportMismatch), "\(s("as-sse").everything)")
                #expect(s("down").causes.contains(.urlUnreachable), "\(s("down").everything)")
                #expect(s("signin").causes.contains(.authRequired))
                #expect(s("signin").verdict == .warn, "401 with OAuth metadata: the client signs in")
                #expect(s("token").verdict == .ok, "\(s("token").everything)")
                #expect(s("badtoken").verdict == .fail)
                #expect(s("badtoken").causes.contains(.authRequired))
                #expect(!DoctorRenderer.json(report).contains("wrong-token-0123456789"))
                #expect(s("stdio-url").causes.contains(.transportMismatch))
                #expect(s("wrong-path").verdict == .fail, "\(s("wrong-path").everything)")
            }
        }
    }
}
