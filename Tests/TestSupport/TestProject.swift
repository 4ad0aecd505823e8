import Foundation
import PreflightCore
import Processes
import ProjectAudit

/// A temporary project folder written from in-memory files; removed when the value is released.
public final class TestProject: @unchecked Sendable {
    public let root: URL
    /// The folder `load()` audits: the root, or a package folder of a monorepo.
    public let audited: URL

    /// `audit`: a folder of the files to audit as a monorepo package; the root then becomes a git
    /// repository tracking `tracked` (every file when nil).
    public init(_ files: [String: String], tracked: [String]? = nil, audit: String? = nil) throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-test-\(UUID().uuidString)")
        root = top
        audited = audit.map { top.appendingPathComponent($0) } ?? top
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        if audit != nil {
            try FileManager.default.createDirectory(at: audited, withIntermediateDirectories: true)
            try Git.initialise(root.path, adding: tracked ?? files.keys.sorted())
        } else if let tracked {
            try Git.initialise(root.path, adding: tracked)
        }
    }

    /// Copies a fixture folder.
    public init(copying source: URL) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-test-\(UUID().uuidString)")
        audited = root
        try FileManager.default.copyItem(at: source, to: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    public func load(clientConfigs: [String] = []) async throws -> Project {
        try await ProjectLoader(extraClientConfigs: clientConfigs).load(audited.path)
    }
}

public enum Git {
    public static func initialise(_ root: String, adding paths: [String]) throws {
        try run(["init", "-q"], in: root)
        if !paths.isEmpty { try run(["add", "--"] + paths, in: root) }
    }

    public static func run(_ args: [String], in dir: String) throws {
        let result = try Spawn.run(["git", "-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t"] + args, timeout: 60)
        if result.status != 0 { throw CocoaError(.executableLoad) }
    }
}

public enum Fixtures {
    /// `Tests/Fixtures`, found from this source file so tests run from any directory.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    public static let repoRoot = root.deletingLastPathComponent().deletingLastPathComponent()
}

/// Processes a test started, found by a marker in their command line (the server's tag, a unique
/// sleep) or by the folder they work in: what must be gone when Preflight is done.
public enum TaggedProcesses {
    /// Live (not zombie) processes whose command line contains `marker`.
    public static func alive(_ marker: String) -> [Int32] {
        alive { pid in
            FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
                String(decoding: $0, as: UTF8.self).contains(marker)
            } ?? false
        }
    }

    /// Live processes whose working directory is `directory` or inside it.
    public static func alive(workingIn directory: String) -> [Int32] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        return alive { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
            return cwd == root || cwd.hasPrefix(root + "/")
        }
    }

    static func alive(_ matches: (Int32) -> Bool) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), matches(pid), let stat = ProcessInspector.stat(pid) else { return false }
            return !stat.isGone
        }
    }

    /// The survivors, after waiting (bounded) for them to vanish: SIGKILL is delivered at once, but a
    /// busy machine may show a dying process a moment longer.
    public static func survivors(_ marker: String, within timeout: Duration = .seconds(10)) async -> [Int32] {
        await survivors(within: timeout) { alive(marker) }
    }

    public static func survivors(workingIn directory: String, within timeout: Duration = .seconds(10)) async -> [Int32] {
        await survivors(within: timeout) { alive(workingIn: directory) }
    }

    static func survivors(within timeout: Duration, _ find: () -> [Int32]) async -> [Int32] {
        let end = ContinuousClock.now + timeout
        while !find().isEmpty && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        return find()
    }

    /// Blocks (bounded) until `find` sees a process, then runs `action` at once, on the same thread:
    /// the moment a phase is under way. False when it never appeared.
    public static func whenSeen(
        within seconds: Double, _ find: @escaping @Sendable () -> [Int32], _ action: @escaping @Sendable () -> Void
    )
        -> Bool
    {
        let seen = DispatchSemaphore(value: 0)
        let result = Spawn.Slot(false)
        DispatchQueue.global().async {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                if !find().isEmpty {
                    action()
                    result.set(true)
                    break
                }
                usleep(20_000)
            }
            seen.signal()
        }
        seen.wait()
        return result.get()
    }
}
