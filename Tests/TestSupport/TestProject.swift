import Foundation
import PreflightCore
import ProjectAudit

/// A temporary project folder written from in-memory files; removed when the value is released.
public final class TestProject: @unchecked Sendable {
    public let root: URL

    public init(_ files: [String: String], tracked: [String]? = nil) throws {
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
    public init(copying source: URL) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    public func load(clientConfigs: [String] = []) async throws -> Project {
        try await ProjectLoader(extraClientConfigs: clientConfigs).load(root.path)
    }
}

public enum Git {
    public static func initialise(_ root: String, adding paths: [String]) throws {
        try run(["init", "-q"], in: root)
        if !paths.isEmpty { try run(["add", "--"] + paths, in: root) }
    }

    public static func run(_ args: [String], in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try ProcessLaunch.run(p)
        p.waitUntilExit()
        if p.terminationStatus != 0 { throw CocoaError(.executableLoad) }
    }
}

public enum Fixtures {
    /// `Tests/Fixtures`, found from this source file so tests run from any directory.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    public static let repoRoot = root.deletingLastPathComponent().deletingLastPathComponent()
}

/// Foundation's `Process.run` crashed once inside a memcpy while other suites launched processes
/// at the same time; every test that uses `Process` launches through this lock (it costs milliseconds).
public enum ProcessLaunch {
    static let lock = NSLock()
    public static func run(_ process: Process) throws { try lock.withLock { try process.run() } }
}

/// Processes a test started, found by a marker in their command line (the server's tag, a unique
/// sleep): what must be gone when Preflight is done.
public enum TaggedProcesses {
    /// Live (not zombie) processes whose command line contains `marker`.
    public static func alive(_ marker: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                String(decoding: cmdline, as: UTF8.self).contains(marker),
                let state = ChildProcesses.statFields(pid)?.first
            else { return false }
            return state != "Z"
        }
    }

    /// The survivors, after waiting (bounded) for them to vanish: SIGKILL is delivered at once, but a
    /// busy machine may show a dying process a moment longer.
    public static func survivors(_ marker: String, within timeout: Duration = .seconds(10)) async -> [Int32] {
        let end = ContinuousClock.now + timeout
        while !alive(marker).isEmpty && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        return alive(marker)
    }
}
