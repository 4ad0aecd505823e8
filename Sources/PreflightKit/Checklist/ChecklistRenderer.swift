import PreflightCore

/// `preflight checklist` output: the checklist in its own order and words, each line with its status.
public enum ChecklistRenderer {
    static func badge(_ s: ChecklistReport.Status) -> String {
        switch s {
        case .pass: return "PASS  "
        case .fail: return "FAIL  "
        case .warn: return "WARN  "
        case .skip: return "SKIP  "
        case .manual: return "MANUAL"
        case .open: return "      "
        case .notApplicable: return "N/A   "
        }
    }

    static func oneLine(_ text: String, limit: Int = 240) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// Headings and items (prose and code examples are in the markdown form).
    public static func text(_ r: ChecklistReport) -> String {
        var out = "Preflight checklist: \(r.provenance)\n"
        var lines = r.lines[...]
        for line in r.document.lines {
            switch line {
            case .heading(let level, let text):
                guard level >= 2 else { continue }
                out += (level == 2 ? "\n" : "") + String(repeating: "#", count: level) + " " + text + "\n"
            case .item:
                guard let l = lines.popFirst() else { continue }
                out += "  [\(badge(l.status))] \(l.item.text)\n"
                if l.status != .pass && l.status != .open { out += "             \(oneLine(l.note))\n" }
            case .criterion(let text):
                if let c = r.criteria.first(where: { $0.text == text }) {
                    out += "  [\(badge(c.status))] \(text) (\(c.passing) of \(c.total))\n"
                }
            case .text: continue
            }
        }
        out += "\n" + summary(r) + "\n"
        return out
    }

    static func summary(_ r: ChecklistReport) -> String {
        let counts: [(ChecklistReport.Status, String)] = [
            (.pass, "pass"), (.fail, "fail"), (.warn, "warn"), (.skip, "not decided"), (.notApplicable, "not applicable"),
            (.manual, "awaiting attestation"), (.open, "for a person"),
        ]
        let parts = counts.compactMap { status, label -> String? in
            let n = r.lines.filter { $0.status == status }.count
            return n == 0 ? nil : "\(n) \(label)"
        }
        return "\(r.lines.count) lines: " + parts.joined(separator: ", ")
    }

    /// The whole checklist as Markdown for a release pull request: boxes Preflight could tick are
    /// ticked, the others say why not; the success criteria are computed from their sections.
    public static func markdown(_ r: ChecklistReport) -> String {
        var out = ""
        var lines = r.lines[...]
        var first = true
        for line in r.document.lines {
            switch line {
            case .heading(let level, let text):
                out += String(repeating: "#", count: level) + " " + text + "\n"
                if first {
                    first = false
                    out +=
                        "\n> Statuses from \(r.provenance). Ticked boxes pass their checks; a box with no note is for a person to tick. \(summary(r)).\n"
                }
            case .item(let item):
                guard let l = lines.popFirst() else { continue }
                let ids = l.results.map { "`\($0.id)`" }.joined(separator: " ")
                let prefix = item.checkbox ? (l.status == .pass ? "- [x] " : "- [ ] ") : "- "
                var note = ""
                switch l.status {
                case .pass: note = ids.isEmpty ? "" : " <sub>✓ \(ids)</sub>"
                case .fail: note = " — **fail**: \(oneLine(l.note))"
                case .warn: note = " — **warn**: \(oneLine(l.note))"
                case .skip: note = " — *not decided*: \(oneLine(l.note))"
                case .notApplicable: note = " — *n/a*: \(oneLine(l.note))"
                case .manual: note = " — *awaiting attestation*: \(oneLine(l.note))"
                case .open: note = ""
                }
                if !item.checkbox && l.status == .pass { note = " — ✅" + note }
                out += prefix + item.text + note + "\n"
            case .criterion(let text):
                guard let c = r.criteria.first(where: { $0.text == text }) else {
                    out += "⬜ \(text)\n"
                    continue
                }
                switch c.status {
                case .pass: out += "✅ \(text)\n"
                case .fail: out += "❌ \(text) — \(c.passing) of \(c.total) pass\n"
                case .notApplicable: out += "➖ \(text) — not applicable\n"
                default: out += "⬜ \(text) — \(c.passing) of \(c.total) pass\n"
                }
            case .text(let t):
                out += t + "\n"
            }
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    public static func json(_ r: ChecklistReport) -> String {
        var root = JSONObjectBuilder()
        root.set("tool", "preflight")
        root.set("provenance", r.provenance)
        root.set("passed", r.passed)
        var summary = JSONObjectBuilder()
        for s in ["pass", "fail", "warn", "skip", "n/a", "manual", "open"] {
            summary.set(s, r.lines.filter { $0.status.rawValue == s }.count)
        }
        root.set("summary", summary.value)
        var sections: [(String, [JSONValue])] = []
        for line in r.lines {
            let value = item(line)
            if let i = sections.firstIndex(where: { $0.0 == line.item.section }) {
                sections[i].1.append(value)
            } else {
                sections.append((line.item.section, [value]))
            }
        }
        root.set("sections", .array(sections.map { .object([("section", .string($0.0)), ("items", .array($0.1))]) }))
        root.set(
            "successCriteria",
            .array(
                r.criteria.map {
                    .object([
                        ("text", .string($0.text)), ("status", .string($0.status.rawValue)), ("passing", .int($0.passing)),
                        ("total", .int($0.total)),
                    ])
                }))
        return JSONWriter.encode(root.value, pretty: true) + "\n"
    }

    static func item(_ l: ChecklistReport.Line) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("text", l.item.text)
        o.set("checkbox", l.item.checkbox)
        o.set("status", l.status.rawValue)
        switch l.coverage {
        case .checks(let ids):
            o.set("decidedBy", "checks")
            o.set("checkIds", .strings(ids.map(\.rawValue)))
        case .sections(let s):
            o.set("decidedBy", "sections")
            o.set("sections", .strings(s))
        case .human:
            o.set("decidedBy", "person")
        }
        o.set(
            "checks",
            .array(
                l.results.map {
                    .object([
                        ("id", .string($0.id.rawValue)), ("status", .string($0.status.rawValue)),
                        ("message", .string($0.message)),
                    ])
                }))
        o.set("note", l.note)
        return o.value
    }
}
