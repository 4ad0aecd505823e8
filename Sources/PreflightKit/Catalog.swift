import History
import LiveAudit
import PreflightCore
import ProjectAudit

/// Every check Preflight knows, static, run and live: the one catalogue behind `preflight rules`,
/// `docs/checks.md`, configuration validation and the report.
public enum Catalog {
    public static let all: [CheckDescription] =
        (StaticRegistry.all.map { $0.description } + RunRegistry.all.map { $0.description }
        + LiveRegistry.all.map { $0.description } + HistoryRegistry.all.map { $0.description }).sorted { $0.id < $1.id }

    public static let ids: Set<CheckID> = Set(all.map(\.id))

    public static func description(_ id: CheckID) -> CheckDescription? { all.first { $0.id == id } }
}
