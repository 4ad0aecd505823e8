import PreflightCore

/// Where the statuses of a checklist come from. Today: one audit (`Engine`). A `--from-history`
/// source (the last results recorded by earlier runs) plugs in here once run history exists.
public protocol ChecklistStatusSource: Sendable {
    /// The result of each check id the source knows.
    func results() -> [CheckID: CheckResult]
    /// One line for the reader: what the statuses come from.
    var provenance: String { get }
}

/// The statuses of one audit's report.
public struct AuditStatusSource: ChecklistStatusSource {
    public let report: Report
    public init(report: Report) { self.report = report }
    public func results() -> [CheckID: CheckResult] { Dictionary(report.checks.map { ($0.id, $0) }) { a, _ in a } }
    public var provenance: String {
        var what = report.target.project.map { "`\($0)`" } ?? "the server"
        if let command = report.target.command { what += " with the server `\(command.joined(separator: " "))`" }
        return "Preflight \(report.toolVersion), audit of \(what)"
    }
}

/// The checklist with a status on every line, computed from check results.
public struct ChecklistReport: Sendable {
    public enum Status: String, Sendable {
        case pass, fail, warn
        /// Some of its checks could not decide: they need a running server or `--run-tools`.
        case skip
        /// Nothing to check: the project has none of what the line is about (no manifests, no client config).
        case notApplicable = "n/a"
        /// Awaits an attestation (`preflight attest`).
        case manual
        /// Not something Preflight decides: a person ticks it.
        case open

        var rank: Int { [.fail: 0, .warn: 1, .manual: 2, .skip: 3, .open: 4, .notApplicable: 5, .pass: 6][self] ?? 6 }
    }

    public struct Line: Sendable {
        public var item: ChecklistItem
        public var status: Status
        public var coverage: ChecklistCoverage
        /// The results of the line's checks, in the mapping's order.
        public var results: [CheckResult]
        /// Why: the failing checks' messages, the skip reasons, the human reason.
        public var note: String
    }

    public struct Criterion: Sendable {
        public var text: String
        public var status: Status
        /// Lines (or checks) behind it that pass, of all of them.
        public var passing: Int
        public var total: Int
    }

    public var document: ChecklistDocument
    public var lines: [Line]
    public var criteria: [Criterion]
    public var provenance: String
    /// The audit's own verdict (exit code), when the statuses come from one.
    public var passed: Bool

    public func line(_ item: ChecklistItem) -> Line? { lines.first { $0.item == item } }

    public init(document: ChecklistDocument = .bundled, source: some ChecklistStatusSource, passed: Bool) {
        self.document = document
        self.provenance = source.provenance
        self.passed = passed
        let results = source.results()
        var lines: [Line] = []
        // Sections are decided from their own lines, so checked lines come first.
        for item in document.items {
            let coverage = ChecklistMapping.lines[item.key] ?? .human("not in Preflight's mapping")
            guard case .checks(let ids) = coverage else { continue }
            let found = ids.compactMap { results[$0] }
            let (status, note) = Self.combine(found, expected: ids.count)
            lines.append(Line(item: item, status: status, coverage: coverage, results: found, note: note))
        }
        for item in document.items {
            let coverage = ChecklistMapping.lines[item.key] ?? .human("not in Preflight's mapping")
            switch coverage {
            case .checks: continue
            case .human(let reason):
                lines.append(Line(item: item, status: .open, coverage: coverage, results: [], note: reason))
            case .sections(let sections):
                let members = lines.filter { line in sections.contains { Self.section(line.item.section, isIn: $0) } }
                let (status, passing, total) = Self.aggregate(members.map(\.status))
                lines.append(
                    Line(
                        item: item, status: status, coverage: coverage, results: [],
                        note: "\(passing) of \(total) lines of \(sections.joined(separator: " and ")) pass"))
            }
        }
        let order = Dictionary(document.items.enumerated().map { ($1, $0) }) { a, _ in a }
        self.lines = lines.sorted { (order[$0.item] ?? 0) < (order[$1.item] ?? 0) }
        let byLine = self.lines
        self.criteria = document.criteria.map { text in
            switch ChecklistMapping.criteria[text] {
            case .checks(let ids):
                let found = ids.compactMap { results[$0] }
                let (status, _) = Self.combine(found, expected: ids.count)
                return Criterion(
                    text: text, status: status, passing: found.filter { Self.passes($0) }.count, total: ids.count)
            case .sections(let sections):
                let members = byLine.filter { line in sections.contains { Self.section(line.item.section, isIn: $0) } }
                let (status, passing, total) = Self.aggregate(members.map(\.status))
                return Criterion(text: text, status: status, passing: passing, total: total)
            case .human, nil:
                return Criterion(text: text, status: .open, passing: 0, total: 1)
            }
        }
    }

    static func section(_ section: String, isIn parent: String) -> Bool {
        section == parent || section.hasPrefix(parent + ChecklistItem.separator)
    }

    /// A suppressed finding was accepted with a reason: it counts as passing.
    static func passes(_ r: CheckResult) -> Bool { r.status == .pass || r.suppressed }

    /// A line passes when every one of its checks passes; one failure fails it.
    static func combine(_ results: [CheckResult], expected: Int) -> (Status, String) {
        guard !results.isEmpty else { return (.skip, "its checks are not in this report") }
        let failing = results.filter { !$0.suppressed && ($0.status == .fail || $0.status == .error) }
        if !failing.isEmpty { return (.fail, failing.map { "\($0.id): \($0.message)" }.joined(separator: "; ")) }
        let warning = results.filter { !$0.suppressed && $0.status == .warn }
        if !warning.isEmpty { return (.warn, warning.map { "\($0.id): \($0.message)" }.joined(separator: "; ")) }
        let manual = results.filter { $0.status == .manual }
        if !manual.isEmpty {
            return (
                .manual,
                manual.map { "\($0.id): needs an attestation (`preflight attest \($0.id) --by NAME`)" }.joined(separator: "; ")
            )
        }
        // A static check that skips found nothing to check (no manifests, no client config); a run or
        // live check that skips was not run (no --run-tools, no --server): the line is not decided.
        // A live check of another transport or protocol era does not apply, like a static skip.
        let skipped = results.filter { $0.status == .skip && !$0.suppressed }
        let undecided = skipped.filter { $0.kind != .static && !SkipReasons.doesNotApply($0.message) }
        if !undecided.isEmpty || results.count < expected {
            return (.skip, undecided.map { "\($0.id) skipped: \($0.message)" }.joined(separator: "; "))
        }
        let passing = results.filter(passes)
        if passing.isEmpty {
            return (.notApplicable, skipped.map { "\($0.id): \($0.message)" }.joined(separator: "; "))
        }
        let attested = passing.filter { $0.message.hasPrefix("attested by ") }
        if !attested.isEmpty { return (.pass, attested.map { "\($0.id) \($0.message)" }.joined(separator: "; ")) }
        return (.pass, passing.map(\.id.rawValue).joined(separator: ", "))
    }

    /// Sections and criteria: pass when every line passes, fail when one fails, else the worst open state.
    /// Lines that do not apply count neither way.
    static func aggregate(_ statuses: [Status]) -> (Status, passing: Int, total: Int) {
        let relevant = statuses.filter { $0 != .notApplicable }
        let passing = relevant.filter { $0 == .pass }.count
        guard !relevant.isEmpty else { return (.notApplicable, 0, 0) }
        if passing == relevant.count { return (.pass, passing, relevant.count) }
        let worst = relevant.min { $0.rank < $1.rank } ?? .skip
        return (worst, passing, relevant.count)
    }
}
