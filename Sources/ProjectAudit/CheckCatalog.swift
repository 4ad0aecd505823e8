import PreflightCore

/// Every check Preflight knows, static or not: the source of `preflight rules` and `docs/checks.md`.
public enum CheckCatalog {
    public static var all: [CheckDescription] {
        (StaticRegistry.all.map { $0.description } + RunRegistry.all.map { $0.description }).sorted { $0.id < $1.id }
    }

    public static var ids: Set<CheckID> { Set(all.map(\.id)) }
}
