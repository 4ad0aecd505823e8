import Foundation
import LiveAudit
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// Each live check's examples run against the fixture server: the correct server once (shared by
/// every passing example without files), and one probe per failing defect.
@Suite(.serialized) struct LiveCheckExamplesTests {
    static let ids = LiveRegistry.all.map { $0.description.id.rawValue }

    static func check(_ id: String) -> (any LiveCheck.Type)? { LiveRegistry.all.first { $0.description.id.rawValue == id } }

    @Test("each live check has failing and passing examples", arguments: ids)
    func hasExamples(_ id: String) throws {
        let d = try #require(Self.check(id)).description
        #expect(d.kind == .live)
        #expect(!d.failing.isEmpty && !d.passing.isEmpty)
        #expect((d.failing + d.passing).allSatisfy { $0.server != nil || $0.live != nil })
    }

    @Test("live examples", arguments: ids)
    func examples(_ id: String) async throws {
        let type = try #require(Self.check(id))
        for (i, example) in type.description.failing.enumerated() {
            let result = try await Self.evaluate(type, example)
            #expect(
                [.fail, .warn].contains(result.status), "\(id) failing example \(i) gave \(result.status): \(result.message)")
        }
        for (i, example) in type.description.passing.enumerated() {
            let result = try await Self.evaluate(type, example)
            #expect(result.status == .pass, "\(id) passing example \(i) gave \(result.status): \(result.message)")
        }
    }

    static func evaluate(_ type: any LiveCheck.Type, _ example: Example) async throws -> CheckResult {
        let config =
            try example.config.map { try PreflightConfig.parse($0, source: "example", knownChecks: []) } ?? PreflightConfig()
        let project = example.files.isEmpty ? nil : try await TestProject(example.files).load()
        let facts =
            if let live = example.live {
                try await FactsCache.shared.facts(live, config: config, configText: example.config ?? "")
            } else {
                await FactsCache.shared.facts(example.server ?? [], config: config)
            }
        let context = LiveContext(config: config, project: project)
        return ResultAssembler(config: config, suppressions: []).assemble(type.description, type.init().run(facts, context))
    }
}

/// Probes are the slow part: one per distinct (server arguments, required env) pair.
actor FactsCache {
    static let shared = FactsCache()
    private var cache: [String: LiveFacts] = [:]

    func facts(_ args: [String], config: PreflightConfig) async -> LiveFacts {
        let key = args.joined(separator: " ") + "|" + config.requiredEnv.joined(separator: ",")
        if let hit = cache[key] { return hit }
        // A fresh state folder per probe: the restart defect leaves a lock file behind on purpose.
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mini-state-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        var env: [String: String] = ["MINI_MCP_STATE_DIR": state.path]
        if !config.requiredEnv.isEmpty { env["MINI_MCP_REQUIRE_ENV"] = config.requiredEnv.joined(separator: ",") }
        let facts = await LiveProbe.run(FixtureServer.options(FixtureServer.mini(args), environment: env, config: config))
        cache[key] = facts
        return facts
    }

    /// One probe per distinct HTTP fixture (script, arguments, flags) and configuration.
    func facts(_ live: LiveFixture, config: PreflightConfig, configText: String) async throws -> LiveFacts {
        let key = "\(live)|\(configText)"
        if let hit = cache[key] { return hit }
        let facts = try await FixtureServer.probe(live, config: config)
        cache[key] = facts
        return facts
    }
}
