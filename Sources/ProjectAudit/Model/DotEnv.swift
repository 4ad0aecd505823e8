import PreflightCore

/// A `.env`-style file: `KEY=value`, `export KEY=value`, comments and quotes.
public struct DotEnvFile: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var value: String
        public var line: Int
        /// The comment lines right above the entry (its documentation).
        public var comment: String

        /// An entry left empty and not documented as optional is one the server needs.
        public var looksRequired: Bool { value.isEmpty && !comment.lowercased().contains("optional") }
    }

    public var path: String
    public var entries: [Entry]
    /// Lines that are neither blank, comments nor assignments.
    public var malformedLines: [Int]

    public var keys: Set<String> { Set(entries.map(\.key)) }
    /// Variables listed commented out (`# NAME=default`), the usual way to mark optional ones.
    public var commentedKeys: Set<String>
    /// Every variable the template names, set or commented out: what "listed in .env.example" means to
    /// every check.
    public var listedKeys: Set<String> { keys.union(commentedKeys) }

    public init(path: String, text: String) {
        self.path = path
        var entries: [Entry] = []
        var malformed: [Int] = []
        var comment: [String] = []
        var commented: Set<String> = []
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineFeed).enumerated() {
            var line = raw.trimmed
            if line.isEmpty {
                comment = []
                continue
            }
            if line.hasPrefix("#") {
                comment.append(String(line.dropFirst()))
                if let key = Self.commentedKey(line) { commented.insert(key) }
                continue
            }
            defer { comment = [] }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmed }
            guard let eq = line.firstIndex(of: "=") else {
                malformed.append(i + 1)
                continue
            }
            let key = line[..<eq].trimmed
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else {
                malformed.append(i + 1)
                continue
            }
            var value = line[line.index(after: eq)...].trimmed
            if let q = value.first, q == "\"" || q == "'", let close = value.dropFirst().firstIndex(of: q) {
                value = String(value[value.index(after: value.startIndex)..<close])
            } else if let hash = value.range(of: " #") {
                value = String(value[..<hash.lowerBound]).trimmed
            }
            entries.append(Entry(key: key, value: value, line: i + 1, comment: comment.joined(separator: "\n")))
        }
        self.entries = entries
        self.malformedLines = malformed
        self.commentedKeys = commented
    }

    /// `# NAME=value`, `#NAME=`, `# export NAME=value`: the name; nil for prose.
    static func commentedKey(_ line: String) -> String? {
        var rest = line.drop { $0 == "#" || $0.isWhitespace }.trimmed
        if rest.hasPrefix("export ") { rest = String(rest.dropFirst(7)).trimmed }
        guard let eq = rest.firstIndex(of: "=") else { return nil }
        let key = rest[..<eq].trimmed
        guard !key.isEmpty, key.first?.isNumber == false, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            return nil
        }
        return key
    }
}
