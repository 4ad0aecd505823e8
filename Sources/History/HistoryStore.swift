/// Where runs are kept. The SQLite file is the one implementation today; a shared server database
/// implements the same protocol, and no caller changes.
public protocol HistoryStore: Sendable {
    /// Where the history is, for messages ("`.preflight/history.sqlite`").
    var location: String { get }
    /// Records a run and returns its id.
    func record(_ run: RunRecord) async throws(HistoryError) -> Int64
    /// Runs, newest first, with their checks and tools.
    func runs(_ query: RunQuery) async throws(HistoryError) -> [RunRecord]
    func run(id: Int64) async throws(HistoryError) -> RunRecord?
}

/// Which runs to read.
public struct RunQuery: Sendable, Equatable {
    public var kind: RunKind?
    /// At most this many, the newest.
    public var limit: Int
    /// Only runs before this one (a baseline is always older than the run it judges).
    public var before: Int64?

    public init(kind: RunKind? = nil, limit: Int = 20, before: Int64? = nil) {
        self.kind = kind
        self.limit = limit
        self.before = before
    }
}

/// The history could not be read or written: one line for the user.
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension HistoryStore {
    /// The newest run of `kind`, if any.
    public func latest(_ kind: RunKind) async throws(HistoryError) -> RunRecord? {
        try await runs(RunQuery(kind: kind, limit: 1)).first
    }
}
