import Foundation
import GRDB
import PreflightCore
import Testing

@testable import History

/// The SQLite history on real files in temporary folders.
@Suite struct HistoryStoreTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sampleRun(score: Int = 80, started: String = "2026-11-30T08:00:00Z") -> RunRecord {
        RunRecord(
            kind: .check, startedAt: started, durationMs: 1234,
            target: RunTarget(project: "./proj", transport: "stdio", command: ["python", "srv.py", "--flag"]),
            preflightVersion: "0.1.0", gitCommit: String(repeating: "a", count: 40), passed: false, score: score,
            counts: [.pass: 3, .fail: 1, .skip: 2],
            checks: [
                CheckRecord(id: "docker.non-root-user", status: .fail, severity: .error, message: "runs as root"),
                CheckRecord(id: "docs.readme-setup", status: .pass, severity: .warning, message: "ok"),
            ],
            tools: [
                ToolRecord(
                    tool: "search", calls: 100, errors: 1, p50Ms: 1, p90Ms: 2, p95Ms: 3, p99Ms: 4, maxMs: 5, load: "1 in flight")
            ],
            metrics: RunMetrics(
                coldStartMs: 412, contextTokens: 1920, memoryStartBytes: 1, memoryPeakBytes: 3, memoryEndBytes: 2),
            reportJSON: #"{"schemaVersion": 1}"#)
    }

    @Test func migratesAnEmptyFileAndCreatesTheFolderWithAGitignore() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = HistoryLocation.defaultPath(project: dir.path)
        #expect(path == dir.appendingPathComponent(".preflight/history.sqlite").path)
        let store = try HistoryLocation.open(path)
        #expect(FileManager.default.fileExists(atPath: path))
        let ignore = try String(contentsOfFile: dir.appendingPathComponent(".preflight/.gitignore").path, encoding: .utf8)
        #expect(ignore.contains("\n*\n"))
        let tables = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(Set(tables).isSuperset(of: ["run", "check_result", "tool_metric", "run_metric", "grdb_migrations"]))
        let applied = try store.queue.read { db in try HistorySchema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(HistorySchema.migrator.migrations))
        // Opening again migrates nothing and loses nothing.
        _ = try SQLiteHistoryStore(path: path)
    }

    @Test func aSecondRunAppendsAndRunsReadBackWhole() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        let store = try SQLiteHistoryStore(path: path)
        let first = try await store.record(Self.sampleRun(score: 70))
        // Another process, the next day: a new connection to the same file.
        let again = try SQLiteHistoryStore(path: path)
        let second = try await again.record(Self.sampleRun(score: 90, started: "2026-12-01T08:00:00Z"))
        #expect(second > first)
        let runs = try await store.runs(RunQuery())
        #expect(runs.map(\.id) == [second, first])
        #expect(runs.map(\.score) == [90, 70])
        var expected = Self.sampleRun(score: 70)
        expected.id = first
        expected.counts = [.pass: 3, .fail: 1, .warn: 0, .skip: 2, .manual: 0, .error: 0]
        #expect(try await store.run(id: first) == expected)
        #expect(try await store.run(id: 999) == nil)
        #expect(try await store.latest(.check)?.id == second)
        #expect(try await store.latest(.load) == nil)
        #expect(try await store.runs(RunQuery(limit: 1, before: second)).map(\.id) == [first])
    }

    @Test func aFileThatIsNotADatabaseIsAnErrorNotACrash() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        try Data("this is not SQLite, just text that is long enough to have a header".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: HistoryError.self) { try SQLiteHistoryStore(path: path) }
        let blocker = dir.appendingPathComponent("file")
        try Data().write(to: blocker)
        #expect(throws: HistoryError.self) { try HistoryLocation.open(blocker.appendingPathComponent("h.sqlite").path) }
    }

    @Test func aHistoryFromANewerPreflightIsRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        let store = try SQLiteHistoryStore(path: path)
        try store.queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: the future')") }
        let error = #expect(throws: HistoryError.self) { try SQLiteHistoryStore(path: path) }
        #expect(error?.message.contains("newer preflight") == true)
    }

    @Test func trendsAlignEveryRun() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteHistoryStore(path: dir.appendingPathComponent("h.sqlite").path)
        var a = Self.sampleRun()
        a.checks[0].status = .pass
        var b = Self.sampleRun()
        b.tools = []
        let c = Self.sampleRun()
        for r in [a, b, c] { _ = try await store.record(r) }
        let t = try await HistoryTrends.read(from: store, kind: .check)
        #expect(t.runs.count == 3)
        #expect(t.runs.map(\.id) == t.runs.map(\.id).sorted())
        let root = try #require(t.checks.first { $0.id == "docker.non-root-user" })
        #expect(root.statuses == [.pass, .fail, .fail])
        #expect(root.changed)
        #expect(t.checks.first { $0.id == "docs.readme-setup" }?.changed == false)
        #expect(t.tools.map(\.tool) == ["search"])
        #expect(t.tools.first?.p95Ms == [3, nil, 3])
        let one = try await HistoryTrends.read(from: store, check: "docs.readme-setup", tool: "nope")
        #expect(one.checks.map(\.id) == ["docs.readme-setup"])
        #expect(one.tools.isEmpty)
    }
}
