import Doctor
import Foundation
import TestSupport
import Testing

/// Every stdio cause doctor names, each caused for real: real programs started the way Claude
/// Desktop starts them (its PATH, its environment, from `/`), with real failures.
@Suite(.timeLimit(.minutes(10))) struct StdioDiagnosisTests {
    @Test func everyStdioCauseIsNamed() async throws {
        let h = try DoctorHarness()
        let py = DoctorHarness.python
        let q = DoctorHarness.q
        let p = h.project
        try h.write(p + "/broken.py", "import sys\n\ndef broken(:\n    pass\n")
        try h.write(p + "/missing.py", "import definitely_missing_module_for_doctor\n")
        try h.write(
            p + "/noisy.py",
            "import os, sys\nprint('Starting server...', flush=True)\nos.execv(sys.executable, [sys.executable, \(q(DoctorHarness.miniMCP))])\n"
        )
        try h.write(p + "/junk.py", "print('hello from a server that is not one')\n")
        try h.write(
            p + "/crash.py",
            "import os, sys\nprint('connecting with ' + os.environ.get('API_KEY', ''), file=sys.stderr)\nraise RuntimeError('database is unreachable')\n"
        )
        // A server that refuses to run when it inherits the shell's variables: Claude Desktop passes only six.
        try h.write(
            p + "/envcheck.py",
            "import os, sys\nif os.environ.get('DOCTOR_LEAK_PROBE'):\n    sys.exit('inherited DOCTOR_LEAK_PROBE')\nos.execv(sys.executable, [sys.executable, \(q(DoctorHarness.miniMCP))])\n"
        )
        // A uv the user installed in their home: on the shell's PATH, not on the desktop's.
        try h.write(h.shellBin + "/uv", "#!/bin/sh\nexec \(q(py)) \(q(DoctorHarness.miniMCP))\n", executable: true)
        try h.write(
            h.home + "/.config/Claude/claude_desktop_config.json",
            """
            {"mcpServers": {
              "ok": {"command": \(q(py)), "args": [\(q(DoctorHarness.miniMCP))]},
              "relative": {"command": "python3", "args": ["mini_mcp.py"]},
              "syntax": {"command": \(q(py)), "args": [\(q(p + "/broken.py"))]},
              "deps": {"command": \(q(py)), "args": [\(q(p + "/missing.py"))]},
              "noisy": {"command": \(q(py)), "args": [\(q(p + "/noisy.py"))]},
              "junk": {"command": \(q(py)), "args": [\(q(p + "/junk.py"))]},
              "crash": {"command": \(q(py)), "args": [\(q(p + "/crash.py"))], "env": {"API_KEY": "sk-live-0123456789abcdefXYZ"}},
              "envcheck": {"command": \(q(py)), "args": [\(q(p + "/envcheck.py"))]},
              "nouv": {"command": "uv", "args": ["--directory", \(q(p)), "run", "srv"]},
              "nonpx": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"]},
              "missing": {"command": "preflight-no-such-server-xyz"},
              "envnum": {"command": \(q(py)), "args": [\(q(DoctorHarness.miniMCP))], "env": {"PORT": 8000, "DEBUG": true}},
              "remote": {"url": "https://mcp.example.com/mcp"},
              "urlcommand": {"command": "https://mcp.example.com/mcp"},
              "off": {"command": "preflight-no-such-server-xyz", "disabled": true}
            }}
            """)
        try FileManager.default.copyItem(atPath: DoctorHarness.miniMCP, toPath: p + "/mini_mcp.py")
        // The desktop PATH has python3 only (no npx, no uv).
        var request = h.request()
        request.desktopPATH = h.desktopBin
        let report = await h.run(request)
        #expect(report.files.count == 1)
        #expect(report.files.first?.location.client == .claudeDesktop)
        func check(
            _ name: String, _ verdict: ServerResult.Verdict, _ cause: Diagnosis.Cause?,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            guard let s = report.server(name) else {
                Issue.record("no result for \(name)", sourceLocation: sourceLocation)
                return
            }
            #expect(s.verdict == verdict, "\(name): \(s.everything)", sourceLocation: sourceLocation)
            if let cause {
                #expect(s.causes.contains(cause), "\(name): \(s.causes) \(s.everything)", sourceLocation: sourceLocation)
            }
        }
        check("ok", .ok, nil)
        #expect(report.server("ok")?.tools?.contains("get_time") == true)
        #expect(report.server("ok")?.launch?.cwd == "/")
        check("relative", .fail, .relativePath)
        #expect(report.server("relative")?.everything.contains("can't open file") == true)
        #expect(report.server("relative")?.fixedEntry?.contains(q(p + "/mini_mcp.py")) == true)
        check("syntax", .fail, .syntaxError)
        #expect(report.server("syntax")?.diagnoses.first { $0.cause == .syntaxError }?.summary.contains("broken.py:3") == true)
        check("deps", .fail, .dependenciesMissing)
        #expect(report.server("deps")?.everything.contains("definitely_missing_module_for_doctor") == true)
        check("noisy", .warn, .stdoutNotJSON)
        #expect(report.server("noisy")?.everything.contains("Starting server...") == true)
        check("junk", .fail, .stdoutNotJSON)
        check("crash", .fail, .crashedAtStart)
        let crash = try #require(report.server("crash"))
        #expect(crash.everything.contains("RuntimeError: database is unreachable"))
        #expect(!crash.everything.contains("sk-live-0123456789abcdefXYZ"), "the secret reached the output")
        check("envcheck", .ok, nil)
        check("nouv", .fail, .uvNotFound)
        #expect(report.server("nouv")?.everything.contains(h.shellBin + "/uv") == true)
        #expect(report.server("nouv")?.fixedEntry?.contains(q(h.shellBin + "/uv")) == true)
        check("nonpx", .fail, .npxNotFound)
        check("missing", .fail, .commandNotFound)
        check("envnum", .fail, .envNotString)
        #expect(report.server("envnum")?.protocolVersion != nil, "the server itself starts")
        #expect(report.server("envnum")?.fixedEntry?.contains("\"PORT\": \"8000\"") == true)
        check("remote", .fail, .urlNotSupported)
        #expect(report.server("remote")?.fixedEntry?.contains("mcp-remote") == true)
        check("urlcommand", .fail, .transportMismatch)
        check("off", .skipped, .disabled)
        #expect(!report.passed)
        let text = DoctorRenderer.text(report)
        #expect(!text.contains("sk-live-0123456789abcdefXYZ"))
        #expect(!DoctorRenderer.json(report).contains("sk-live-0123456789abcdefXYZ"))
    }

    /// The same server, started by Claude Code, inherits the shell's variables.
    @Test func environmentFollowsTheClient() async throws {
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let script = try h.write(
            h.project + "/envcheck.py",
            "import os, sys\nif os.environ.get('DOCTOR_LEAK_PROBE'):\n    sys.exit('inherited DOCTOR_LEAK_PROBE')\nos.execv(sys.executable, [sys.executable, \(q(DoctorHarness.miniMCP))])\n"
        )
        let entry = "{\"mcpServers\": {\"probe\": {\"command\": \(q(DoctorHarness.python)), \"args\": [\(q(script))]}}}"
        try h.write(h.home + "/.claude.json", entry)
        try h.write(
            h.home + "/.codex/config.toml", "[mcp_servers.probe]\ncommand = \(q(DoctorHarness.python))\nargs = [\(q(script))]\n")
        let report = await h.run(h.request())
        let code = try #require(report.servers.first { $0.client == .claudeCode })
        #expect(code.verdict == .fail)
        #expect(code.everything.contains("inherited DOCTOR_LEAK_PROBE"))
        let codex = try #require(report.servers.first { $0.client == .codex })
        #expect(codex.verdict == .ok, "Codex forwards only its default variables: \(codex.everything)")
    }

    @Test func pythonOlderThanTheProjectRequires() async throws {
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let version = try #require(Self.version(of: DoctorHarness.python))
        let next = "\(version.major).\(version.minor + 1)"
        let project = h.project + "/needs-newer"
        try h.write(
            project + "/pyproject.toml",
            "[project]\nname = \"needs-newer\"\nversion = \"0.1.0\"\nrequires-python = \">=\(next)\"\n")
        try FileManager.default.copyItem(atPath: DoctorHarness.miniMCP, toPath: project + "/server.py")
        try h.write(
            h.home + "/.cursor/mcp.json",
            "{\"mcpServers\": {\"srv\": {\"command\": \(q(DoctorHarness.python)), \"args\": [\(q(project + "/server.py"))]}}}")
        let report = await h.run(h.request())
        let s = try #require(report.server("srv"))
        // It starts, but on an interpreter the project does not support.
        #expect(s.verdict == .warn, "\(s.everything)")
        #expect(s.causes.contains(.pythonTooOld))
        #expect(s.everything.contains(">=\(next)"))
    }

    /// `uv run` in a project whose requires-python no interpreter here satisfies: uv's own refusal.
    @Test func uvFindsNoInterpreterTheProjectAllows() async throws {
        let uv = DoctorHarness.venvBin + "/uv"
        try #require(FileManager.default.isExecutableFile(atPath: uv), "needs .test-env (scripts/test-env.sh)")
        let h = try DoctorHarness()
        let q = DoctorHarness.q
        let project = h.project + "/future"
        try h.write(
            project + "/pyproject.toml",
            "[project]\nname = \"future\"\nversion = \"0.1.0\"\nrequires-python = \">=3.99\"\ndependencies = []\n")
        try h.write(project + "/server.py", "print('never reached')\n")
        try h.write(
            h.home + "/.claude.json",
            """
            {"mcpServers": {"future": {"command": \(q(uv)), "args": ["--directory", \(q(project)), "run", "server.py"],
              "env": {"UV_OFFLINE": "1", "UV_PYTHON_DOWNLOADS": "never", "UV_CACHE_DIR": \(q(h.root.path + "/uv-cache"))}}}}
            """)
        let report = await h.run(h.request())
        let s = try #require(report.server("future"))
        #expect(s.verdict == .fail)
        #expect(s.causes.contains(.pythonTooOld), "\(s.everything)")
    }

    static func version(of python: String) -> (major: Int, minor: Int)? {
        guard let r = try? Spawn.run([python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"], timeout: 60),
            r.status == 0
        else { return nil }
        let parts = String(decoding: r.stdout, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
}
