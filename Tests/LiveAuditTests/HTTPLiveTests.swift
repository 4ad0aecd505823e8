import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import TestSupport
import Testing

/// The live audit over HTTP against real servers: the official SDK in both eras, standalone fastmcp,
/// HTTP+SSE, and the same SDK server over stdio and over HTTP. Probes are shared with the checks'
/// examples through `FactsCache` (same fixture, same facts). Every `fail` expected here is a true
/// finding about the fixture, written next to it; anything else failing is a false alarm to fix.
@Suite(.serialized) struct HTTPLiveTests {
    /// Latency and start-up are measurements of this machine too: a busy CI box must not turn them into false alarms.
    static var generous: PreflightConfig {
        var config = PreflightConfig()
        config.thresholds.p95Ms = 2_000
        config.thresholds.p99Ms = 5_000
        config.thresholds.coldStartMs = 60_000
        return config
    }

    static func results(_ facts: LiveFacts, config: PreflightConfig = generous) -> [String: CheckResult] {
        let all = LiveAuditor().run(facts, context: LiveContext(config: config, project: nil))
        return Dictionary(uniqueKeysWithValues: all.map { ($0.id.rawValue, $0) })
    }

    static func failing(_ r: [String: CheckResult]) -> Set<String> {
        Set(r.values.filter { $0.status == .fail || $0.status == .error }.map(\.id.rawValue))
    }

    static func facts(_ fixture: LiveFixture, config text: String = "") async throws -> LiveFacts {
        let config = try PreflightConfig.parse(text, source: "test", knownChecks: [])
        return try await FactsCache.shared.facts(fixture, config: config, configText: text)
    }

    /// True findings of the SDK fixture in every transport: pydantic's raw validation dump in tool
    /// errors, undescribed parameters.
    static let sdkFindings: Set<String> = ["tools.error-masking", "docs.tool-descriptions"]

    @Test func sdkServerInBothErasWithoutFalseFails() async throws {
        let modern = try await Self.facts(LiveFixture(script: "sdk_server.py"))
        #expect(modern.era?.era == .modern && modern.era?.dualEra == true, "\(modern.era?.notes ?? [])")
        let m = Self.results(modern)
        #expect(Self.failing(m) == Self.sdkFindings, "\(Self.failing(m).map { "\($0): \(m[$0]?.message ?? "")" })")
        for id in ["modern.discover", "modern.meta-version", "http.origin-validation", "protocol.initialize"] {
            #expect(m[id]?.status == .pass, "\(id): \(m[id]?.message ?? "")")
        }
        #expect(m["protocol.ping"]?.status == .skip)

        let legacy = try await Self.facts(LiveFixture(script: "sdk_server.py", arguments: ["--era", "2025-11-25"]))
        #expect(legacy.era?.era == .handshake && legacy.era?.version == "2025-11-25", "\(legacy.era?.notes ?? [])")
        let l = Self.results(legacy)
        #expect(Self.failing(l) == Self.sdkFindings, "\(Self.failing(l).map { "\($0): \(l[$0]?.message ?? "")" })")
        for id in ["protocol.ping", "protocol.version-negotiation", "http.session-id", "http.protocol-version-header"] {
            #expect(l[id]?.status == .pass, "\(id): \(l[id]?.message ?? "")")
        }
        #expect(l.filter { $0.key.hasPrefix("modern.") }.allSatisfy { $0.value.status == .skip })
        #expect(!legacy.negotiation.isEmpty && !legacy.toolCalls.isEmpty)
    }

    @Test func theSameServerOverStdioAndHTTPGetsTheSameFindings() async throws {
        let http = Self.results(try await Self.facts(LiveFixture(script: "sdk_server.py")))
        let stdioFacts = try await Self.facts(LiveFixture(script: "sdk_server.py", arguments: ["--stdio"], transport: .stdio))
        #expect(stdioFacts.era?.era == .modern && stdioFacts.transport == .stdio)
        let stdio = Self.results(stdioFacts)
        // Differences that are the transports', not the audit's: headers exist only over HTTP, and the
        // SDK's stdio loop drops a malformed line silently while its HTTP transport answers -32700.
        let transportSpecific: Set<String> = ["modern.header-mismatch", "protocol.jsonrpc-errors"]
        for (id, result) in http where id.hasPrefix("protocol.") || id.hasPrefix("tools.") || id.hasPrefix("modern.") {
            guard !transportSpecific.contains(id) else { continue }
            #expect(
                stdio[id]?.status == result.status,
                "\(id): HTTP \(result.status) \(result.message) / stdio \(stdio[id]?.status.rawValue ?? "?") \(stdio[id]?.message ?? "")"
            )
        }
        #expect(stdio["protocol.jsonrpc-errors"]?.message.contains("malformed JSON message got no answer") == true)
        #expect(http["protocol.jsonrpc-errors"]?.status == .pass)
    }

    @Test func standaloneFastMCPServer() async throws {
        let facts = try await Self.facts(LiveFixture(script: "fastmcp_server.py"))
        #expect(facts.era?.era == .modern, "\(facts.era?.notes ?? [])")
        let r = Self.results(facts)
        // fastmcp 4.2.3 ships with its Host/Origin guard off: a foreign Origin is served (a true finding).
        #expect(r["http.origin-validation"]?.status == .fail, "\(r["http.origin-validation"]?.message ?? "")")
        let unexpected = Self.failing(r).subtracting(["http.origin-validation"] + Self.sdkFindings)
        #expect(unexpected.isEmpty, "\(unexpected.map { "\($0): \(r[$0]?.message ?? "")" })")
        #expect(!facts.toolCalls.isEmpty)
    }

    @Test func httpSSEServerIsListedCalledAndFlaggedAsDeprecated() async throws {
        // The fixture's `echo` has no annotations: allowed by name, as the check's example does.
        let facts = try await Self.facts(
            LiveFixture(script: "legacy_sse.py", path: "/sse"), config: "[tools]\nallow = [\"echo\"]\n")
        #expect(facts.transport == .httpSSE && facts.era?.era == .httpSSE, "\(facts.era?.notes ?? [])")
        #expect(facts.tools.items.contains { $0["name"]?.stringValue == "echo" })
        #expect(facts.toolCalls.contains { $0.tool == "echo" && $0.outcome.result != nil })
        let r = Self.results(facts)
        #expect(r["http.transport-current"]?.status == .fail)
        #expect(r["protocol.initialize"]?.status == .pass, "\(r["protocol.initialize"]?.message ?? "")")
        #expect(r["http.session-id"]?.status == .skip)
    }

    @Test func aServerThatWantsACredentialIsNotBlamedForItsAbsence() async throws {
        let facts = try await Self.facts(LiveFixture(script: "deviant.py"))
        #expect(facts.era?.authRequired == true)
        let r = Self.results(facts)
        #expect(r["http.auth"]?.status == .pass, "\(r["http.auth"]?.message ?? "")")
        #expect(r["protocol.initialize"]?.status == .skip, "\(r["protocol.initialize"]?.message ?? "")")
        #expect(Self.failing(r).isEmpty, "\(Self.failing(r))")
    }
}
