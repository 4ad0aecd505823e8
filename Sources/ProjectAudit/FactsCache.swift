import Foundation
import PreflightCore

/// The analyzer's facts for one unit, kept in the user's cache (`$XDG_CACHE_HOME/preflight/facts`) under a
/// digest of everything they depend on: the analyzer's own files, the interpreter and its version, the
/// unit's root, entry points and file list, and every file's bytes. A project audited again with most of
/// its packages unchanged analyses only the changed ones; the analyzer is most of a large audit's time.
/// Off with `PREFLIGHT_CACHE=off`. Entries hold analysis facts (names, lines, kinds), never file text.
struct FactsCache: Sendable {
    static let environmentVariable = "PREFLIGHT_CACHE"
    /// Entries kept; beyond it the least recently used go (a monorepo's run writes one per package).
    static let limit = 2_000

    var folder: URL

    /// Whether `PREFLIGHT_CACHE` turns the caches off (`off`, `0`, `false`, `no`).
    static func isOff(_ environment: [String: String]) -> Bool {
        ["off", "0", "false", "no"].contains((environment[environmentVariable] ?? "").lowercased())
    }

    /// The cache, or nil when it is turned off or the user has no cache folder.
    static func open(environment: [String: String] = ProcessInfo.processInfo.environment) -> FactsCache? {
        if isOff(environment) { return nil }
        guard let base = AnalyzerFolder.userCache(environment: environment) else { return nil }
        let folder = base.appendingPathComponent("facts")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return nil
        }
        return FactsCache(folder: folder)
    }

    /// The entry name for `unit` analysed by `interpreter`, from the texts the loader read.
    func key(_ unit: PythonUnitInput, interpreter: PythonInterpreter, texts: [String: String]) -> String {
        var digest = ContentDigest()
        digest.add("facts-1")
        digest.add(AnalyzerFolder.digest)
        digest.add(interpreter.executable)
        digest.add(interpreter.version.description)
        digest.add(unit.root)
        for entry in unit.entries { digest.add(entry) }
        digest.add("files")
        for file in unit.files {
            digest.add(file)
            digest.add(texts[file] ?? "")
        }
        return digest.hex
    }

    /// The stored analyzer output for `key`: one JSON document, as the analyzer printed it.
    func read(_ key: String) -> [UInt8]? {
        let url = folder.appendingPathComponent(key + ".json")
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return nil }
        // Its last use, for `trim`.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: url.path)
        return [UInt8](data)
    }

    /// Stores `document` (written beside and renamed into place: a concurrent run reads all of it or none).
    func write(_ document: [UInt8], key: String) {
        let url = folder.appendingPathComponent(key + ".json")
        let staging = folder.appendingPathComponent(".\(key)-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(atPath: staging.path, contents: Data(document), attributes: [.posixPermissions: 0o600])
        else { return }
        if rename(staging.path, url.path) != 0 { try? FileManager.default.removeItem(at: staging) }
    }

    /// Removes the least recently used entries beyond `limit`.
    func trim(limit: Int = FactsCache.limit) {
        let fm = FileManager.default
        guard
            let names = try? fm.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".json") }),
            names.count > limit
        else { return }
        let dated = names.map { name -> (String, Date) in
            let date = (try? fm.attributesOfItem(atPath: folder.appendingPathComponent(name).path))?[.modificationDate] as? Date
            return (name, date ?? .distantPast)
        }
        for (name, _) in dated.sorted(by: { ($0.1, $0.0) < ($1.1, $1.0) }).prefix(names.count - limit) {
            try? fm.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}

/// A 128-bit digest of strings, fast enough to run over every Python file of a monorepo on each audit
/// (two multiply-xorshift lanes over 8-byte words; every input is length-prefixed, so no two sequences
/// of strings run together). Not cryptographic: it names cache entries of the user's own files.
struct ContentDigest {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    private mutating func mix(_ word: UInt64) {
        a = (a ^ word) &* 0xFF51_AFD7_ED55_8CCD
        a ^= a >> 32
        b = (b ^ word) &* 0xC4CE_B9FE_1A85_EC53
        b ^= b >> 29
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            mix(UInt64(bytes.count))
            let raw = UnsafeRawBufferPointer(bytes)
            var offset = 0
            while offset + 8 <= raw.count {
                mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0
            for (shift, byte) in raw[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            mix(tail)
        }
    }

    var hex: String {
        let hi = String(a, radix: 16)
        let lo = String(b, radix: 16)
        return String(repeating: "0", count: 16 - hi.count) + hi + String(repeating: "0", count: 16 - lo.count) + lo
    }
}
