import TOMLKit

public struct TOMLDocumentError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var description: String { "line \(line): \(message)" }
}

/// Parses TOML into the Sendable `JSONValue` tree, so parsed config can cross concurrency domains.
/// Keys come out sorted (the underlying parser keeps tables as ordered maps).
public enum TOMLDocument {
    public static func parse(_ text: String) throws(TOMLDocumentError) -> JSONValue {
        // TOMLKit hands NUL-terminated strings to C; a NUL would silently truncate the document.
        if let nul = text.utf8.firstIndex(of: 0) {
            let line = text.utf8[..<nul].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw TOMLDocumentError(message: "NUL byte in TOML document", line: line)
        }
        if let line = badArrayTableHeader(text) {
            throw TOMLDocumentError(message: "invalid array-of-tables header: expected a key after '[['", line: line)
        }
        do {
            return convert(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw TOMLDocumentError(message: error.description, line: max(1, error.source.begin.line))
        } catch {
            throw TOMLDocumentError(message: "\(error)", line: 1)
        }
    }

    /// toml++ asserts (undefined behaviour in release) when `[[` is followed by neither a key nor `]`,
    /// e.g. `[[[`, so such a line is refused before it gets there (even inside a multi-line string).
    static func badArrayTableHeader(_ text: String) -> Int? {
        for (index, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let rest = line.drop { $0 == 0x20 || $0 == 0x09 }
            guard rest.starts(with: [0x5B, 0x5B]) else { continue }
            guard let next = rest.dropFirst(2).first(where: { $0 != 0x20 && $0 != 0x09 }) else { return index + 1 }
            let keyStart =
                (0x30...0x39).contains(next) || (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next)
                || [0x5F, 0x2D, 0x22, 0x27, 0x5D].contains(next)
            if !keyStart { return index + 1 }
        }
        return nil
    }

    static func convert(_ table: TOMLTable) -> JSONValue {
        var members: [(String, JSONValue)] = []
        for (key, value) in table { members.append((key, convert(value))) }
        return .object(members)
    }

    static func convert(_ value: any TOMLValueConvertible) -> JSONValue {
        switch value.type {
        case .table: return value.table.map(convert) ?? .null
        case .array: return .array(value.array.map { $0.map(convert) } ?? [])
        case .string: return value.string.map { .string($0) } ?? .null
        case .int: return value.int.map { .int($0) } ?? .null
        case .double: return value.double.map { .double($0, digits: 6) } ?? .null
        case .bool: return value.bool.map { .bool($0) } ?? .null
        case .date, .time, .dateTime: return .string(value.debugDescription)
        }
    }
}
