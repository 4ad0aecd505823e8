import PreflightCore

/// A `.env`-style file: `KEY=value`, `export KEY=value`, comments and quotes.
public struct DotEnvFile: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var value: String
        public var line: Int
        /// The comment lines right above the entry (its documentation).
        public var comment: String
        /// Commented out (`# NAME=default`): documented, and optional.
        public var commented = false

        /// An entry left empty and not documented as optional is one the server needs.
        public var looksRequired: Bool { !commented && value.isEmpty && !comment.lowercased().contains("optional") }
    }

    public var path: String
    /// The assignments (`NAME=value`, `export NAME=value`).
    public var entries: [Entry]
    /// Commented-out assignments (`# NAME=default`, `#NAME=`), the usual way a template lists an
    /// optional variable: documented like an entry, never required, and never a value in use.
    public var commentedEntries: [Entry]
    /// Lines that are neither blank, comments nor assignments.
    public var malformedLines: [Int]

    /// Every name the file documents, commented-out entries included: what every check that reads
    /// `.env.example` means by "listed".
    public var keys: Set<String> { Set((entries + commentedEntries).map(\.key)) }

    public init(path: String, text: String) {
        self.path = path
        var entries: [Entry] = []
        var commented: [Entry] = []
        var malformed: [Int] = []
        var comment: [String] = []
        for (i, raw) in text.lineSlices.enumerated() {
            var line = raw.trimmed
            if line.isEmpty {
                comment = []
                continue
            }
            if line.hasPrefix("#") {
                if let entry = Self.commentedAssignment(line, line: i + 1, comment: comment) {
                    commented.append(entry)
                } else {
                    comment.append(String(line.dropFirst()))
                }
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
        self.commentedEntries = commented
        self.malformedLines = malformed
    }

    /// `# NAME=value` or `#export NAME=`, where NAME is a whole identifier (prose such as
    /// `# Set DEBUG=1 to trace` is not an assignment).
    static func commentedAssignment(_ text: String, line: Int, comment: [String]) -> Entry? {
        var body = text.drop { $0 == "#" }.trimmed
        if body.hasPrefix("export ") { body = String(body.dropFirst("export ".count)).trimmed }
        guard let eq = body.firstIndex(of: "=") else { return nil }
        let key = body[..<eq]
        guard let first = key.first, first.isLetter || first == "_",
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return nil }
        var value = body[body.index(after: eq)...].trimmed
        if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]).trimmed }
        return Entry(key: String(key), value: value, line: line, comment: comment.joined(separator: "\n"), commented: true)
    }
}
