import Foundation
import GRDB
import PreflightCore

/// The history in one SQLite file (GRDB), migrated to the current schema when opened. A rollback
/// journal, not WAL: between runs everything is in the one file, which can be copied or cached.
public struct SQLiteHistoryStore: HistoryStore {
    public let location: String
    let queue: DatabaseQueue

    /// Opens (creating when missing) and migrates the file at `path`.
    public init(path: String) throws(HistoryError) {
        location = path
        var configuration = Configuration()
        // Two runs finishing at once (a matrix in CI) wait for each other rather than fail.
        configuration.busyMode = .timeout(15)
        configuration.label = "preflight.history"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = HistorySchema.migrator
            let newer = try queue.read { db in try migrator.hasBeenSuperseded(db) }
            if newer { throw HistoryError("\(path) was written by a newer preflight: upgrade, or use another --history") }
            try migrator.migrate(queue)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw Self.failure(path, error)
        }
    }

    static func failure(_ path: String, _ error: any Error) -> HistoryError {
        if let db = error as? DatabaseError {
            return HistoryError("\(path): \(db.message ?? db.resultCode.description)")
        }
        return HistoryError("\(path): \(error)")
    }

    public func record(_ run: RunRecord) async throws(HistoryError) -> Int64 {
        do {
            return try await queue.write { db in try Self.insert(run, db) }
        } catch {
            throw Self.failure(location, error)
        }
    }

    public func runs(_ query: RunQuery) async throws(HistoryError) -> [RunRecord] {
        do {
            return try await queue.read { db in try Self.select(query, db) }
        } catch {
            throw Self.failure(location, error)
        }
    }

    public func run(id: Int64) async throws(HistoryError) -> RunRecord? {
        do {
            return try await queue.read { db in try Self.select(id: id, db) }
        } catch {
            throw Self.failure(location, error)
        }
    }

    static func insert(_ run: RunRecord, _ db: Database) throws -> Int64 {
        var arguments: [(any DatabaseValueConvertible)?] = [
            run.kind.rawValue, run.startedAt, run.durationMs, run.target.project, run.target.transport,
            run.target.command.map { JSONWriter.encode(.strings($0)) }, run.target.url, run.preflightVersion, run.gitCommit,
            run.passed, run.score,
        ]
        arguments += Status.allCases.map { (run.counts[$0] ?? 0) as (any DatabaseValueConvertible)? }
        arguments += [run.baselineRunID, run.reportJSON]
        try db.execute(
            sql: """
                INSERT INTO run (kind, started_at, duration_ms, project, transport, command, url, preflight_version,
                  git_commit, passed, score, count_pass, count_fail, count_warn, count_skip, count_manual, count_error,
                  baseline_run_id, report_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: StatementArguments(arguments))
        let id = db.lastInsertedRowID
        for c in run.checks {
            try db.execute(
                sql: "INSERT OR REPLACE INTO check_result (run_id, check_id, status, severity, message) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, c.id, c.status.rawValue, c.severity.rawValue, c.message])
        }
        for (position, t) in run.tools.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO tool_metric (run_id, position, tool, calls, errors, p50_ms, p90_ms, p95_ms, p99_ms, max_ms,
                      throughput_per_second, load)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, position, t.tool, t.calls, t.errors, t.p50Ms, t.p90Ms, t.p95Ms, t.p99Ms, t.maxMs,
                    t.throughputPerSecond, t.load,
                ])
        }
        for (name, value) in run.metrics.named {
            try db.execute(sql: "INSERT INTO run_metric (run_id, name, value) VALUES (?, ?, ?)", arguments: [id, name, value])
        }
        return id
    }

    static func select(_ query: RunQuery, _ db: Database) throws -> [RunRecord] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let kind = query.kind {
            conditions.append("kind = ?")
            arguments.append(kind.rawValue)
        }
        if let before = query.before {
            conditions.append("id < ?")
            arguments.append(before)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(max(0, query.limit))
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM run \(filter) ORDER BY id DESC LIMIT ?", arguments: StatementArguments(arguments))
        return try rows.map { try record($0, db) }
    }

    static func select(id: Int64, _ db: Database) throws -> RunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map { try record($0, db) }
    }

    static func record(_ row: Row, _ db: Database) throws -> RunRecord {
        let id: Int64 = row["id"]
        let command = (row["command"] as String?).flatMap { try? JSONParser.parse($0) }?.arrayValue?.compactMap(\.stringValue)
        var counts: [Status: Int] = [:]
        for status in Status.allCases { counts[status] = row["count_\(status.rawValue)"] }
        let checks = try Row.fetchAll(
            db, sql: "SELECT check_id, status, severity, message FROM check_result WHERE run_id = ? ORDER BY check_id",
            arguments: [id]
        ).map { r in
            CheckRecord(
                id: r["check_id"], status: Status(rawValue: r["status"]) ?? .error,
                severity: Severity(rawValue: r["severity"]) ?? .info, message: r["message"])
        }
        let tools = try Row.fetchAll(db, sql: "SELECT * FROM tool_metric WHERE run_id = ? ORDER BY position", arguments: [id])
            .map { r in
                ToolRecord(
                    tool: r["tool"], calls: r["calls"], errors: r["errors"], p50Ms: r["p50_ms"], p90Ms: r["p90_ms"],
                    p95Ms: r["p95_ms"], p99Ms: r["p99_ms"], maxMs: r["max_ms"], throughputPerSecond: r["throughput_per_second"],
                    load: r["load"])
            }
        let metrics = try Row.fetchAll(db, sql: "SELECT name, value FROM run_metric WHERE run_id = ?", arguments: [id]).map {
            ($0["name"] as String, $0["value"] as Double)
        }
        return RunRecord(
            id: id, kind: RunKind(rawValue: row["kind"]) ?? .check, startedAt: row["started_at"], durationMs: row["duration_ms"],
            target: RunTarget(project: row["project"], transport: row["transport"], command: command, url: row["url"]),
            preflightVersion: row["preflight_version"], gitCommit: row["git_commit"], passed: row["passed"],
            score: row["score"], counts: counts, checks: checks, tools: tools, metrics: RunMetrics(named: metrics),
            baselineRunID: row["baseline_run_id"], reportJSON: row["report_json"])
    }
}
