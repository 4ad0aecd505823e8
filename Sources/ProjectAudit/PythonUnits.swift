import Foundation
import PreflightCore

/// A package the analyzer reads as a project of its own: a folder with a `pyproject.toml` or
/// `setup.py` (a monorepo's packages, an example with its own manifest), or the project root with
/// every file no such folder holds. Each has its own console scripts; calls never resolve across them.
struct PythonUnitInput: Sendable, Encodable, Equatable {
    var root: String
    var entries: [String]
    var files: [String]
    /// The bytes of its Python files: what the analyzer's time grows with.
    var bytes: Int

    enum CodingKeys: String, CodingKey { case root, entries, files }

    static let manifests: Set<String> = ["pyproject.toml", "setup.py"]

    /// The units of `sources`, sorted by root; only units with Python files.
    static func partition(_ sources: [String], project: Project) -> [PythonUnitInput] {
        let roots = packageRoots(project.files)
        var byRoot: [String: PythonUnitInput] = [:]
        for file in sources {
            let root = unitRoot(of: file, roots: roots)
            byRoot[root, default: PythonUnitInput(root: root, entries: [], files: [], bytes: 0)].files.append(file)
            byRoot[root]?.bytes += project.texts[file]?.utf8.count ?? 0
        }
        let units = byRoot.values.sorted { $0.root < $1.root }.map { unit in
            var u = unit
            u.entries = consoleScripts(of: unit.root, project: project)
            return u
        }
        return joinedByImports(units, project: project)
    }

    /// Packages that import one another are one unit: a workspace's server package and the library
    /// package it calls into are analysed together, so a tool's argument is followed into the library.
    /// A module two packages both provide (a namespace such as `awslabs`) joins nothing.
    static func joinedByImports(_ units: [PythonUnitInput], project: Project) -> [PythonUnitInput] {
        guard units.count > 1 else { return units }
        var providers: [String: Set<Int>] = [:]
        for (i, unit) in units.enumerated() {
            for file in unit.files { providers[moduleName(file, project: project), default: []].insert(i) }
        }
        var parent = Array(units.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { i = parent[i] }
            return i
        }
        for (i, unit) in units.enumerated() {
            for file in unit.files {
                for imported in PythonImports.modules(in: project.texts[file] ?? "") {
                    guard let owners = provider(of: imported, in: providers), !owners.contains(i), owners.count == 1,
                        let j = owners.first
                    else { continue }
                    parent[find(j)] = find(i)
                }
            }
        }
        var joined: [Int: PythonUnitInput] = [:]
        for (i, unit) in units.enumerated() {
            let r = find(i)
            guard var into = joined[r] else {
                joined[r] = unit
                continue
            }
            // The shallowest root names the joined unit; every member's console scripts are entries.
            into.root = min(into.root, unit.root)
            into.files += unit.files
            into.entries = Array(Set(into.entries + unit.entries)).sorted()
            into.bytes += unit.bytes
            joined[r] = into
        }
        return joined.values.sorted { $0.root < $1.root }
    }

    /// The units providing the longest prefix of `module` that any unit provides.
    static func provider(of module: String, in providers: [String: Set<Int>]) -> Set<Int>? {
        var name = Substring(module)
        while !name.isEmpty {
            if let owners = providers[String(name)] { return owners }
            guard let dot = name.lastIndex(of: ".") else { return nil }
            name = name[..<dot]
        }
        return nil
    }

    /// The name Python imports a file by: packages are folders with `__init__.py`, found upwards (as
    /// the analyzer's `module_name`).
    static func moduleName(_ file: String, project: Project) -> String {
        var parts = file.split(separator: "/").map(String.init)
        let base = parts.removeLast().dropLast(3)
        var i = parts.count
        while i > 0, project.fileSet.contains(parts[..<i].joined(separator: "/") + "/__init__.py") { i -= 1 }
        return (parts[i...] + (base == "__init__" ? [] : [String(base)])).joined(separator: ".")
    }

    /// The folders with a `pyproject.toml` or `setup.py`.
    static func packageRoots(_ files: [String]) -> Set<String> {
        var roots: Set<String> = []
        for file in files {
            let parts = file.split(separator: "/")
            guard let name = parts.last, manifests.contains(String(name)) else { continue }
            roots.insert(parts.dropLast().joined(separator: "/"))
        }
        return roots
    }

    /// The deepest unit folder holding `file`; "" when none does.
    static func unitRoot(of file: String, roots: Set<String>) -> String {
        var dirs = file.split(separator: "/").dropLast()
        while !dirs.isEmpty {
            let dir = dirs.joined(separator: "/")
            if roots.contains(dir) { return dir }
            dirs = dirs.dropLast()
        }
        return ""
    }

    /// `[project.scripts]` of the unit's `pyproject.toml`: where its server starts when no call that
    /// starts a transport is recognised.
    static func consoleScripts(of root: String, project: Project) -> [String] {
        let manifest =
            root.isEmpty
            ? project.pyproject ?? project.texts["pyproject.toml"].flatMap { try? TOMLDocument.parse($0) }
            : project.texts[root + "/pyproject.toml"].flatMap { try? TOMLDocument.parse($0) }
        return (manifest?["project"]?["scripts"]?.objectValue ?? []).compactMap { $0.1.stringValue }
    }

    /// Units spread over at most `workers` analyzer processes, largest first onto the least loaded, so
    /// the processes finish close together; each group sorted by root.
    static func groups(_ units: [PythonUnitInput], workers: Int) -> [[PythonUnitInput]] {
        let count = max(1, min(workers, units.count))
        var groups = Array(repeating: [PythonUnitInput](), count: count)
        var load = Array(repeating: 0, count: count)
        for unit in units.sorted(by: { ($0.bytes, $1.root) > ($1.bytes, $0.root) }) {
            let i = load.indices.min { (load[$0], $0) < (load[$1], $1) } ?? 0
            groups[i].append(unit)
            load[i] += unit.bytes
        }
        return groups.map { $0.sorted { $0.root < $1.root } }.filter { !$0.isEmpty }
    }
}

/// The absolute imports of a Python source, read line by line without parsing: `import a.b, c` gives
/// `a.b` and `c`; `from a.b import c, d` gives `a.b`, `a.b.c` and `a.b.d` (either may be a module).
enum PythonImports {
    static func modules(in text: String) -> Set<String> {
        var text = text
        return text.withUTF8(modules(inBytes:))
    }

    // Bytes, not characters: every line of every file is looked at, and only import lines are kept.
    private static func modules(inBytes bytes: UnsafeBufferPointer<UInt8>) -> Set<String> {
        var out: Set<String> = []
        var start = 0
        while start < bytes.count {
            let end = nextLineFeed(bytes, from: start)
            defer { start = end + 1 }
            var code = start
            while code < end, bytes[code] == UInt8(ascii: " ") || bytes[code] == UInt8(ascii: "\t") { code += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[code..<end])
            guard line.starts(with: "import ".utf8) || line.starts(with: "from ".utf8) else { continue }
            let statement = String(decoding: line, as: UTF8.self)
            if statement.hasPrefix("import ") {
                for part in statement.dropFirst(7).split(separator: ",") {
                    if let name = dotted(part) { out.insert(name) }
                }
            } else if statement.hasPrefix("from "), let importWord = statement.range(of: " import ") {
                guard let module = dotted(statement[statement.index(statement.startIndex, offsetBy: 5)..<importWord.lowerBound])
                else { continue }
                out.insert(module)
                for part in statement[importWord.upperBound...].split(separator: ",") {
                    if let name = dotted(part) { out.insert(module + "." + name) }
                }
            }
        }
        return out
    }

    /// The offset of the next `\n` at or after `start`, else the end (memchr: this runs over every byte).
    private static func nextLineFeed(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
        else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The dotted name a fragment starts with (`a.b as c` gives `a.b`); nil for a relative or no name.
    static func dotted(_ fragment: Substring) -> String? {
        let trimmed = fragment.drop { $0 == " " || $0 == "(" || $0 == "\t" }
        let name = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard let first = name.first, first != ".", !first.isNumber else { return nil }
        return String(name)
    }
}
