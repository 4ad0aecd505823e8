import MCPWire
import PreflightCore

struct ProtocolInitialize: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.initialize", title: "The session starts: initialize, or server/discover in 2026-07-28",
        section: .protocol, kind: .live, severity: .error,
        rationale: """
            Before 2026-07-28 every session starts with `initialize`; the result MUST carry `protocolVersion`, \
            `capabilities` and `serverInfo` (MCP 2025-11-25, basic/lifecycle, Initialization). 2026-07-28 has no \
            handshake: a client probes with `server/discover`, whose result names `supportedVersions` and \
            `capabilities` (2026-07-28 server/discover.mdx, MUST implement; basic/transports/stdio.mdx and \
            streamable-http.mdx §Backward Compatibility), and this check passes on a good answer to it. A server \
            that cannot start a session in time never gets a tool called.
            """,
        remediation:
            "Answer `initialize` with protocolVersion, capabilities and serverInfo {name, version} (2026-07-28: answer `server/discover`); do slow setup lazily, after the session starts.",
        failing: [.server("protocol.initialize")], passing: [.server(), .http("sdk_server.py"), .stdio("sdk_server.py")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .fail("the server could not be started: \(why)") }
        var evidence = JSONObjectBuilder()
        if let era = f.era {
            evidence.set("era", era.era?.rawValue)
            evidence.set("detection", JSONValue.strings(era.notes))
            if let failure = era.failure {
                // A server that wants a credential Preflight was not given is not at fault.
                if era.authRequired { return .skip(failure + " (see http.auth)", evidence: evidence.value) }
                return .fail("no session could start: \(failure)", evidence: evidence.value)
            }
        }
        guard let h = f.handshake else { return .fail("no session start took place", evidence: evidence.value) }
        guard let result = h.outcome.result else {
            // The server's own last words usually say why (a missing module, a bad config, a crash).
            let tail = f.stderrLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(3)
            let said =
                tail.isEmpty
                ? "" : "; the server's stderr ended with: " + tail.map { $0.prefixString(200) }.joined(separator: " | ")
            evidence.set("stderrTail", JSONValue.strings(Array(f.stderrLines.suffix(20))))
            return .fail("\(h.method) got \(h.outcome.summary)\(said)", evidence: evidence.value)
        }
        var missing: [String] = []
        if h.method == "server/discover" {
            let supported = result["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !supported.contains(h.requestedVersion) { missing.append("supportedVersions naming \(h.requestedVersion)") }
            if result["capabilities"]?.objectValue == nil { missing.append("capabilities") }
        } else {
            if h.protocolVersion == nil { missing.append("protocolVersion") }
            if result["capabilities"]?.objectValue == nil { missing.append("capabilities") }
            if h.serverName == nil { missing.append("serverInfo.name") }
            if result["serverInfo"]?["version"] == nil { missing.append("serverInfo.version") }
        }
        let ms = h.outcome.elapsed?.milliseconds ?? 0
        evidence.set("method", h.method)
        evidence.set("protocolVersion", h.protocolVersion)
        evidence.set("serverName", h.serverName)
        evidence.set("serverVersion", h.serverVersion)
        evidence.set("elapsedMs", ms)
        if !missing.isEmpty {
            return .fail("the \(h.method) result lacks \(missing.joined(separator: ", "))", evidence: evidence.value)
        }
        let who = h.serverName.map { "\($0) \(h.serverVersion ?? "")".trimmingCharacters(in: .whitespaces) } ?? "the server"
        let start =
            h.method == "server/discover"
            ? "no handshake in 2026-07-28: server/discover answered in \(ms) ms (\(who))"
                + (f.era?.dualEra == true ? ", dual-era" : "")
            : "handshake in \(ms) ms: \(who), protocol \(h.protocolVersion ?? "?")"
        // 2026-07-28 clients send server/discover first over stdio: a server that dies on it loses them.
        if let died = f.era?.exitedOnDiscover {
            return .warn(
                "the server ended on server/discover, the first request a 2026-07-28 client sends (\(died)); started again, \(start)",
                evidence: evidence.value)
        }
        return .pass(start, evidence: evidence.value)
    }
}
