/// The outcome of one check, as the report contract names it.
public enum Status: String, Sendable, CaseIterable, Codable, Comparable {
    case pass, fail, warn, skip, manual, error

    /// Worst first, used when several outcomes of one check must be merged.
    public var rank: Int {
        switch self {
        case .error: return 0
        case .fail: return 1
        case .warn: return 2
        case .manual: return 3
        case .skip: return 4
        case .pass: return 5
        }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
}

public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
    case error, warning, info

    var weight: Int {
        switch self {
        case .error: return 3
        case .warning: return 2
        case .info: return 1
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.weight < rhs.weight }
}

/// How a check gets its facts (see the catalogue in `shared/spec/checks.md`).
public enum CheckKind: String, Sendable, CaseIterable, Codable {
    case `static`, run, live, attest
}
