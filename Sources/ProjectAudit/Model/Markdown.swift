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
        let lines = text.lineSlices.map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var parser = DocumentParser(lines: lines)
        let lower = path.lowercased()
        if lower.hasSuffix(".rst") || lower.hasSuffix(".rest") {
            parser.parseRST()
        } else if lower.hasSuffix(".adoc") || lower.hasSuffix(".asciidoc") {
            parser.parseAsciiDoc()
        } else {
            parser.parseMarkdown()
        }
        self.headings = parser.headings
        self.codeBlocks = parser.blocks
        self.prose = parser.prose.joined(separator: "\n")
    }

    /// The first heading whose text contains any of the words (case-insensitive, whole words).
    public func heading(matching words: [String]) -> Heading? {
        headings.first { Self.matches($0.text, words) }
    }

    /// Whether a heading's text contains any of the words (whole words; phrases as substrings).
    public static func matches(_ text: String, _ words: [String]) -> Bool {
        let lower = text.lowercased()
        let tokens = Set(lower.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        return words.contains { word in word.contains(" ") ? lower.contains(word) : tokens.contains(word) }
    }

    /// The body of the section under `heading`, up to the next heading of the same or a higher level.
    public func section(under heading: Heading) -> String {
        let lines = text.lineSlices
        let next = headings.first { $0.line > heading.line && $0.level <= heading.level }?.line ?? (lines.count + 1)
        let start = min(heading.line, lines.count)
        let end = max(start, min(next - 1, lines.count))
        return lines[start..<end].joined(separator: "\n")
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}

/// Headings, code blocks and prose of Markdown (and MDX), reStructuredText and AsciiDoc. YAML or
/// TOML front matter is metadata, never a section.
struct DocumentParser {
    var lines: [Substring]
    var headings: [MarkdownDocument.Heading] = []
    var blocks: [MarkdownDocument.CodeBlock] = []
    var prose: [Substring] = []

    init(lines: [Substring]) { self.lines = lines }

    /// Index of the first line after front matter (`---` … `---`/`...`, or `+++` … `+++`) at the very top.
    var bodyStart: Int {
        guard let first = lines.first?.trimmed, first == "---" || first == "+++" else { return 0 }
        for i in 1..<lines.count {
            let t = lines[i].trimmed
            if t == first || (first == "---" && t == "...") { return i + 1 }
        }
        return 0
    }

    mutating func parseMarkdown() {
        var fence: (marker: String, info: String, line: Int, body: [Substring])?
        let start = bodyStart
        for i in start..<lines.count {
            let line = lines[i]
            let t = line.drop { $0 == " " }
            if var open = fence {
                if t.hasPrefix(open.marker), t.drop(while: { $0 == open.marker.first }).trimmed.isEmpty {
                    blocks.append(.init(info: open.info, text: open.body.joined(separator: "\n"), line: open.line))
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
                    headings.append(.init(level: level, text: title, line: i + 1))
                }
            } else if let html = Self.htmlHeading(t) {
                headings.append(.init(level: html.level, text: html.text, line: i + 1))
            } else if i > start, !t.isEmpty, t.allSatisfy({ $0 == "=" }) || (t.count >= 2 && t.allSatisfy { $0 == "-" }) {
                // Setext heading: the previous non-empty line is its text.
                let previous = lines[i - 1].trimmed
                if !previous.isEmpty, !previous.hasPrefix("#") {
                    headings.append(.init(level: t.first == "=" ? 1 : 2, text: previous, line: i))
                }
            }
        }
        if let open = fence { blocks.append(.init(info: open.info, text: open.body.joined(separator: "\n"), line: open.line)) }
    }

    /// `<h2>Installation</h2>` or `<h2 align="center">Setup</h2>` on one line.
    static func htmlHeading(_ line: Substring) -> (level: Int, text: String)? {
        guard line.utf8.first == UInt8(ascii: "<") else { return nil }  // before lowercasing every line
        let lower = line.lowercased()
        guard lower.hasPrefix("<h"), let digit = lower.dropFirst(2).first, let level = Int(String(digit)),
            (1...6).contains(level),
            let open = lower.firstIndex(of: ">"), let close = lower.range(of: "</h\(level)")
        else { return nil }
        guard open < close.lowerBound else { return nil }
        var inner = String(lower[lower.index(after: open)..<close.lowerBound])
        // Strip inline tags (`<a>`, `<img>`) from the title.
        while let lt = inner.firstIndex(of: "<"), let gt = inner[lt...].firstIndex(of: ">") { inner.removeSubrange(lt...gt) }
        let title = inner.trimmed
        return title.isEmpty ? nil : (level, title)
    }

    static let rstAdornments: Set<Character> = Set("=-~^\"'`#*+:._!$%&,;<>?@[]{|}/\\")

    static func isAdornment(_ line: Substring) -> Bool {
        let t = line.trimmed
        guard t.count >= 3, let c = t.first, rstAdornments.contains(c), line.first == c else { return false }
        return t.allSatisfy { $0 == c }
    }

    mutating func parseRST() {
        var styles: [String] = []
        var i = bodyStart
        while i < lines.count {
            let line = lines[i]
            let t = line.trimmed
            // Literal blocks: `.. code-block:: bash` or a paragraph ending in `::`, then an indented body.
            let lowerT = t.lowercased()
            let directive = ["code-block::", "code::", "sourcecode::", "prompt::"].first { lowerT.hasPrefix(".. " + $0) }
            if directive != nil || (t.hasSuffix("::") && !t.hasPrefix("..")) {
                prose.append(line)
                let info = directive.map { String(t.dropFirst(3 + $0.count)).trimmed } ?? ""
                var body: [Substring] = []
                var j = i + 1
                // Directive options (`:linenos:`) and blank lines before the body.
                while j < lines.count, lines[j].trimmed.isEmpty || (lines[j].first == " " && lines[j].trimmed.hasPrefix(":")) {
                    j += 1
                }
                while j < lines.count, lines[j].trimmed.isEmpty || lines[j].first == " " || lines[j].first == "\t" {
                    body.append(lines[j])
                    j += 1
                }
                if !body.isEmpty {
                    let indent =
                        body.filter { !$0.trimmed.isEmpty }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
                    let text = body.map { $0.dropFirst(min(indent, $0.count)) }.joined(separator: "\n")
                    blocks.append(.init(info: info, text: text, line: i + 2))
                }
                i = max(j, i + 1)
                continue
            }
            prose.append(line)
            if Self.isAdornment(line), i > bodyStart, !lines[i - 1].trimmed.isEmpty, !Self.isAdornment(lines[i - 1]),
                lines[i - 1].first != " "
            {
                let overline = i >= 2 && Self.isAdornment(lines[i - 2]) && lines[i - 2].trimmed.first == t.first
                let style = String(t.first ?? "=") + (overline ? "o" : "u")
                if !styles.contains(style) { styles.append(style) }
                let level = (styles.firstIndex(of: style) ?? 0) + 1
                headings.append(.init(level: level, text: lines[i - 1].trimmed, line: i))
            }
            i += 1
        }
    }

    mutating func parseAsciiDoc() {
        var delimiter: (marker: String, line: Int, body: [Substring])?
        for i in bodyStart..<lines.count {
            let line = lines[i]
            let t = line.trimmed
            if var open = delimiter {
                if t == open.marker {
                    blocks.append(.init(info: "", text: open.body.joined(separator: "\n"), line: open.line))
                    delimiter = nil
                } else {
                    open.body.append(line)
                    delimiter = open
                }
                continue
            }
            if t.count >= 4, t.allSatisfy({ $0 == "-" }) || t.allSatisfy({ $0 == "." }) || t.hasPrefix("```") {
                delimiter = (t.hasPrefix("```") ? "```" : t, i + 1, [])
                continue
            }
            prose.append(line)
            let level = t.prefix { $0 == "=" }.count
            if (1...6).contains(level), t.dropFirst(level).first == " " {
                headings.append(.init(level: level, text: String(t.dropFirst(level)).trimmed, line: i + 1))
            }
        }
        if let open = delimiter { blocks.append(.init(info: "", text: open.body.joined(separator: "\n"), line: open.line)) }
    }
}
