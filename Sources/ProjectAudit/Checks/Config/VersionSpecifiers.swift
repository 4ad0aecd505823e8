import Foundation
import PreflightCore

/// PEP 440 release versions and version specifier sets (`>=3.10,<4`, `~=3.11`, `==3.12.*`), interpreted
/// as sets of release versions so that questions like "does this admit anything below 3.10?" are exact.
/// Pre-, post- and dev-release segments are accepted and ignored: for `requires-python` and dependency
/// pins what matters is the release range.
struct ReleaseVersion: Comparable, Hashable, CustomStringConvertible {
    var parts: [Int]

    init(_ parts: [Int]) { self.parts = parts }

    /// Parses `3`, `3.12`, `3.12.4`, `1!2.0`, `3.13.0rc1`, `2.0.post1`, `1.0+local`; nil when not a version.
    init?(pep440 text: String) {
        var s = Substring(text.trimmed.lowercased())
        if s.hasPrefix("v") { s = s.dropFirst() }
        if let bang = s.firstIndex(of: "!") {
            guard s[..<bang].allSatisfy(\.isNumber), !s[..<bang].isEmpty else { return nil }
            s = s[s.index(after: bang)...]
        }
        if let plus = s.firstIndex(of: "+") { s = s[..<plus] }
        var parts: [Int] = []
        var rest = s
        while true {
            let digits = rest.prefix { $0.isNumber }
            guard !digits.isEmpty, let n = Int(digits) else { return nil }
            parts.append(n)
            rest = rest.dropFirst(digits.count)
            if rest.first == ".", rest.dropFirst().first?.isNumber == true {
                rest = rest.dropFirst()
                continue
            }
            break
        }
        // What may follow the release: pre (a/b/rc/alpha/beta/c/pre/preview), post, dev, in PEP 440's spellings.
        let pattern =
            #"^([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?([-_.]?(post|rev|r)[-_.]?\d*|-\d+)?([-_.]?dev[-_.]?\d*)?$"#
        guard String(rest).range(of: pattern, options: .regularExpression) != nil else { return nil }
        self.parts = parts
    }

    static func < (lhs: ReleaseVersion, rhs: ReleaseVersion) -> Bool {
        let n = max(lhs.parts.count, rhs.parts.count)
        for i in 0..<n {
            let a = i < lhs.parts.count ? lhs.parts[i] : 0
            let b = i < rhs.parts.count ? rhs.parts[i] : 0
            if a != b { return a < b }
        }
        return false
    }

    static func == (lhs: ReleaseVersion, rhs: ReleaseVersion) -> Bool { !(lhs < rhs) && !(rhs < lhs) }

    func hash(into hasher: inout Hasher) {
        var trimmed = parts
        while trimmed.count > 1, trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
    }

    var description: String { parts.map(String.init).joined(separator: ".") }

    /// The first version after every version starting with `prefix`: `3.12` → `3.13`.
    static func successor(ofPrefix prefix: [Int]) -> ReleaseVersion {
        var next = prefix
        next[next.count - 1] += 1
        return ReleaseVersion(next)
    }

    var isZero: Bool { parts.allSatisfy { $0 == 0 } }
}

/// A set of release versions: a union of intervals. Release versions are treated as dense (there is
/// always a `3.9.1` between `3.9` and `3.10`), which is what `>3.9` admitting `3.9.1` needs.
struct VersionSet: Equatable {
    struct Interval: Equatable {
        var lower: ReleaseVersion
        var lowerInclusive: Bool
        /// nil: unbounded above.
        var upper: ReleaseVersion?
        var upperInclusive: Bool

        var isEmpty: Bool {
            guard let upper else { return false }
            if lower < upper { return false }
            return lower == upper ? !(lowerInclusive && upperInclusive) : true
        }

        func intersection(_ other: Interval) -> Interval {
            var result = self
            if other.lower > lower || (other.lower == lower && !other.lowerInclusive) {
                result.lower = other.lower
                result.lowerInclusive = other.lowerInclusive
            }
            if let otherUpper = other.upper {
                if let u = result.upper {
                    if otherUpper < u || (otherUpper == u && !other.upperInclusive) {
                        result.upper = otherUpper
                        result.upperInclusive = other.upperInclusive
                    }
                } else {
                    result.upper = otherUpper
                    result.upperInclusive = other.upperInclusive
                }
            }
            return result
        }
    }

    var intervals: [Interval]

    static let all = VersionSet(intervals: [
        Interval(lower: ReleaseVersion([0]), lowerInclusive: true, upper: nil, upperInclusive: false)
    ])

    static func atLeast(_ v: ReleaseVersion, inclusive: Bool = true) -> VersionSet {
        VersionSet(intervals: [Interval(lower: v, lowerInclusive: inclusive, upper: nil, upperInclusive: false)])
    }

    static func below(_ v: ReleaseVersion, inclusive: Bool = false) -> VersionSet {
        VersionSet(intervals: [Interval(lower: ReleaseVersion([0]), lowerInclusive: true, upper: v, upperInclusive: inclusive)])
    }

    /// `[lower, upper)`.
    static func range(_ lower: ReleaseVersion, _ upper: ReleaseVersion) -> VersionSet {
        VersionSet(intervals: [Interval(lower: lower, lowerInclusive: true, upper: upper, upperInclusive: false)])
    }

    static func exactly(_ v: ReleaseVersion) -> VersionSet {
        VersionSet(intervals: [Interval(lower: v, lowerInclusive: true, upper: v, upperInclusive: true)])
    }

    func intersection(_ other: VersionSet) -> VersionSet {
        var result: [Interval] = []
        for a in intervals {
            for b in other.intervals {
                let i = a.intersection(b)
                if !i.isEmpty { result.append(i) }
            }
        }
        return VersionSet(intervals: result)
    }

    func union(_ other: VersionSet) -> VersionSet { VersionSet(intervals: intervals + other.intervals) }

    var isEmpty: Bool { intervals.allSatisfy(\.isEmpty) }

    func contains(_ v: ReleaseVersion) -> Bool { !intersection(.exactly(v)).isEmpty }

    func overlaps(_ other: VersionSet) -> Bool { !intersection(other).isEmpty }
}

/// A PEP 440 version specifier set, e.g. `>=3.10,<4`.
struct SpecifierSet {
    struct Clause {
        var op: String
        var version: String
        var wildcard: Bool
        var release: ReleaseVersion

        /// Whether the clause narrows the versions at all: `!=1.2` and `>=0` let everything through.
        var bounds: Bool { !(op == "!=" || ((op == ">=" || op == ">") && release.isZero && !wildcard)) }
    }

    var clauses: [Clause]

    /// The versions the whole set admits (the intersection of its clauses).
    var versions: VersionSet {
        clauses.reduce(VersionSet.all) { $0.intersection(Self.versions(of: $1)) }
    }

    static let operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"]

    /// Parses a specifier set; the error explains what is wrong in terms a user can act on.
    static func parse(_ text: String) -> Result<SpecifierSet, SpecifierError> {
        let source = text.trimmed
        if source.isEmpty { return .failure(SpecifierError("empty version specifier")) }
        if source.contains("||") || source.contains("|") {
            return .failure(
                SpecifierError(
                    "`\(source)` uses `||` (Poetry/npm syntax); PEP 440 has no \"or\", use a single range such as `>=3.10,<4`"))
        }
        var clauses: [Clause] = []
        for raw in source.split(separator: ",", omittingEmptySubsequences: false) {
            let item = raw.trimmed
            if item.isEmpty { return .failure(SpecifierError("`\(source)` has an empty clause (a stray comma)")) }
            if item.hasPrefix("^") {
                return .failure(
                    SpecifierError(
                        "`\(item)` is Poetry's caret syntax, not a PEP 440 specifier; pip and uv reject it (write `>=\(item.dropFirst().trimmed)` with an upper bound if needed)"
                    ))
            }
            if item.hasPrefix("~") && !item.hasPrefix("~=") {
                return .failure(
                    SpecifierError("`\(item)` is Poetry's tilde syntax, not a PEP 440 specifier; use `~=` or `>=...,<...`"))
            }
            if item == "*" {
                return .failure(SpecifierError("`*` is not a PEP 440 specifier; give a lower bound such as `>=3.10`"))
            }
            guard let op = operators.first(where: { item.hasPrefix($0) }) else {
                if item.first?.isNumber == true {
                    return .failure(
                        SpecifierError("`\(item)` has no comparison operator; PEP 440 needs one, e.g. `==\(item)` or `>=\(item)`")
                    )
                }
                return .failure(SpecifierError("`\(item)` is not a PEP 440 version specifier"))
            }
            var version = item.dropFirst(op.count).trimmed
            var wildcard = false
            if version.hasSuffix(".*") {
                guard op == "==" || op == "!=" else {
                    return .failure(SpecifierError("`\(item)`: a `.*` wildcard is only allowed with `==` and `!=`"))
                }
                wildcard = true
                version.removeLast(2)
            }
            if op == "===" {
                guard let release = ReleaseVersion(pep440: version) else {
                    return .failure(
                        SpecifierError("`\(item)`: arbitrary equality with a non-version string matches nothing usable"))
                }
                clauses.append(Clause(op: op, version: version, wildcard: false, release: release))
                continue
            }
            guard let release = ReleaseVersion(pep440: version) else {
                return .failure(SpecifierError("`\(item)`: `\(version)` is not a PEP 440 version"))
            }
            if op == "~=" && release.parts.count < 2 {
                return .failure(SpecifierError("`\(item)`: `~=` needs at least two release segments (e.g. `~=3.10`)"))
            }
            clauses.append(Clause(op: op, version: version, wildcard: wildcard, release: release))
        }
        return .success(SpecifierSet(clauses: clauses))
    }

    static func versions(of clause: Clause) -> VersionSet {
        let v = clause.release
        switch clause.op {
        case ">=": return .atLeast(v)
        case ">": return .atLeast(v, inclusive: false)
        case "<=": return .below(v, inclusive: true)
        case "<": return .below(v)
        case "==", "===":
            return clause.wildcard ? .range(v, .successor(ofPrefix: v.parts)) : .exactly(v)
        case "!=":
            let excluded = clause.wildcard ? VersionSet.range(v, .successor(ofPrefix: v.parts)) : .exactly(v)
            let upper = excluded.intervals[0]
            return VersionSet.below(upper.lower).union(
                VersionSet(intervals: [
                    VersionSet.Interval(
                        lower: upper.upper ?? v, lowerInclusive: !upper.upperInclusive, upper: nil, upperInclusive: false)
                ]))
        case "~=":
            return .range(v, .successor(ofPrefix: Array(v.parts.dropLast())))
        default: return .all
        }
    }
}

struct SpecifierError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
