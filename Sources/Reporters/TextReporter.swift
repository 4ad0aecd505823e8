import PreflightCore

/// The terminal report: grouped by checklist section, worst first within a section, with a summary.
public struct TextReporter: Reporter {
    public var color: Bool
    public var verbose: Bool

    public init(color: Bool, verbose: Bool = false) {
        self.color = color
        self.verbose = verbose
    }

    public func render(_ report: Report) -> String {
        var out = ""
        let title = "Preflight \(report.toolVersion)"
        out += paint(title, .bold) + "  " + describe(report.target) + "\n"
        for notice in report.notices { out += paint("! " + notice, .yellow) + "\n" }
        let bySection = Dictionary(grouping: report.checks, by: \.section)
        for section in Section.allCases {
            guard let results = bySection[section], !results.isEmpty else { continue }
            out += "\n" + paint(section.title, .bold) + "\n"
            for r in results.sorted(by: { ($0.status, $0.id) < ($1.status, $1.id) }) {
                out += line(r)
            }
        }
        if verbose && !report.phases.isEmpty {
            out += "\n" + paint("timings: ", .dim) + report.phases.map { "\($0.0) \($0.1) ms" }.joined(separator: ", ") + "\n"
        }
        out += "\n" + summaryLine(report) + "\n"
        return out
    }

    /// Without -v, the first findings of a check; the JSON, SARIF, JUnit and Markdown reports hold them all.
    static let findingsShown = 10

    func describe(_ target: Target) -> String {
        var parts: [String] = []
        if let p = target.project { parts.append(p) }
        if let c = target.command { parts.append("server: " + c.joined(separator: " ")) }
        if let u = target.url { parts.append("url: " + u) }
        return parts.joined(separator: "  ")
    }

    func line(_ r: CheckResult) -> String {
        let badge = r.suppressed ? paint("SUPPRESSED", .dim) : badge(r.status)
        var out = "  \(badge) \(r.id.rawValue)  \(paint(r.title, .dim))\n"
        let showDetail = r.status != .pass || verbose
        if showDetail {
            let limit = verbose ? Int.max : Self.findingsShown
            if r.findings.count > 1 {
                out += "         \(r.findings.count) findings:\n"
                for f in r.findings.prefix(limit) {
                    let place = f.location.map { paint($0.display + ": ", .dim) } ?? ""
                    out += "         - \(place)\(f.message)\n"
                }
                if r.findings.count > limit {
                    out += "         " + paint("… and \(r.findings.count - limit) more (-v, or --format json)", .dim) + "\n"
                }
            } else {
                out += "         \(r.message)\n"
                for loc in r.locations.prefix(limit) { out += "         " + paint("at \(loc.display)", .dim) + "\n" }
                if r.locations.count > limit {
                    out += "         " + paint("… and \(r.locations.count - limit) more (-v, or --format json)", .dim) + "\n"
                }
            }
            if verbose, let evidence = r.evidence, evidence != .object([]) {
                out += "         " + paint("evidence: \(JSONWriter.encode(evidence))", .dim) + "\n"
            }
            if r.suppressed, let reason = r.suppressionReason {
                out += "         " + paint("suppressed: \(reason)", .dim) + "\n"
            } else if r.status == .fail || r.status == .warn || r.status == .error {
                out += "         " + paint("fix: \(r.remediation)", .cyan) + "\n"
            }
        }
        return out
    }

    func badge(_ status: Status) -> String {
        switch status {
        case .pass: return paint("PASS  ", .green)
        case .fail: return paint("FAIL  ", .red)
        case .warn: return paint("WARN  ", .yellow)
        case .skip: return paint("SKIP  ", .dim)
        case .manual: return paint("MANUAL", .blue)
        case .error: return paint("ERROR ", .magenta)
        }
    }

    func summaryLine(_ report: Report) -> String {
        let s = report.summary
        let counts = Status.allCases.map { "\(s[$0]) \($0.rawValue)" }.joined(separator: ", ")
        let verdict =
            report.passed
            ? paint("READY", .green) + " (nothing fails at or above \(report.failureThreshold.rawValue) severity)"
            : paint("NOT READY", .red) + ": " + report.failingIDs.map(\.rawValue).joined(separator: ", ")
        return "\(counts)\nscore \(s.score)/100  \(verdict)"
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
    }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
