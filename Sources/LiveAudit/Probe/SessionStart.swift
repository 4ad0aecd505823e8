import MCPWire
import PreflightCore

/// How a session starts in each era. Over stdio: `server/discover` first, as 2026-07-28 clients do
/// (basic/transports/stdio.mdx §Backward Compatibility: SHOULD probe, fall back on any other answer
/// or none in time); `initialize` when the answer is not a modern one. Over HTTP the era is known
/// before the session starts (`EraDetector`), and the session opens in it.
enum SessionStart {
    struct Started: Sendable {
        var handshake: LiveFacts.Handshake?
        var era = LiveFacts.EraFacts()
        /// The server closed the connection on the `server/discover` probe: start it again without it.
        var exitedOnDiscover = false
    }

    /// How long `server/discover` may stay unanswered before `initialize` is sent as well: a server
    /// that ignores unknown methods must not cost the whole start-up budget.
    static let discoverWindow: Duration = .seconds(5)

    static func stdio(_ c: MCPConnection, budget: Duration, skipDiscover: Bool) async -> Started {
        var started = Started()
        guard !skipDiscover else {
            let h = await SessionSteps.initialize(c, version: LiveOptions.latestRevision, timeout: budget)
            started.era.notes.append("server/discover not sent again: initialize: \(h.outcome.summary)")
            return handshake(h, into: started)
        }
        let discover = Task { await c.request("server/discover", params: ModernProtocol.Envelope().wrap(nil), timeout: budget) }
        var initialize: Task<LiveFacts.Handshake, Never>?
        var outcome = await Waiting.value(of: discover, within: min(discoverWindow, budget))
        if outcome == nil {
            started.era.notes.append("server/discover: no answer within \(discoverWindow.milliseconds) ms: initialize sent too")
            let task = Task { await SessionSteps.initialize(c, version: LiveOptions.latestRevision, timeout: budget) }
            initialize = task
            switch await Waiting.first(discover, task) {
            case .first(let o): outcome = o
            case .second(let h):
                if h.protocolVersion != nil {
                    started.era.notes.append("initialize answered first: handshake era")
                    return handshake(h, into: started)
                }
                outcome = await discover.value
            }
        }
        let answer = outcome ?? .closed
        started.era.notes.append("server/discover: \(answer.summary)")
        started.era.discover = message(answer)
        started.era.discoverMs = answer.elapsed?.milliseconds
        if case .closed = answer {
            started.exitedOnDiscover = true
            return started
        }
        switch DiscoverClassification.classify(started.era.discover) {
        case .modern(let version, _):
            await c.setEnvelope(ModernProtocol.Envelope(version: version))
            started.era.era = .modern
            started.era.version = version
            started.handshake = fromDiscover(answer, version: version)
            return started
        case .incompatible(let supported):
            started.era.failure = "the server speaks only \(supported.joined(separator: ", ")), no version Preflight speaks"
            return started
        case .fallback(let reason):
            started.era.notes.append("not a 2026-07-28 answer (\(reason)): handshake era")
        }
        let h: LiveFacts.Handshake
        if let initialize {
            h = await initialize.value
        } else {
            h = await SessionSteps.initialize(c, version: LiveOptions.latestRevision, timeout: budget)
        }
        // The probe went unanswered and the connection then closed: the server may have ended on the
        // probe once it read it (a busy server reads late), so it is started again without it.
        if case .closed = h.outcome, case .timedOut = answer {
            started.era.notes.append("initialize: the connection closed with server/discover unanswered")
            started.exitedOnDiscover = true
            return started
        }
        return handshake(h, into: started)
    }

    private static func handshake(_ h: LiveFacts.Handshake, into started: Started) -> Started {
        var s = started
        s.handshake = h
        if h.protocolVersion != nil {
            s.era.era = .handshake
            s.era.version = h.protocolVersion
        }
        return s
    }

    /// The 2026-07-28 session start over an open connection whose envelope is set: `server/discover`.
    static func modern(_ c: MCPConnection, version: String, budget: Duration) async -> LiveFacts.Handshake {
        fromDiscover(await c.request("server/discover", timeout: budget), version: version)
    }

    /// What `server/discover` said, in the shape the handshake checks read: the version in use, the
    /// capabilities, instructions, and the identity from `_meta` (2026-07-28 server/discover.mdx).
    static func fromDiscover(_ outcome: RPCOutcome, version: String) -> LiveFacts.Handshake {
        var h = LiveFacts.Handshake(method: "server/discover", requestedVersion: version, outcome: outcome)
        guard let r = outcome.result else { return h }
        let supported = r["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if supported.contains(version) { h.protocolVersion = version }
        let info = r["_meta"]?[ModernProtocol.Meta.serverInfo]
        h.serverName = info?["name"]?.stringValue
        h.serverVersion = info?["version"]?.stringValue
        h.capabilities = r["capabilities"]
        h.instructions = r["instructions"]?.stringValue
        return h
    }

    /// An outcome as the JSON-RPC message `DiscoverClassification` reads.
    static func message(_ outcome: RPCOutcome) -> JSONValue? {
        switch outcome {
        case .result(let r, _): return .object([("result", r)])
        case .error(let code, let text, let data, _):
            var error: [(String, JSONValue)] = [("code", .int(code)), ("message", .string(text))]
            if let data { error.append(("data", data)) }
            return .object([("error", .object(error))])
        default: return nil
        }
    }
}
