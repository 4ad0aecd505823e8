import Doctor
import Foundation
import TestSupport
import Testing

/// Servers from PyPI (pinned in `.test-env`), launched the ways users configure them.
@Suite(.timeLimit(.minutes(10))) struct RealServerTests {
    static var installed: Bool {
        FileManager.default.isExecutableFile(atPath: DoctorHarness.venvBin + "/mcp-server-time")
            && FileManager.default.isExecutableFile(atPath: DoctorHarness.venvBin + "/mcp-server-git")
    }

    @Test func pypiServersByAbsolutePathAndUvx() async throws {
        try #require(Self.installed, "needs .test-env (scripts/test-env.sh)")
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let bin = DoctorHarness.venvBin
        let repo = h.root.appendingPathComponent("repo").path
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try Git.initialise(repo, adding: [])
        // uvx cannot fetch offline (the pinned cache does not hold these packages): a stub that does
        // what uvx does once the package is installed stands in for the success path.
        try h.write(h.shellBin + "/uvx", "#!/bin/sh\npkg=\"$1\"; shift\nexec \(q(bin))/\"$pkg\" \"$@\"\n", executable: true)
        let uvx = bin + "/uvx"
        let hasUVX = FileManager.default.isExecutableFile(atPath: uvx)
        try h.write(
            h.home + "/.cursor/mcp.json",
            """
            {"mcpServers": {
              "time": {"command": \(q(bin + "/mcp-server-time")), "args": ["--local-timezone=Europe/Paris"]},
              "git": {"command": \(q(bin + "/mcp-server-git")), "args": ["--repository", \(q(repo))]},
              "time-uvx": {"command": "uvx", "args": ["mcp-server-time"]}\(hasUVX ? "," : "")
              \(hasUVX ? "\"time-offline\": {\"command\": \(q(uvx)), \"args\": [\"mcp-server-time\"], \"env\": {\"UV_OFFLINE\": \"1\", \"UV_CACHE_DIR\": \(q(h.root.path + "/empty-uv-cache")), \"UV_PYTHON_DOWNLOADS\": \"never\"}}" : "")
            }}
            """)
        // Claude Desktop with the same uvx entry: not on its PATH.
        try h.write(
            h.home + "/.config/Claude/claude_desktop_config.json",
            "{\"mcpServers\": {\"time-uvx\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}}}")
        let report = await h.run(h.request())
        let cursor = report.servers.filter { $0.client == .cursor }
        let time = try #require(cursor.first { $0.name == "time" })
        #expect(time.verdict == .ok, "\(time.everything)")
        #expect(time.tools?.contains("get_current_time") == true)
        let git = try #require(cursor.first { $0.name == "git" })
        #expect(git.verdict == .ok, "\(git.everything)")
        #expect(git.tools?.contains("git_status") == true)
        let viaUVX = try #require(cursor.first { $0.name == "time-uvx" })
        #expect(viaUVX.verdict == .ok, "\(viaUVX.everything)")
        if hasUVX {
            let offline = try #require(cursor.first { $0.name == "time-offline" })
            #expect(offline.verdict == .fail)
            #expect(offline.causes.contains(.packageNotFound), "\(offline.everything)")
        }
        let desktop = try #require(report.servers.first { $0.client == .claudeDesktop })
        #expect(desktop.causes.contains(.uvNotFound), "\(desktop.everything)")
        #expect(desktop.fixedEntry?.contains(q(h.shellBin + "/uvx")) == true)
    }
}
