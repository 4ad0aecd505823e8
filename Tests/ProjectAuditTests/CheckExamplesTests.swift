import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// Every check's own triggering and non-triggering examples run as tests (SwiftLint style).
@Suite struct CheckExamplesTests {
    static let ids = StaticRegistry.all.map { $0.description.id.rawValue }

    static func check(_ id: String) -> (any StaticCheck.Type)? {
        StaticRegistry.all.first { $0.description.id.rawValue == id }
    }

    @Test("each check has failing and passing examples", arguments: ids)
    func hasExamples(_ id: String) throws {
        let d = try #require(Self.check(id)).description
        #expect(!d.failing.isEmpty, "\(id) has no failing example")
        #expect(!d.passing.isEmpty, "\(id) has no passing example")
        #expect(!d.rationale.isEmpty && !d.remediation.isEmpty && !d.title.isEmpty)
    }

    @Test("failing examples fail", arguments: ids)
    func failingExamplesFail(_ id: String) async throws {
        let type = try #require(Self.check(id))
        for (i, example) in type.description.failing.enumerated() {
            let result = try await Self.evaluate(type, example)
            #expect(
                [.fail, .warn, .manual].contains(result.status),
                "\(id) failing example \(i) (\(example.note ?? "")) gave \(result.status): \(result.message)")
            if result.status != .manual {
                #expect(!result.locations.isEmpty, "\(id) failing example \(i) has no location")
            }
        }
    }

    @Test("passing examples pass", arguments: ids)
    func passingExamplesPass(_ id: String) async throws {
        let type = try #require(Self.check(id))
        for (i, example) in type.description.passing.enumerated() {
            let result = try await Self.evaluate(type, example)
            #expect(
                result.status == .pass,
                "\(id) passing example \(i) (\(example.note ?? "")) gave \(result.status): \(result.message)")
        }
    }

    /// Runs the check and assembles its entry as a real run would (config, attestations, suppressions).
    static func evaluate(_ type: any StaticCheck.Type, _ example: Example) async throws -> CheckResult {
        let project = try await TestProject(example.files, tracked: example.tracked, audit: example.audit).load()
        let config =
            try example.config.map { try PreflightConfig.parse($0, source: "example", knownChecks: []) } ?? PreflightConfig()
        return ResultAssembler(config: config, suppressions: project.suppressions).assemble(
            type.description, type.init().run(project))
    }

    @Test func idsAreUniqueAndWellFormed() {
        let ids = Self.ids
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(id.range(of: #"^[a-z0-9]+\.[a-z0-9-]+$"#, options: .regularExpression) != nil, "\(id)") }
    }
}
