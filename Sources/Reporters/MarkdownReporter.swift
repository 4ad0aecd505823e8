import PreflightCore

/// GitHub-flavoured Markdown for PR comments and `$GITHUB_STEP_SUMMARY`: verdict and score first,
/// then what needs attention, then every check folded away per section.
public struct MarkdownReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = heading(report)
        out += counts(report)
        out += problems(report)
        out += suppressed(report)
        out += sections(report)
        return out
    }

    func heading(_ report: Report) -> String {
        var out = report.passed ? "## ✅ Preflight: READY\n\n" : "## ❌ Preflight: NOT READY\n\n"
        var facts = ["Score **\(report.summary.score)/100**", "failure threshold `\(report.failureThreshold.rawValue)`"]
        if let project = report.target.project { facts.append("project \(Self.cell(project))") }
        facts.append("preflight \(Self.cell(report.toolVersion))")
        out += facts.joined(separator: " · ") + "\n\n"
        for notice in report.notices { out += "> ⚠️ \(Self.cell(notice))\n\n" }
        if !report.failingIDs.isEmpty {
            out += "Fails the run: " + report.failingIDs.map { Self.code($0.rawValue) }.joined(separator: ", ") + "\n\n"
        }
        return out
    }

    func counts(_ report: Report) -> String {
        let statuses = Status.allCases
        var out = "| " + statuses.map { "\(Self.emoji($0)) \($0.rawValue)" }.joined(separator: " | ") + " | score |\n"
        out += "|" + String(repeating: "---:|", count: statuses.count + 1) + "\n"
        out += "| " + statuses.map { String(report.summary[$0]) }.joined(separator: " | ")
        out += " | \(report.summary.score) |\n\n"
        return out
    }

    func problems(_ report: Report) -> String {
        let open = report.checks.filter { !$0.suppressed && [.fail, .warn, .error].contains($0.status) }
            .sorted { ($0.status, $0.id) < ($1.status, $1.id) }
        guard !open.isEmpty else { return "No failing or warning checks.\n\n" }
        var out = "### Failing and warning checks\n\n| | Check | Severity | Message | Location |\n|---|---|---|---|---|\n"
        for r in open {
            // Every finding on its own row; a check without findings is one row.
            let rows =
                r.findings.isEmpty
                ? [(r.status, r.message, Self.firstLocation(r))]
                : r.findings.map { ($0.status, $0.message, $0.location.map { Self.code($0.display) } ?? "") }
            for (status, message, location) in rows {
                out += "| \(Self.emoji(status)) | \(Self.code(r.id.rawValue)) | \(r.severity.rawValue) | "
                out += "\(Self.cell(message)) | \(location) |\n"
            }
        }
        return out + "\n"
    }

    func suppressed(_ report: Report) -> String {
        let silenced = report.checks.filter(\.suppressed)
        guard !silenced.isEmpty else { return "" }
        var out = "### Suppressed\n\n| | Check | Severity | Reason | Location |\n|---|---|---|---|---|\n"
        for r in silenced {
            out += "| \(Self.emoji(r.status)) | \(Self.code(r.id.rawValue)) | \(r.severity.rawValue) | "
            out += "\(Self.cell(r.suppressionReason ?? "")) | \(Self.firstLocation(r)) |\n"
        }
        return out + "\n"
    }

    func sections(_ report: Report) -> String {
        let bySection = Dictionary(grouping: report.checks, by: \.section)
        var out = ""
        for section in Section.allCases {
            guard let checks = bySection[section], !checks.isEmpty else { continue }
            let tally = Status.allCases.compactMap { status -> String? in
                let n = checks.filter { $0.status == status }.count
                return n == 0 ? nil : "\(n) \(Self.emoji(status))"
            }
            // A blank line after <summary> lets GitHub render the table inside the HTML block.
            out += "<details>\n<summary>\(Self.html(section.title)) — \(tally.joined(separator: " "))</summary>\n\n"
            out += "| | Check | Title | Message |\n|---|---|---|---|\n"
            for r in checks.sorted(by: { $0.id < $1.id }) {
                let status = Self.emoji(r.status) + (r.suppressed ? " (suppressed)" : "")
                out += "| \(status) | \(Self.code(r.id.rawValue)) | \(Self.cell(r.title)) | \(Self.cell(r.message)) |\n"
            }
            out += "\n</details>\n\n"
        }
        return out
    }

    static func emoji(_ status: Status) -> String {
        switch status {
        case .pass: return "✅"
        case .fail: return "❌"
        case .warn: return "⚠️"
        case .skip: return "⏭️"
        case .manual: return "📝"
        case .error: return "💥"
        }
    }

    static func firstLocation(_ r: CheckResult) -> String {
        guard let first = r.locations.first else { return "" }
        let more = r.locations.count > 1 ? " (+\(r.locations.count - 1) more)" : ""
        return code(first.display) + more
    }

    /// Text for a table cell: one line, no column breaks, no control characters. Messages quote
    /// code in backticks and GitHub shows a code span literally, so only text outside spans is
    /// HTML-escaped (inside, `&lt;` would show as typed).
    static func cell(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "`" {
                let n = backticks(chars, at: i)
                let fence = String(repeating: "`", count: n)
                if let close = closingBackticks(chars, from: i + n, count: n) {
                    out += fence + codeBody(String(chars[(i + n)..<close])) + fence
                    i = close + n
                } else {
                    out += fence
                    i += n
                }
                continue
            }
            switch chars[i] {
            case "|": out += "\\|"
            case "\r\n", "\n", "\r": out += "<br>"
            case "\t": out += " "
            default: out += html(String(chars[i]))
            }
            i += 1
        }
        return out
    }

    static func backticks(_ chars: [Character], at start: Int) -> Int {
        var end = start
        while end < chars.count, chars[end] == "`" { end += 1 }
        return end - start
    }

    /// CommonMark: a span closes at the next backtick run of exactly the opening length.
    static func closingBackticks(_ chars: [Character], from start: Int, count: Int) -> Int? {
        var i = start
        while i < chars.count {
            guard chars[i] == "`" else {
                i += 1
                continue
            }
            let n = backticks(chars, at: i)
            if n == count { return i }
            i += n
        }
        return nil
    }

    /// Escapes what GitHub would read as markup in HTML and replaces control characters with U+FFFD.
    static func html(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A code span for a table cell, e.g. a path that may itself contain backticks.
    static func code(_ s: String) -> String {
        let body = codeBody(s)
        guard body.contains("`") else { return "`\(body)`" }
        // A run of backticks one longer than any inside, padded so edge backticks stay content.
        var longest = 0
        var run = 0
        for c in body {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        return "\(fence) \(body) \(fence)"
    }

    /// Inside a code span `<` and `&` are literal, so only `|` (still a column break in GFM tables),
    /// line breaks and control characters need care.
    static func codeBody(_ s: String) -> String {
        var body = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "|": body += "\\|"
            case "\n", "\r", "\t": body += " "
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) {
                    body += "\u{FFFD}"
                } else {
                    body.unicodeScalars.append(scalar)
                }
            }
        }
        return body
    }
}
