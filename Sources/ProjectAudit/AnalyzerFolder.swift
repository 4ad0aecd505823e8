import Foundation
import PreflightCore

/// Where the analyzer's files are written for Python to run. A folder in the user's cache named by the
/// files' content: Python keeps its compiled bytecode beside them (`__pycache__`), so a run does not
/// compile 2,700 lines again (about 45 ms, a third of a small project's audit). Without a writable
/// cache, a temporary folder per run, removed afterwards.
enum AnalyzerFolder {
    struct Folder {
        var url: URL
    }

    static func prepare() -> Result<Folder, SkipReason> {
        if let cached = cached() { return .success(Folder(url: cached)) }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)")
        do {
            try write(into: temporary)
            return .success(Folder(url: temporary))
        } catch {
            return .failure(SkipReason("could not write the analyzer script: \(error.localizedDescription)"))
        }
    }

    /// Removes a per-run folder; the cached one stays.
    static func release(_ url: URL) {
        if url.lastPathComponent.hasPrefix("preflight-") { try? FileManager.default.removeItem(at: url) }
    }

    /// `$XDG_CACHE_HOME/preflight/analyzer-<hash>` (or `~/.cache/...`), complete, or nil.
    static func cached() -> URL? {
        guard let parent = userCache() else { return nil }
        let folder = parent.appendingPathComponent("analyzer-\(digest)")
        let fm = FileManager.default
        if isComplete(folder) { return folder }
        // Damaged (a file edited): never removed, since another run may have just renamed it into place and
        // be using it; this run uses a temporary folder.
        if fm.fileExists(atPath: folder.path) { return nil }
        // Written beside it and renamed into place: a concurrent run sees the whole folder or none.
        let staging = parent.appendingPathComponent(".analyzer-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try write(into: staging)
            try fm.moveItem(at: staging, to: folder)
        } catch {
            try? fm.removeItem(at: staging)
        }
        return isComplete(folder) ? folder : nil
    }

    /// `$XDG_CACHE_HOME/preflight` (or `~/.cache/preflight`); nil without an absolute base.
    static func userCache(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        guard
            let base = environment["XDG_CACHE_HOME"].flatMap({ $0.hasPrefix("/") ? $0 : nil })
                ?? environment["HOME"].flatMap({ $0.hasPrefix("/") ? $0 + "/.cache" : nil })
        else { return nil }
        return URL(fileURLWithPath: base).appendingPathComponent("preflight")
    }

    static func isComplete(_ folder: URL) -> Bool {
        ProjectLoader.analyzerFiles.allSatisfy { file in
            FileManager.default.contents(atPath: folder.appendingPathComponent(file.name).path).map { [UInt8]($0) }
                == file.bytes
        }
    }

    static func write(into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ProjectLoader.analyzerFiles {
            try Data(file.bytes).write(to: folder.appendingPathComponent(file.name))
        }
    }

    /// FNV-1a over the files' names and bytes: a new analyzer gets a new folder.
    static let digest: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in ProjectLoader.analyzerFiles {
            for byte in Array(file.name.utf8) + [0] + file.bytes + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }()
}
