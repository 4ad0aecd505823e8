/// An inline suppression comment: `# preflight: ignore[docker.healthcheck] stdio only`.
/// It applies to its own line and to the next line; `ignore-file[...]` applies to the whole file.
/// A reason is required: a suppression without one is not honoured (and the report says so).
public struct Suppression: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var ids: [CheckID]
    public var reason: String
    public var wholeFile: Bool

    public init(path: String, line: Int, ids: [CheckID], reason: String, wholeFile: Bool = false) {
        self.path = path
        self.line = line
        self.ids = ids
        self.reason = reason
        self.wholeFile = wholeFile
    }

    public func covers(_ id: CheckID, at location: Location) -> Bool {
        guard location.path == path, ids.contains(id) else { return false }
        if wholeFile { return true }
        guard let target = location.line else { return false }
        return target == line || target == line + 1
    }

    /// Finds suppression comments in a file's text; `#` and `//` comments both count.
    public static func scan(_ text: String, path: String) -> [Suppression] {
        guard ByteSearch.contains(text, "preflight:") else { return [] }
        var found: [Suppression] = []
        var lineNumber = 0
        // "\r\n" is one Character: splitting on "\n" alone would leave a CRLF file as one line.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            guard let marker = rawLine.range(of: "preflight:") else { continue }
            let before = rawLine[..<marker.lowerBound]
            guard before.contains("#") || before.contains("//") else { continue }
            var rest = rawLine[marker.upperBound...].drop { $0 == " " }
            let wholeFile: Bool
            if rest.hasPrefix("ignore-file[") {
                wholeFile = true
                rest = rest.dropFirst("ignore-file[".count)
            } else if rest.hasPrefix("ignore[") {
                wholeFile = false
                rest = rest.dropFirst("ignore[".count)
            } else {
                continue
            }
            guard let close = rest.firstIndex(of: "]") else { continue }
            let ids = rest[..<close].split(separator: ",").map { CheckID(String($0).trimmed) }.filter { !$0.rawValue.isEmpty }
            let reason = String(rest[rest.index(after: close)...]).trimmed
            found.append(Suppression(path: path, line: lineNumber, ids: ids, reason: reason, wholeFile: wholeFile))
        }
        return found
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (and newlines).
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
