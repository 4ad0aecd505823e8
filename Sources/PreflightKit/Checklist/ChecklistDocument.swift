import Foundation

/// The production checklist (`Resources/production-checklist.md`, a copy of the spec's text, embedded
/// so the binary carries it) read line by line: headings, items, and everything else kept verbatim,
/// so every rendering follows its order and words.
public struct ChecklistDocument: Sendable {
    public enum Line: Sendable, Equatable {
        case heading(level: Int, text: String)
        /// `- [ ] text` (checkbox) or a plain `- text` bullet that the mapping names (the key metrics).
        case item(ChecklistItem)
        /// A `✅ ...` line of the closing "Success Criteria" block.
        case criterion(String)
        /// Anything else, as written (prose, code fences and their content, blank lines).
        case text(String)
    }

    public var lines: [Line]

    /// The text of the checklist Preflight ships (`Resources/production-checklist.md`).
    public static let resourceText = String(decoding: PackageResources.production_checklist_md, as: UTF8.self)

    /// The checklist Preflight ships.
    public static let bundled = ChecklistDocument.parse(resourceText)

    public var items: [ChecklistItem] {
        lines.compactMap { if case .item(let i) = $0 { return i } else { return nil } }
    }

    public var criteria: [String] {
        lines.compactMap { if case .criterion(let c) = $0 { return c } else { return nil } }
    }

    /// Section paths in order: `Pre-Deployment`, `Pre-Deployment › Code Quality`, ...
    public var sections: [String] {
        var out: [String] = []
        var h2: String?
        for line in lines {
            guard case .heading(let level, let text) = line else { continue }
            if level == 2 {
                h2 = text
                out.append(text)
            } else if level == 3, let h2 {
                out.append(h2 + ChecklistItem.separator + text)
            }
        }
        return out
    }

    public static func parse(_ text: String) -> ChecklistDocument {
        var lines: [Line] = []
        var h2 = ""
        var h3: String?
        var inFence = false
        var inCriteria = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if raw.hasPrefix("```") {
                inFence.toggle()
                lines.append(.text(raw))
                continue
            }
            if inFence {
                lines.append(.text(raw))
                continue
            }
            if let heading = Self.heading(raw) {
                if heading.level == 2 {
                    h2 = heading.text
                    h3 = nil
                    inCriteria = heading.text.lowercased() == "success criteria"
                } else if heading.level == 3 {
                    h3 = heading.text
                }
                lines.append(.heading(level: heading.level, text: heading.text))
                continue
            }
            let section = h3.map { h2 + ChecklistItem.separator + $0 } ?? h2
            if raw.hasPrefix("- [ ] ") || raw.hasPrefix("- [x] ") {
                lines.append(.item(ChecklistItem(section: section, text: String(raw.dropFirst(6)), checkbox: true)))
            } else if raw.hasPrefix("- "), ChecklistMapping.bullets.contains(section + ChecklistItem.separator + raw.dropFirst(2))
            {
                lines.append(.item(ChecklistItem(section: section, text: String(raw.dropFirst(2)), checkbox: false)))
            } else if inCriteria, raw.hasPrefix("✅") {
                lines.append(.criterion(raw.dropFirst().trimmingCharacters(in: .whitespaces)))
            } else {
                lines.append(.text(raw))
            }
        }
        return ChecklistDocument(lines: lines)
    }

    static func heading(_ line: String) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }
        guard !hashes.isEmpty, hashes.count <= 6, line.dropFirst(hashes.count).first == " " else { return nil }
        return (hashes.count, line.dropFirst(hashes.count + 1).trimmingCharacters(in: .whitespaces))
    }
}

/// One line of the checklist a team ticks.
public struct ChecklistItem: Sendable, Equatable, Hashable {
    public static let separator = " › "
    /// `Pre-Deployment › Code Quality`.
    public var section: String
    /// The item's words, as written (inline code included).
    public var text: String
    /// `- [ ]` (false: a key-metric bullet).
    public var checkbox: Bool

    /// `Pre-Deployment › Code Quality › All tests passing (`uv run pytest`)`: the key of the mapping.
    public var key: String { section + Self.separator + text }
}
