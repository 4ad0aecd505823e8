import Foundation
import MCPWire
import PreflightCore
import Processes

/// What happened when a stdio server was started as its client would start it.
struct StdioObservation: Sendable {
    var launchError: String?
    /// The answer to `initialize` (nil when the wait was cut short by an HTTP server announcing itself).
    var initialize: RPCOutcome?
    /// Set when the server is 2026-07-28 only and answered `server/discover` on a second start.
    var discovered: EraVerdict?
    var protocolVersion: String?
    var serverName: String?
    var serverVersion: String?
    var tools: [String]?
    var toolsFailure: String?
    var impurities: [MCPConnection.Impurity] = []
    /// Non-JSON-RPC stdout lines that arrived before the answer to the first request.
    var impuritiesBeforeAnswer = 0
    var stderrLines: [String] = []
    var exit: ChildExit?
    /// The server exited (or closed stdout) before answering.
    var endedBeforeAnswer = false
    /// stderr announced an HTTP server before any answer came.
    var announcedHTTP: String?
    var elapsedMs = 0

    var connected: Bool { protocolVersion != nil }
}

/// Starts a stdio server (through the child-process layer: own session, everything killed at the
/// end), completes the handshake and lists the tools. No tool is called.
struct StdioAttempt: Sendable {
    let plan: LaunchPlan
    let instance: String
    /// Bound of the handshake (a cold `uvx` may download first); tools/list gets a third of it, at least 5 s.
    let timeout: Duration

    func run() async -> StdioObservation {
        var first = await start(discover: false)
        // A 2026-07-28-only server refuses `initialize` with -32022 naming its versions: a fresh
        // process is asked with `server/discover` (SDK servers lock the era on the first request).
        if case .error(let code, _, let data, _) = first.initialize,
            code == ModernProtocol.ErrorCode.unsupportedProtocolVersion
                || (data?["supported"]?.arrayValue?.contains(.string(ModernProtocol.version)) ?? false)
        {
            var second = await start(discover: true)
            if second.connected {
                second.impurities = first.impurities + second.impurities
                return second
            }
            first.discovered = second.discovered
        }
        return first
    }

    private func start(discover: Bool) async -> StdioObservation {
        let began = ContinuousClock.now
        let timeout = self.timeout
        do {
            let ((observed, connection), exit) = try await StdioServer.with(
                plan.launch, instance: instance, transcript: nil, shutdownGrace: .seconds(2)
            ) { c, process -> (StdioObservation, MCPConnection) in
                var o = StdioObservation()
                if discover {
                    let verdict = await EraDetector.detect(stdio: c, timeout: timeout)
                    o.discovered = verdict
                    if case .modern(let version) = verdict.outcome {
                        o.protocolVersion = version
                        o.serverName = verdict.discover?["result"]?["serverInfo"]?["name"]?.stringValue
                    }
                } else {
                    let answer = await Self.firstOf(
                        { await c.request("initialize", params: EraDetector.initializeParams(), timeout: timeout) },
                        orHTTPAnnouncedOn: c)
                    o.impuritiesBeforeAnswer = await c.impurities.count
                    switch answer {
                    case .answer(let outcome):
                        o.initialize = outcome
                        if let r = outcome.result, let v = r["protocolVersion"]?.stringValue {
                            o.protocolVersion = v
                            o.serverName = r["serverInfo"]?["name"]?.stringValue
                            o.serverVersion = r["serverInfo"]?["version"]?.stringValue
                            await c.notify("notifications/initialized")
                        }
                        if case .closed = outcome { o.endedBeforeAnswer = true }
                    case .http(let url):
                        o.announcedHTTP = url
                    }
                }
                if o.connected {
                    let (names, failure) = await Self.listTools(c, timeout: max(timeout / 3, .seconds(5)))
                    o.tools = names
                    o.toolsFailure = failure
                }
                if process.hasExited && !o.connected { o.endedBeforeAnswer = true }
                o.impurities = await c.impurities
                return (o, c)
            }
            var result = observed
            // Read once the process is gone and stderr has drained: a crash's last words come last.
            result.stderrLines = await connection.stderrLines
            result.exit = exit
            result.elapsedMs = (ContinuousClock.now - began).milliseconds
            return result
        } catch {
            var o = StdioObservation()
            o.launchError = error.description
            return o
        }
    }

    enum FirstAnswer: Sendable {
        case answer(RPCOutcome)
        case http(String)
    }

    /// The request's answer, or the URL of an HTTP server the process announced on stderr meanwhile
    /// (a server started with an HTTP transport never answers on stdout: no need to wait it out).
    static func firstOf(_ request: @escaping @Sendable () async -> RPCOutcome, orHTTPAnnouncedOn c: MCPConnection)
        async -> FirstAnswer
    {
        let once = OnceFlag()
        return await withCheckedContinuation { continuation in
            Task {
                let outcome = await request()
                if once.claim() { continuation.resume(returning: .answer(outcome)) }
            }
            Task {
                while !once.isClaimed {
                    if let url = StderrReading.announcedHTTPURL(await c.stderrLines) {
                        // A moment for an answer that is on its way after all.
                        try? await Task.sleep(for: .milliseconds(500))
                        if once.claim() { continuation.resume(returning: .http(url)) }
                        return
                    }
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }

    /// Tool names, following `nextCursor` (bounded); the failure when the listing did not complete.
    static func listTools(_ c: MCPConnection, timeout: Duration) async -> ([String]?, String?) {
        var names: [String] = []
        var cursor: String?
        for _ in 0..<50 {
            let params: JSONValue? = cursor.map { .object([("cursor", .string($0))]) }
            let outcome = await c.request("tools/list", params: params, timeout: timeout)
            guard let result = outcome.result else { return (names.isEmpty ? nil : names, "tools/list: \(outcome.summary)") }
            names += (result["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty, next != cursor else { return (names, nil) }
            cursor = next
        }
        return (names, "tools/list: more than 50 pages")
    }
}
