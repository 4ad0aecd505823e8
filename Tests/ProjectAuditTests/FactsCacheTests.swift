import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// The analyzer's facts are kept per unit under a digest of everything they depend on: an audit of
/// unchanged code reads them back, and any change to a file, the file list or the interpreter analyses
/// that unit again.
@Suite struct FactsCacheTests {
    static let server = """
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("demo")

        @mcp.tool()
        def lookup(city: str) -> str:
            return city

        mcp.run()

        """

    static let project: [String: String] = [
        "pyproject.toml": "[project]\nname = \"demo\"\n",
        "server.py": server,
        "lib/pyproject.toml": "[project]\nname = \"lib\"\n",
        "lib/util.py": "def helper():\n    return 1\n",
    ]

    /// A loader whose cache is a folder of the test's own.
    static func loader(_ folder: URL) -> ProjectLoader {
        var loader = ProjectLoader()
        loader.factsCache = FactsCache(folder: folder)
        return loader
    }

    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func entries(_ folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    static func toolNames(_ project: Project) -> [String] {
        (project.python?.files ?? []).flatMap(\.tools).map(\.name).sorted()
    }

    @Test func aSecondAuditReadsTheFactsAndAChangedFileIsAnalysedAgain() async throws {
        let cache = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: cache) }
        let folder = try TestProject(Self.project)
        let first = try await Self.loader(cache).load(folder.root.path)
        #expect(Self.toolNames(first) == ["lookup"])
        let entries = try Self.entries(cache)
        #expect(entries.count == 2, "one entry per unit (the root and lib/)")

        // Proof that the second audit reads the entry rather than running the analyzer: an entry edited
        // in place shows through.
        let root = try #require(
            try entries.first { String(decoding: try Data(contentsOf: $0), as: UTF8.self).contains("\"lookup\"") })
        let edited = String(decoding: try Data(contentsOf: root), as: UTF8.self)
            .replacingOccurrences(of: "\"lookup\"", with: "\"from-the-cache\"")
        try Data(edited.utf8).write(to: root)
        let second = try await Self.loader(cache).load(folder.root.path)
        #expect(Self.toolNames(second) == ["from-the-cache"])
        #expect(second.python?.files.map(\.path) == first.python?.files.map(\.path))

        // One changed byte in the server: its unit is analysed again; lib's entry is still used.
        try Data(Self.server.replacingOccurrences(of: "lookup", with: "lookup2").utf8)
            .write(to: folder.root.appendingPathComponent("server.py"))
        let third = try await Self.loader(cache).load(folder.root.path)
        #expect(Self.toolNames(third) == ["lookup2"])
        #expect(try Self.entries(cache).count == 3)
    }

    @Test func anEntryThatDoesNotReadBackIsAMissAndIsReplaced() async throws {
        let cache = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: cache) }
        let folder = try TestProject(Self.project)
        _ = try await Self.loader(cache).load(folder.root.path)
        for entry in try Self.entries(cache) { try Data("{\"units\": [".utf8).write(to: entry) }
        let again = try await Self.loader(cache).load(folder.root.path)
        #expect(Self.toolNames(again) == ["lookup"])
        #expect(again.pythonUnavailable == nil)
        for entry in try Self.entries(cache) {
            #expect((try? JSONDecoder().decode(PythonFacts.self, from: Data(contentsOf: entry))) != nil)
        }
    }

    @Test func theKeyCoversFilesListInterpreterAndEntries() throws {
        let unit = PythonUnitInput(root: "", entries: ["a:main"], files: ["a.py", "b.py"], bytes: 0)
        let texts = ["a.py": "print(1)\n", "b.py": "x = 1\n"]
        let python = PythonInterpreter(executable: "/usr/bin/python3", version: ReleaseVersion([3, 12, 1]))
        let cache = FactsCache(folder: URL(fileURLWithPath: "/nonexistent"))
        let key = cache.key(unit, interpreter: python, texts: texts)
        #expect(key.count == 32)
        #expect(key == cache.key(unit, interpreter: python, texts: texts))
        var variants: [String] = []
        variants.append(cache.key(unit, interpreter: python, texts: ["a.py": "print(2)\n", "b.py": "x = 1\n"]))
        variants.append(cache.key(unit, interpreter: python, texts: ["a.py": "print(1)\n", "b.py": "x = 1\n\n"]))
        // The same bytes split differently between two files are another project.
        variants.append(cache.key(unit, interpreter: python, texts: ["a.py": "print(1)\nx", "b.py": " = 1\n"]))
        var other = unit
        other.files = ["a.py"]
        variants.append(cache.key(other, interpreter: python, texts: texts))
        other = unit
        other.entries = []
        variants.append(cache.key(other, interpreter: python, texts: texts))
        other = unit
        other.root = "src"
        variants.append(cache.key(other, interpreter: python, texts: texts))
        let newer = PythonInterpreter(executable: "/usr/bin/python3", version: ReleaseVersion([3, 13, 0]))
        variants.append(cache.key(unit, interpreter: newer, texts: texts))
        #expect(Set(variants + [key]).count == variants.count + 1)
    }

    @Test func trimKeepsTheMostRecentlyUsed() throws {
        let cache = FactsCache(folder: try Self.scratch())
        defer { try? FileManager.default.removeItem(at: cache.folder) }
        for i in 0..<5 {
            cache.write(Array("{}".utf8), key: "k\(i)")
            let date = Date(timeIntervalSince1970: 1_000_000 + Double(i) * 60)
            try FileManager.default.setAttributes(
                [.modificationDate: date], ofItemAtPath: cache.folder.appendingPathComponent("k\(i).json").path)
        }
        _ = cache.read("k0")  // used now: the newest
        cache.trim(limit: 3)
        #expect(try Self.entries(cache.folder).map(\.lastPathComponent) == ["k0.json", "k3.json", "k4.json"])
    }

    @Test func offByEnvironment() throws {
        let home = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(FactsCache.open(environment: ["XDG_CACHE_HOME": home.path, "PREFLIGHT_CACHE": "off"]) == nil)
        let cache = try #require(FactsCache.open(environment: ["XDG_CACHE_HOME": home.path]))
        #expect(cache.folder.path.hasPrefix(home.path))
        #expect(FactsCache.open(environment: [:]) == nil, "no absolute cache base")
    }
}

/// What several checks derive from a project is derived once, and again after the project changes.
@Suite struct ProjectMemoTests {
    @Test func aChangedProjectGetsItsOwnPipeline() async throws {
        let workflow = """
            on: [push, pull_request]
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - run: uv run pytest

            """
        let project = try await TestProject([".github/workflows/ci.yml": workflow, "pyproject.toml": "[project]\nname = \"x\"\n"])
            .load()
        #expect(CIPipeline.load(project).jobCount == 1)
        var changed = project
        changed.yaml[".github/workflows/ci.yml"] = nil
        #expect(CIPipeline.load(changed).jobCount == 0)
        #expect(CIPipeline.load(changed).unreadable == [".github/workflows/ci.yml"])
        #expect(CIPipeline.load(project).jobCount == 1, "the original keeps its own")
    }
}

/// `lineSlices` splits as `split(omittingEmptySubsequences: false)` at "\n" and "\r\n" did.
@Suite struct LineSlicesTests {
    @Test(arguments: ["", "a", "a\n", "\n\n", "a\r\nb\r\n", "a\rb\nc", "é\u{301}\nß\r\n\r\n", "x\r", "\r\n"])
    func splitsAsCharactersDid(_ text: String) {
        let old = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        #expect(text.lineSlices.map(String.init) == old.map(String.init))
    }
}

/// An interpreter binary's version is asked once; a shim's never kept; a replaced binary asked again.
@Suite struct PythonProbeCacheTests {
    @Test func aBinaryIsKeptAndAShimIsNot() async throws {
        let folder = try FactsCacheTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = PythonProbeCache(file: folder.appendingPathComponent("pythons.json"))
        // A "binary": reports itself as sys.executable, as a real interpreter does.
        let binary = folder.appendingPathComponent("python3.99")
        try Data("#!/bin/sh\necho \"$0\"\necho 3.99.1\n".utf8).write(to: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let first = try #require(await PythonLocator.probe(binary.path, cache: cache))
        #expect(first.version.description == "3.99.1")
        #expect(cache.lookup(binary.path)?.executable == binary.path)
        // Replaced in place: a new file, asked again.
        try FileManager.default.removeItem(at: binary)
        try Data("#!/bin/sh\necho \"$0\"\necho 3.99.2\n".utf8).write(to: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        #expect(cache.lookup(binary.path) == nil || cache.lookup(binary.path)?.version.description == "3.99.2")
        #expect(try #require(await PythonLocator.probe(binary.path, cache: cache)).version.description == "3.99.2")
        // A shim: reports another file as sys.executable; never kept.
        let shim = folder.appendingPathComponent("shim")
        try Data("#!/bin/sh\necho \"\(binary.path)\"\necho 3.99.2\n".utf8).write(to: shim)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim.path)
        #expect(try #require(await PythonLocator.probe(shim.path, cache: cache)).executable == binary.path)
        #expect(cache.lookup(shim.path) == nil)
    }
}
