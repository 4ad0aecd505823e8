import Foundation
import LiveAudit
import MCPWire
import PreflightCore

@testable import ProjectAudit

/// The hand-written fixture server (`Tests/Fixtures/servers/mini_mcp.py`) and the pinned test venv.
enum FixtureServer {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = repoRoot.appendingPathComponent("Tests/Fixtures/servers/mini_mcp.py").path
    static let venvBin = repoRoot.appendingPathComponent(".test-env/bin").path

    static var python: String {
        let venv = venvBin + "/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    /// Options for a quick but complete probe of a fixture: small load, short grace.
    static func options(_ argv: [String], environment extra: [String: String] = [:], config: PreflightConfig = PreflightConfig())
        -> LiveOptions
    {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = venvBin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        for (k, v) in extra { env[k] = v }
        var o = LiveOptions(launch: ServerLaunch(argv: argv, cwd: nil, environment: env))
        // An upper bound only: a loaded CI machine must not cut the last probes (env validation runs last).
        o.timeout = .seconds(240)
        o.requestTimeout = .seconds(5)
        o.loadCallsPerTool = 40
        o.loadSecondsPerTool = 3
        o.memoryCalls = 120
        o.graceMs = 3_000
        o.requiredEnv = config.requiredEnv
        o.secretNames = ["API_KEY", "AUTH_TOKEN"]
        o.allowedTools = Set(config.allowedTools)
        return o
    }

    static func mini(_ args: [String]) -> [String] { [python, "-u", script] + args }
}
