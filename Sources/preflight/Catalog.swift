import LiveAudit
import PreflightCore
import ProjectAudit

/// Every check Preflight knows, static and live: the source of `preflight rules` and docs/checks.md.
enum FullCatalog {
    static var all: [CheckDescription] {
        (StaticRegistry.all.map { $0.description } + RunRegistry.all.map { $0.description }
            + LiveRegistry.all.map { $0.description }).sorted { $0.id < $1.id }
    }

    static var ids: Set<CheckID> { Set(all.map(\.id)) }
}
