import Foundation
import PreflightCore

/// `preflight history`: the recorded runs, each check's status over them, each tool's p95 and p99.
public enum HistoryRenderer {
    /// `onlyCheck`: show that check's series even when it never changed.
    public static func text(_ t: HistoryTrends, onlyCheck: String? = nil) -> String {
        guard !t.runs.isEmpty else {
            return "No runs recorded in \(t.location) (preflight check and preflight load record theirs).\n"
        }
        var out = "History: \(t.location), \(t.runs.count) run\(t.runs.count == 1 ? "" : "s"), oldest first\n\n"
        var rows = [["run", "kind", "started", "took", "verdict", "score", "commit", "target"]]
        for r in t.runs {
            rows.append([
                "#\(r.id)", r.kind, r.startedAt, seconds(r.durationMs), r.passed ? "pass" : "FAIL",
                r.score.map(String.init) ?? "-", String((r.gitCommit ?? "-").prefix(10)), clean(r.target),
            ])
        }
        out += table(rows)
        let checks = onlyCheck == nil ? t.checks.filter(\.changed) : t.checks
        if !checks.isEmpty {
            out += "\nChecks, one mark per run (✓ pass ✗ fail ! warn - skip ? manual E error · not in the run):\n"
            let width = checks.map(\.id.count).max() ?? 0
            for c in checks {
                out += "  " + c.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                out += c.statuses.map(mark).joined() + "\n"
            }
        } else if onlyCheck != nil {
            out += "\nNo recorded run has that check.\n"
        } else if !t.checks.isEmpty {
            out += "\nNo check changed status over these runs (--check ID shows one).\n"
        }
        if !t.tools.isEmpty {
            out += "\nLatency per run, ms (- not measured):\n"
            var rows: [[String]] = []
            for s in t.tools {
                rows.append([clean(t.name(s)), "p95"] + s.p95Ms.map(ms))
                rows.append(["", "p99"] + s.p99Ms.map(ms))
            }
            out += table(rows, indent: "  ", header: false)
        }
        return out
    }

    public static func json(_ t: HistoryTrends) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(t) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func mark(_ s: Status?) -> String {
        switch s {
        case .pass?: return "✓"
        case .fail?: return "✗"
        case .warn?: return "!"
        case .skip?: return "-"
        case .manual?: return "?"
        case .error?: return "E"
        case nil: return "·"
        }
    }

    static func ms(_ v: Double?) -> String {
        guard let v else { return "-" }
        return v >= 100 ? String(Int(v.rounded())) : String((v * 100).rounded() / 100)
    }

    static func seconds(_ ms: Int) -> String { String(format: "%.1f s", Double(ms) / 1000) }

    /// One line: control characters and line breaks out, so that a recorded target cannot rewrite the terminal.
    static func clean(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "�" : $0 }))
    }

    static func table(_ rows: [[String]], indent: String = "", header: Bool = true) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for (n, row) in rows.enumerated() {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            out += indent + cells.joined(separator: "  ") + "\n"
            if header && n == 0 {
                out += indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return out
    }
}
