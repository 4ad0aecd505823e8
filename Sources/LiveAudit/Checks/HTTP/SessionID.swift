import MCPWire
import PreflightCore

struct HTTPSessionID: LiveCheck {
    static let description = CheckDescription(
        id: "http.session-id", title: "Session ids are visible ASCII and unknown ones get 404", section: .httpTransport,
        kind: .live, severity: .error,
        rationale: """
            In the handshake era an `Mcp-Session-Id` MUST be visible ASCII (0x21-0x7E) and SHOULD be globally unique \
            and cryptographically secure; a request with an unknown or ended session MUST get 404 (the client then \
            starts over), one without a required session SHOULD get 400, and a session a client DELETEd must be gone \
            (MCP 2025-11-25 basic/transports.mdx §Session Management 1-5). 2026-07-28 has no sessions: a server \
            SHOULD NOT mint them and SHOULD ignore a stray header (2026-07-28 streamable-http.mdx §Earlier \
            Streamable HTTP Revisions). HTTP+SSE has none: skipped.
            """,
        remediation:
            "Mint session ids with a CSPRNG (e.g. `secrets.token_hex(16)`), answer unknown or deleted ids with 404 and a missing one with 400 (the SDK's session manager does); in 2026-07-28 drop sessions.",
        failing: [
            .deviant(
                "session-id-invalid-chars", "unknown-session-200", "protocol-version-header-ignored",
                arguments: ["--era", "2025-11-25"])
        ],
        passing: [.http("sdk_server.py", "--era", "2025-11-25"), .http("sdk_server.py"), .deviant()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        if let skip = LiveSkip.handshake(f) { return skip }
        if f.transport == .httpSSE { return .skip("\(SkipReasons.httpSSE) (2024-11-05), which has no Mcp-Session-Id") }
        guard let s = h.session else { return LiveSkip.notMeasured(f, "the session probes did not run") }
        return f.isModern ? modern(s) : handshake(s)
    }

    func modern(_ s: LiveFacts.Session) -> CheckOutput {
        var findings = s.mintedModern.prefix(1).map {
            Finding(
                "a 2026-07-28 response carried Mcp-Session-Id (\($0.prefixString(100))): SHOULD NOT mint sessions", status: .warn)
        }
        if s.bogusModernServed == false, let bogus = s.bogusModern {
            findings.append(
                Finding(
                    "a request carrying an unknown Mcp-Session-Id was refused (\(bogus.summary)): SHOULD be ignored",
                    status: .warn))
        }
        return .from(findings, pass: "no session ids in 2026-07-28, and a stray Mcp-Session-Id is ignored")
    }

    func handshake(_ s: LiveFacts.Session) -> CheckOutput {
        guard let id = s.ids.first else {
            return .pass("the server runs without sessions (no Mcp-Session-Id on initialize)")
        }
        var findings: [Finding] = []
        for id in Set(s.ids) where !id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            findings.append(Finding("Mcp-Session-Id `\(id.prefixString(60))` has characters outside visible ASCII 0x21-0x7E"))
        }
        if id.count < 16 {
            findings.append(
                Finding("Mcp-Session-Id `\(id)` is \(id.count) characters: too short to be unguessable", status: .warn))
        }
        if s.ids.count == 2, s.ids[0] == s.ids[1] {
            findings.append(Finding("two initializes got the same Mcp-Session-Id: ids must be unique", status: .warn))
        }
        if let unknown = s.unknownSession, unknown.status != 404 {
            let what = unknown.succeeded ? "was served" : "got \(unknown.status.map(String.init) ?? "no answer")"
            findings.append(Finding("a request with an unknown Mcp-Session-Id \(what), not 404"))
        }
        if let missing = s.missingSession, missing.status != 400 {
            findings.append(
                Finding(
                    "a request without Mcp-Session-Id got \(missing.status.map(String.init) ?? "no answer"), not 400",
                    status: .warn))
        }
        if let after = s.afterDelete, after.status != 404 {
            let what = after.succeeded ? "was still served" : "got \(after.status.map(String.init) ?? "no answer")"
            findings.append(Finding("after DELETE the session \(what), not 404"))
        }
        let deleted =
            s.delete.map { $0.status == 405 ? "; DELETE is not allowed (405, the server's right)" : "; DELETE ends it" } ?? ""
        return .from(findings, pass: "session ids are visible ASCII and unique; an unknown id gets 404, none gets 400\(deleted)")
    }
}
