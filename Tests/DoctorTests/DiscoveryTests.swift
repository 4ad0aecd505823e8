import Doctor
import Foundation
import TestSupport
import Testing

/// Every client's files, found under HOME (and the project) and read in that client's own shape.
@Suite struct DiscoveryTests {
    @Test func everyClientLocationAndShape() async throws {
        let h = try DoctorHarness()
        let off = "\"command\": \"preflight-no-such-server\", \"disabled\": true"
        let files: [(String, String)] = [
            ("Library/Application Support/Claude/claude_desktop_config.json", "{\"mcpServers\": {\"mac\": {\(off)}}}"),
            ("AppData/Roaming/Claude/claude_desktop_config.json", "{\"mcpServers\": {\"windows\": {\(off)}}}"),
            (".config/Claude/claude_desktop_config.json", "{\"mcpServers\": {\"linux\": {\(off)}}}"),
            (
                ".claude.json",
                "{\"mcpServers\": {\"user\": {\(off)}}, \"projects\": {\"/srv/app\": {\"mcpServers\": {\"scoped\": {\(off)}}}}}"
            ),
            (".cursor/mcp.json", "{\"mcpServers\": {\"cursor\": {\(off)}}}"),
            (".config/Code/User/mcp.json", "{\n  // comments are fine here\n  \"servers\": {\"vscode\": {\(off)},},\n}"),
            (".config/Code/User/settings.json", "{\"mcp\": {\"servers\": {\"vscode-settings\": {\(off)}}}}"),
            (".codeium/windsurf/mcp_config.json", "{\"mcpServers\": {\"windsurf\": {\(off)}}}"),
            (".gemini/settings.json", "{\"mcpServers\": {\"gemini\": {\(off)}}}"),
            (
                ".codex/config.toml",
                "model = \"o4\"\n\n[mcp_servers.codex]\ncommand = \"preflight-no-such-server\"\nenabled = false\n"
            ),
            (
                ".config/zed/settings.json",
                "{\"context_servers\": {\"zed\": {\"command\": {\"path\": \"preflight-no-such-server\", \"args\": []}, \"disabled\": true}}}"
            ),
        ]
        for (path, text) in files { try h.write(h.home + "/" + path, text) }
        try h.write(h.project + "/.mcp.json", "{\"mcpServers\": {\"project\": {\(off)}}}")
        try h.write(h.project + "/.vscode/mcp.json", "{\"servers\": {\"workspace\": {\(off)}}}")
        let report = await h.run(h.request())
        let found = Dictionary(report.servers.map { ($0.name, $0.client) }) { a, _ in a }
        let expected: [String: MCPClient] = [
            "mac": .claudeDesktop, "windows": .claudeDesktop, "linux": .claudeDesktop, "user": .claudeCode, "scoped": .claudeCode,
            "project": .claudeCode, "cursor": .cursor, "vscode": .vscode, "vscode-settings": .vscode, "workspace": .vscode,
            "windsurf": .windsurf, "gemini": .geminiCLI, "codex": .codex, "zed": .zed,
        ]
        #expect(found == expected)
        #expect(report.servers.allSatisfy { $0.verdict == .skipped })
        #expect(report.server("scoped")?.scope == "/srv/app")
        #expect(report.passed)
    }

    @Test func brokenFileAndNothingFound() async throws {
        let h = try DoctorHarness()
        let empty = await h.run(h.request())
        #expect(empty.files.isEmpty)
        #expect(DoctorRenderer.text(empty).contains("No MCP client configuration found"))
        try h.write(h.home + "/.cursor/mcp.json", "{\"mcpServers\": {\"a\": {\"command\": \"x\"}")
        let broken = await h.run(h.request())
        #expect(broken.files.first?.problem != nil)
        #expect(!broken.passed)
    }

    @Test func clientFilterAndExplicitFiles() async throws {
        let h = try DoctorHarness()
        let off = "\"command\": \"x\", \"disabled\": true"
        try h.write(h.home + "/.cursor/mcp.json", "{\"mcpServers\": {\"cursor\": {\(off)}}}")
        try h.write(h.home + "/.gemini/settings.json", "{\"mcpServers\": {\"gemini\": {\(off)}}}")
        let only = await h.run(h.request(client: .geminiCLI))
        #expect(only.servers.map(\.name) == ["gemini"])
        let explicit = try h.write(h.root.path + "/elsewhere/my-config.json", "{\"mcpServers\": {\"given\": {\(off)}}}")
        let given = await h.run(h.request(files: [explicit]))
        #expect(given.servers.map(\.name) == ["given"])
    }
}

/// `${...}` as each client expands it before it starts anything.
@Suite struct ExpansionTests {
    @Test func variablesExpandAsTheClientDoes() async throws {
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        try h.write(
            h.home + "/bin/srv", "#!/bin/sh\nexec \(q(DoctorHarness.python)) \(q(DoctorHarness.miniMCP))\n", executable: true)
        try h.write(
            h.project + "/.mcp.json",
            """
            {"mcpServers": {"home": {"command": "${HOME}/bin/srv"},
                            "unset": {"command": "${PREFLIGHT_DOCTOR_UNSET_VAR}/bin/srv"},
                            "fallback": {"command": "${PREFLIGHT_DOCTOR_UNSET_VAR:-\(h.home)}/bin/srv"}}}
            """)
        try h.write(
            h.project + "/.vscode/mcp.json",
            """
            {"inputs": [{"id": "token", "type": "promptString", "password": true}],
             "servers": {"asks": {"command": "${userHome}/bin/srv", "env": {"TOKEN": "${input:token}"}},
                         "workspace": {"command": "${userHome}/bin/srv", "cwd": "${workspaceFolder}"}}}
            """)
        // Claude Desktop expands nothing: `${HOME}` is a literal path that does not exist.
        try h.write(
            h.home + "/.config/Claude/claude_desktop_config.json",
            "{\"mcpServers\": {\"literal\": {\"command\": \"${HOME}/bin/srv\"}}}")
        let report = await h.run(h.request())
        #expect(report.server("home")?.verdict == .ok, "\(report.server("home")?.everything ?? "")")
        #expect(report.server("unset")?.causes.contains(.unresolvedVariable) == true)
        #expect(report.server("fallback")?.verdict == .ok)
        #expect(report.server("asks")?.verdict == .skipped)
        #expect(report.server("asks")?.causes.contains(.needsInput) == true)
        #expect(report.server("workspace")?.launch?.cwd == h.project)
        #expect(report.server("literal")?.verdict == .fail)
    }
}
