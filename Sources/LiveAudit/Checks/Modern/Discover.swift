import MCPWire
import PreflightCore

struct ModernDiscover: LiveCheck {
    static let description = CheckDescription(
        id: "modern.discover", title: "server/discover describes the server", section: .modernProtocol, kind: .live,
        severity: .error,
        rationale: """
            2026-07-28 servers MUST implement `server/discover` (MCP 2026-07-28 server/discover.mdx): it is how a \
            client learns the versions (`supportedVersions`, which MUST name the version in use: \
            basic/versioning.mdx §Protocol Version Negotiation) and the capabilities, and it is the probe clients \
            send first to tell a 2026-07-28 server from an older one (basic/transports/stdio.mdx and \
            streamable-http.mdx §Backward Compatibility). A server that serves 2026-07-28 requests but fails \
            `server/discover` is taken for a handshake server. Replaces protocol.initialize in this era.
            """,
        remediation:
            "Answer `server/discover` with `supportedVersions`, `capabilities`, `resultType: \"complete\"` (the 2026 SDKs do: do not remove the handler).",
        failing: [.deviant("no-discover")], passing: [ModernExamples.sdk, ModernExamples.sdkStdio])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let served = f.era?.servesModernWithoutDiscover {
            let answer = f.era?.discover.map { JSONWriter.encode($0).prefixString(160) } ?? "no answer"
            return .fail(
                "server/discover got \(answer), but \(served): clients probe with server/discover and fall back to the handshake")
        }
        if let skip = LiveSkip.modern(f) { return skip }
        guard let h = f.handshake, let r = h.outcome.result else {
            return .fail("server/discover got \(f.handshake?.outcome.summary ?? "no answer")")
        }
        var missing: [String] = []
        let versions = r["supportedVersions"]?.arrayValue
        if versions == nil || versions?.isEmpty == true || versions?.contains(where: { $0.stringValue == nil }) == true {
            missing.append("supportedVersions (a non-empty array of strings)")
        } else if versions?.contains(.string(h.requestedVersion)) == false {
            missing.append("\(h.requestedVersion) in supportedVersions, though requests at it are served")
        }
        if r["capabilities"]?.objectValue == nil { missing.append("capabilities (an object)") }
        if r["resultType"]?.stringValue != "complete" { missing.append("resultType \"complete\"") }
        if let instructions = r["instructions"], instructions.stringValue == nil { missing.append("instructions as a string") }
        var evidence = JSONObjectBuilder()
        evidence.set("supportedVersions", versions.map { JSONValue.array($0) } ?? .null)
        evidence.set("capabilities", r["capabilities"] ?? .null)
        evidence.set("dualEra", f.era?.dualEra.map { JSONValue.bool($0) } ?? .null)
        if !missing.isEmpty {
            return .fail("the DiscoverResult lacks \(missing.joined(separator: ", "))", evidence: evidence.value)
        }
        let listed = versions?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
        return .pass("server/discover lists \(listed) and the capabilities", evidence: evidence.value)
    }
}
