import Foundation
import PreflightCore

@testable import ProjectAudit

/// A temporary project folder written from in-memory files; removed when the value is released.
final class TestProject: @unchecked Sendable {
    let root: URL

    init(_ files: [String: String], tracked: [String]? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        if let tracked { try Git.initialise(root.path, adding: tracked) }
    }

    /// Copies a fixture folder.
    init(copying source: URL) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func load(clientConfigs: [String] = []) async throws -> Project {
        try await ProjectLoader(extraClientConfigs: clientConfigs).load(root.path)
    }
}

enum Git {
    static func initialise(_ root: String, adding paths: [String]) throws {
        try run(["init", "-q"], in: root)
        if !paths.isEmpty { try run(["add", "--"] + paths, in: root) }
    }

    static func run(_ args: [String], in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 { throw CocoaError(.executableLoad) }
    }
}

enum Fixtures {
    /// `Tests/Fixtures`, found from this source file so tests run from any directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let repoRoot = root.deletingLastPathComponent().deletingLastPathComponent()
}
