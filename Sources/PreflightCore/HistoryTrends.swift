/// Recorded runs and how their figures moved, oldest first: what `preflight history` prints and
/// the HTML report draws. Computed by the history library; renderers only show it.
public struct HistoryTrends: Sendable, Equatable, Codable {
    public struct Run: Sendable, Equatable, Codable {
        public var id: Int64
        /// `check` or `load`.
        public var kind: String
        public var startedAt: String
        public var durationMs: Int
        public var passed: Bool
        /// Check runs only.
        public var score: Int?
        public var gitCommit: String?
        /// The project, the server command or the URL, as recorded.
        public var target: String

        public init(
            id: Int64, kind: String, startedAt: String, durationMs: Int, passed: Bool, score: Int?, gitCommit: String?,
            target: String
        ) {
            self.id = id
            self.kind = kind
            self.startedAt = startedAt
            self.durationMs = durationMs
            self.passed = passed
            self.score = score
            self.gitCommit = gitCommit
            self.target = target
        }
    }

    /// One check's status in each run (`nil`: not in that run), aligned with `runs`.
    public struct CheckSeries: Sendable, Equatable, Codable {
        public var id: String
        public var statuses: [Status?]

        public init(id: String, statuses: [Status?]) {
            self.id = id
            self.statuses = statuses
        }

        /// Whether the status is not the same in every run that has it.
        public var changed: Bool { Set(statuses.compactMap { $0 }).count > 1 }
    }

    /// One tool's p95 and p99 in each run (`nil`: not measured then), aligned with `runs`.
    /// Figures measured under another load are another series.
    public struct ToolSeries: Sendable, Equatable, Codable {
        public var tool: String
        /// How it was loaded ("1 in flight", "closed loop, 16 in flight, 1 instance").
        public var load: String
        public var p95Ms: [Double?]
        public var p99Ms: [Double?]

        public init(tool: String, load: String, p95Ms: [Double?], p99Ms: [Double?]) {
            self.tool = tool
            self.load = load
            self.p95Ms = p95Ms
            self.p99Ms = p99Ms
        }
    }

    /// Where the history is kept, for the reader.
    public var location: String
    public var runs: [Run]
    /// Sorted by id.
    public var checks: [CheckSeries]
    /// Sorted by tool name, then load.
    public var tools: [ToolSeries]

    public init(location: String, runs: [Run], checks: [CheckSeries], tools: [ToolSeries]) {
        self.location = location
        self.runs = runs
        self.checks = checks
        self.tools = tools
    }

    /// A series' name: the tool, and its load when the tool was measured under several.
    public func name(_ series: ToolSeries) -> String {
        tools.filter { $0.tool == series.tool }.count > 1 ? "\(series.tool) (\(series.load))" : series.tool
    }
}
