import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import TestSupport

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

    /// A quick probe of an HTTP fixture (`Tests/Fixtures/http`): a light load, the fixture's tools
    /// called with cheap arguments, the rate and health settings of `config`.
    static func httpOptions(_ live: LiveFixture, target: HTTPTarget, launch: ServerLaunch?, config: PreflightConfig) throws
        -> LiveOptions
    {
        var credentials = HTTPCredentials()
        for line in live.headers { try credentials.addHeader(line) }
        var http = HTTPOptions(target: target, credentials: credentials)
        http.probeRateLimit = live.probeRateLimit
        http.expectedRatePerSecond = config.http.expectedRatePerSecond
        if let paths = config.http.healthPaths { http.healthPaths = paths }
        var o = LiveOptions(http: http, launch: launch)
        light(&o, config: config)
        return o
    }

    /// Small loads and short waits: the HTTP examples are about conformance, not measurements.
    static func light(_ o: inout LiveOptions, config: PreflightConfig) {
        o.timeout = .seconds(240)
        o.requestTimeout = .seconds(10)
        o.loadCallsPerTool = 10
        o.loadSecondsPerTool = 1
        o.memoryCalls = 30
        o.memorySeconds = 1
        o.graceMs = 8_000
        o.secretNames = ["API_KEY", "AUTH_TOKEN"]
        o.requiredEnv = config.requiredEnv
        o.allowedTools = Set(config.allowedTools)
        o.toolExamples = config.toolExamples
        // The fixtures' `slow(ms)` tool: cheap unless an example asks for a slow call.
        if o.toolExamples["slow"] == nil { o.toolExamples["slow"] = .object([("ms", .int(20))]) }
    }

    /// Runs the live probe against an HTTP fixture: started by the test (`--url`), by Preflight
    /// itself (`--server CMD --url URL`), or over stdio (`--stdio`).
    static func probe(_ live: LiveFixture, config: PreflightConfig) async throws -> LiveFacts {
        switch live.transport {
        case .stdio:
            let launch = HTTPFixture.launch(live.script, live.arguments)
            var o = LiveOptions(launch: ServerLaunch(argv: launch.argv, cwd: launch.cwd, environment: launch.environment))
            light(&o, config: config)
            return await LiveProbe.run(o)
        case .http where live.managed:
            let port = HTTPFixture.freePort()
            let launch = HTTPFixture.launch(live.script, live.arguments + ["--port", "\(port)"])
            let scheme = live.arguments.contains("--tls") ? "https" : "http"
            let target = try HTTPTarget("\(scheme)://127.0.0.1:\(port)\(live.path)")
            return await LiveProbe.run(try httpOptions(live, target: target, launch: launch, config: config))
        case .http:
            return try await HTTPFixture.with(live.script, live.arguments) { server in
                await LiveProbe.run(try httpOptions(live, target: try server.target(live.path), launch: nil, config: config))
            }
        }
    }
}
