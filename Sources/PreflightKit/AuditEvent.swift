/// The stages of an audit, in the order they run.
public enum AuditPhase: String, Sendable, CaseIterable {
    case load, runTools = "run-tools", staticChecks = "static", live

    /// What the progress line says while the phase runs.
    public var activity: String {
        switch self {
        case .load: return "reading the project"
        case .runTools: return "running the project's tools"
        case .staticChecks: return "static checks"
        case .live: return "live audit"
        }
    }
}

/// Progress of a running audit, for a progress line or a log.
public enum AuditEvent: Sendable, Equatable {
    case started(AuditPhase)
    /// A step inside a phase ("handshake", "load", "shutdown: SIGTERM", ...).
    case step(AuditPhase, String)
    case finished(AuditPhase, milliseconds: Int)
}
