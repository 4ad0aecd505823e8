import Foundation
import PreflightCore
import PreflightKit
import TestSupport
import Testing

@testable import ProjectAudit

/// The clean fixture project passes; each overlay in `defects/` (named after a check id) makes
/// exactly that check fail and nothing else (see `Tests/Fixtures/projects/defects/README.md`).
@Suite struct SeededDefectTests {
    static let projects = Fixtures.root.appendingPathComponent("projects")
    static let overlays: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: projects.appendingPathComponent("defects").path)) ?? [])
        .filter { !$0.hasSuffix(".md") }.sorted()

    /// A defect that cannot be isolated: a variable missing from both README and .env.example
    /// necessarily fails env.example-file too.
    static let alsoFailing: [String: Set<String>] = ["docs.env-vars": ["env.example-file"]]

    @Test func cleanProjectHasNoFailure() async throws {
        let results = try await Self.audit(overlay: nil)
        let failing = results.filter { $0.status == .fail || $0.status == .error }
        #expect(failing.isEmpty, "\(failing.map { "\($0.id): \($0.message)" })")
        #expect(results.count == StaticRegistry.all.count)
    }

    @Test func everyOverlayNamesARealCheck() {
        #expect(Self.overlays.count >= 35)
        for overlay in Self.overlays { #expect(Catalog.ids.contains(CheckID(overlay)), "\(overlay)") }
    }

    @Test("each overlay fails exactly its check", arguments: overlays)
    func overlayFailsExactlyItsCheck(_ overlay: String) async throws {
        let results = try await Self.audit(overlay: overlay)
        let target = try #require(results.first { $0.id.rawValue == overlay })
        #expect(target.status == .fail || target.status == .warn, "\(overlay) gave \(target.status): \(target.message)")
        #expect(!target.locations.isEmpty, "\(overlay) has no location")
        let expected = Set([overlay]).union(Self.alsoFailing[overlay] ?? [])
        let failing = Set(results.filter { $0.status == .fail || $0.status == .error }.map(\.id.rawValue))
        #expect(failing.subtracting(expected).isEmpty, "\(overlay) also fails \(failing.subtracting(expected).sorted())")
    }

    /// Copies clean/, applies the overlay and its deletions, commits it to a fresh git repository,
    /// and audits it with stub `uv` and `python3` on the command search path.
    static func audit(overlay: String?) async throws -> [CheckResult] {
        let project = try TestProject(copying: projects.appendingPathComponent("clean"))
        let root = project.root
        if let overlay {
            let source = projects.appendingPathComponent("defects").appendingPathComponent(overlay)
            try copyTree(source, onto: root)
            let deletions = root.appendingPathComponent(".preflight-delete")
            if let list = try? String(contentsOf: deletions, encoding: .utf8) {
                for path in list.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !path.isEmpty {
                    try? FileManager.default.removeItem(at: root.appendingPathComponent(path))
                }
                try FileManager.default.removeItem(at: deletions)
            }
        }
        try Git.initialise(root.path, adding: [])
        try Git.run(["add", "-A"], in: root.path)
        try Git.run(["commit", "-q", "-m", "fixture"], in: root.path)
        let bin = root.appendingPathComponent(".stub-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for name in ["uv", "python3"] {
            let stub = bin.appendingPathComponent(name)
            try Data("#!/bin/sh\nexit 0\n".utf8).write(to: stub)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        }
        let loaded = try await ProjectLoader(searchPath: bin.path + ":/usr/bin:/bin").load(root.path)
        return StaticAuditor().run(loaded, config: PreflightConfig())
    }

    static func copyTree(_ source: URL, onto destination: URL) throws {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        for case let url as URL in walker {
            let relative = String(url.path.dropFirst(source.path.count + 1))
            let target = destination.appendingPathComponent(relative)
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                try? fm.removeItem(at: target)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: url, to: target)
            }
        }
    }
}
