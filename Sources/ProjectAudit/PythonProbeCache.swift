import Foundation
import PreflightCore

/// What probing an interpreter found (`PythonLocator.probe`), kept in the user's cache so that an audit
/// does not start Python once more just to ask its version (about 12 ms, a tenth of a small audit).
/// Only an interpreter binary itself is kept (the path probed, when its symbolic links lead to the binary
/// Python reports), with that file's identity (inode, size, modification time): a replaced binary is
/// probed again, and a shim (pyenv's, whose answer depends on the folder it runs in) is never kept.
struct PythonProbeCache: Sendable {
    static let limit = 64
    var file: URL

    static func open(environment: [String: String] = ProcessInfo.processInfo.environment) -> PythonProbeCache? {
        if FactsCache.isOff(environment) { return nil }
        return AnalyzerFolder.userCache(environment: environment).map {
            PythonProbeCache(file: $0.appendingPathComponent("pythons.json"))
        }
    }

    /// `path` with its symbolic links resolved, and that file's identity; nil when it cannot be read.
    static func identity(of path: String) -> (resolved: String, identity: String)? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
            let inode = attributes[.systemFileNumber] as? NSNumber, let size = attributes[.size] as? NSNumber,
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return (resolved, "\(inode)-\(size)-\(modified.timeIntervalSince1970)")
    }

    func lookup(_ path: String) -> PythonInterpreter? {
        guard let (_, identity) = Self.identity(of: path), let entry = entries()[path],
            entry["identity"]?.stringValue == identity, let executable = entry["executable"]?.stringValue,
            let version = entry["version"]?.stringValue.flatMap({ ReleaseVersion(pep440: $0) }), version.parts.count == 3
        else { return nil }
        return PythonInterpreter(executable: executable, version: version)
    }

    /// Keeps `found` for `path` when `path` is the interpreter binary itself.
    func store(_ found: PythonInterpreter, for path: String) {
        guard let (resolved, identity) = Self.identity(of: path),
            URL(fileURLWithPath: found.executable).resolvingSymlinksInPath().path == resolved
        else { return }
        // Interpreters since removed go; a bound keeps the file small whatever a machine installs.
        var all = entries().filter { FileManager.default.fileExists(atPath: $0.key) }
        while all.count >= Self.limit, let any = all.keys.sorted().first { all[any] = nil }
        all[path] = .object([
            ("executable", .string(found.executable)), ("identity", .string(identity)),
            ("version", .string(found.version.description)),
        ])
        let document = JSONValue.object(all.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let staging = file.deletingLastPathComponent().appendingPathComponent(".pythons-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: staging.path, contents: Data(JSONWriter.encode(document).utf8))
        else { return }
        // Renamed into place: a concurrent run reads the old file or the new one, never half of one.
        if rename(staging.path, file.path) != 0 { try? FileManager.default.removeItem(at: staging) }
    }

    private func entries() -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: file.path),
            let value = try? JSONParser.parse(String(decoding: data, as: UTF8.self)), let pairs = value.objectValue
        else { return [:] }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }
}
