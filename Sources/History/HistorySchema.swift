import GRDB

/// The history's tables, migration by migration. A migration, once released, is never edited:
/// a change of schema is a new migration appended here.
enum HistorySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, check results, tool latency, run metrics") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("duration_ms", .integer).notNull()
                t.column("project", .text)
                t.column("transport", .text)
                // The server's argv as a JSON array.
                t.column("command", .text)
                t.column("url", .text)
                t.column("preflight_version", .text).notNull()
                t.column("git_commit", .text)
                t.column("passed", .boolean).notNull()
                t.column("score", .integer)
                for status in ["pass", "fail", "warn", "skip", "manual", "error"] {
                    t.column("count_\(status)", .integer).notNull().defaults(to: 0)
                }
                t.column("baseline_run_id", .integer).references("run", onDelete: .setNull)
                t.column("report_json", .text).notNull()
            }
            try db.create(index: "run_by_kind", on: "run", columns: ["kind", "id"])
            try db.create(table: "check_result") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("check_id", .text).notNull()
                t.column("status", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("message", .text).notNull()
                t.primaryKey(["run_id", "check_id"])
            }
            try db.create(index: "check_result_by_check", on: "check_result", columns: ["check_id", "run_id"])
            try db.create(table: "tool_metric") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                // A load may call one tool twice (with other arguments): the position keeps both.
                t.column("position", .integer).notNull()
                t.column("tool", .text).notNull()
                t.column("calls", .integer).notNull()
                t.column("errors", .integer).notNull()
                t.column("p50_ms", .double).notNull()
                t.column("p90_ms", .double).notNull()
                t.column("p95_ms", .double).notNull()
                t.column("p99_ms", .double).notNull()
                t.column("max_ms", .double).notNull()
                t.column("throughput_per_second", .double)
                t.column("load", .text).notNull()
                t.primaryKey(["run_id", "position"])
            }
            try db.create(index: "tool_metric_by_tool", on: "tool_metric", columns: ["tool", "run_id"])
            try db.create(table: "run_metric") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("value", .double).notNull()
                t.primaryKey(["run_id", "name"])
            }
        }
        return migrator
    }
}
