import PreflightCore

extension HistoryTrends {
    /// The trends of `records` (any order): runs oldest first, each check's status and each tool's
    /// p95/p99 per run. `check` or `tool` keep only that series.
    public init(records: [RunRecord], location: String, check: String? = nil, tool: String? = nil) {
        let ordered = records.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        let runs = ordered.map { r in
            Run(
                id: r.id ?? 0, kind: r.kind.rawValue, startedAt: r.startedAt, durationMs: r.durationMs, passed: r.passed,
                score: r.score, gitCommit: r.gitCommit, target: r.target.display)
        }
        var checkIDs = Set(ordered.flatMap { $0.checks.map(\.id) })
        if let check { checkIDs = checkIDs.filter { $0 == check } }
        let checks = checkIDs.sorted().map { id in
            CheckSeries(id: id, statuses: ordered.map { r in r.checks.first { $0.id == id }?.status })
        }
        struct Key: Hashable, Comparable {
            var tool: String
            var load: String
            static func < (a: Key, b: Key) -> Bool { (a.tool, a.load) < (b.tool, b.load) }
        }
        var keys = Set(ordered.flatMap { $0.tools.filter { $0.calls > 0 }.map { Key(tool: $0.tool, load: $0.load) } })
        if let tool { keys = keys.filter { $0.tool == tool } }
        let tools = keys.sorted().map { key in
            let per = ordered.map { r in r.tools.first { $0.tool == key.tool && $0.load == key.load && $0.calls > 0 } }
            return ToolSeries(tool: key.tool, load: key.load, p95Ms: per.map { $0?.p95Ms }, p99Ms: per.map { $0?.p99Ms })
        }
        self.init(location: location, runs: runs, checks: checks, tools: tools)
    }

    /// Reads the newest `limit` runs of `kind` (all kinds when nil) from `store`.
    public static func read(
        from store: any HistoryStore, kind: RunKind? = nil, limit: Int = 20, check: String? = nil, tool: String? = nil
    ) async throws(HistoryError) -> HistoryTrends {
        let records = try await store.runs(RunQuery(kind: kind, limit: limit))
        return HistoryTrends(records: records, location: store.location, check: check, tool: tool)
    }
}
