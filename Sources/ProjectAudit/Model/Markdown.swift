import PreflightCore

/// Just enough Markdown structure for documentation checks: headings, sections and code blocks.
public struct MarkdownDocument: Sendable {
    public struct Heading: Sendable {
        public var level: Int
        public var text: String
        public var line: Int
    }

    public struct CodeBlock: Sendable {
        public var info: String
        public var text: String
        public var line: Int
    }

    public var path: String
    public var text: String
    public var headings: [Heading]
    public var codeBlocks: [CodeBlock]
    /// The text outside fenced code blocks.
    public var prose: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var headings: [Heading] = []
        var blocks: [CodeBlock] = []
        var prose: [Substring] = []
        var fence: (marker: String, info: String, line: Int, body: [Substring])?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineFeed)
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let t = line.drop { $0 == " " }
            if var open = fence {
                if t.hasPrefix(open.marker), t.drop(while: { $0 == open.marker.first }).trimmed.isEmpty {
                    blocks.append(CodeBlock(info: open.info, text: open.body.joined(separator: "\n"), line: open.line))
                    fence = nil
                } else {
                    open.body.append(line)
                    fence = open
                }
                continue
            }
            if t.hasPrefix("```") || t.hasPrefix("~~~") {
                let char = t.first ?? "`"
                let marker = String(t.prefix { $0 == char })
                fence = (marker, String(t.dropFirst(marker.count)).trimmed, i + 1, [])
                continue
            }
            prose.append(line)
            if t.hasPrefix("#") {
                let level = t.prefix { $0 == "#" }.count
                let rest = t.dropFirst(level)
                if level <= 6, rest.isEmpty || rest.first == " " {
                    let title = rest.trimmed.trimmingCharacters(in: ["#", " "])
                    headings.append(Heading(level: level, text: title, line: i + 1))
                }
            } else if i > 0, !t.isEmpty, t.allSatisfy({ $0 == "=" }) || (t.count >= 2 && t.allSatisfy { $0 == "-" }) {
                // Setext heading: the previous non-empty line is its text.
                let previous = lines[i - 1].trimmed
                if !previous.isEmpty, !previous.hasPrefix("#") {
                    headings.append(Heading(level: t.first == "=" ? 1 : 2, text: previous, line: i))
                }
            }
        }
        if let open = fence {
            blocks.append(CodeBlock(info: open.info, text: open.body.joined(separator: "\n"), line: open.line))
        }
        self.headings = headings
        self.codeBlocks = blocks
        self.prose = prose.joined(separator: "\n")
    }

    /// The first heading whose text contains any of the words (case-insensitive, whole words).
    public func heading(matching words: [String]) -> Heading? {
        headings.first { heading in
            let lower = heading.text.lowercased()
            let tokens = Set(lower.split { !$0.isLetter && !$0.isNumber }.map(String.init))
            return words.contains { word in word.contains(" ") ? lower.contains(word) : tokens.contains(word) }
        }
    }

    /// The body of the section under `heading`, up to the next heading of the same or a higher level.
    public func section(under heading: Heading) -> String {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineFeed)
        let next = headings.first { $0.line > heading.line && $0.level <= heading.level }?.line ?? (lines.count + 1)
        let start = min(heading.line, lines.count)
        let end = max(start, min(next - 1, lines.count))
        return lines[start..<end].joined(separator: "\n")
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
