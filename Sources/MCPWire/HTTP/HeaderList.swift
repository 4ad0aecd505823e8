/// Header lines in order, duplicates allowed, names compared case-insensitively: the wire layer
/// sends exactly these lines (a missing, doubled or contradictory header is sent on purpose).
public struct HeaderList: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    public struct Line: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var lines: [Line]

    public init(_ lines: [Line] = []) { self.lines = lines }
    public init(_ pairs: [(String, String)]) { lines = pairs.map { Line($0.0, $0.1) } }
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }
    /// `[("Name", "value"), …]`: a name may repeat.
    public init(arrayLiteral elements: (String, String)...) { self.init(elements) }

    public func makeIterator() -> IndexingIterator<[Line]> { lines.makeIterator() }
    public var isEmpty: Bool { lines.isEmpty }

    /// The first value of `name`.
    public subscript(name: String) -> String? { lines.first { $0.name.lowercased() == name.lowercased() }?.value }

    public func values(_ name: String) -> [String] {
        lines.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Replaces every line of `name` by one (where the first one was, else at the end).
    public mutating func set(_ name: String, _ value: String) {
        if let first = lines.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            lines[first] = Line(name, value)
            let rest = lines.indices.filter { $0 > first && lines[$0].name.lowercased() == name.lowercased() }
            for index in rest.reversed() { lines.remove(at: index) }
        } else {
            lines.append(Line(name, value))
        }
    }

    public mutating func add(_ name: String, _ value: String) { lines.append(Line(name, value)) }
    public mutating func remove(_ name: String) { lines.removeAll { $0.name.lowercased() == name.lowercased() } }

    public func setting(_ name: String, _ value: String) -> HeaderList {
        var copy = self
        copy.set(name, value)
        return copy
    }

    public func adding(_ name: String, _ value: String) -> HeaderList {
        var copy = self
        copy.add(name, value)
        return copy
    }

    public func removing(_ name: String) -> HeaderList {
        var copy = self
        copy.remove(name)
        return copy
    }

    /// Every line of `other` replaces this list's lines of the same name.
    public func merging(_ other: HeaderList) -> HeaderList {
        var copy = self
        for name in Set(other.lines.map { $0.name.lowercased() }) { copy.remove(name) }
        copy.lines += other.lines
        return copy
    }

    /// Total size as on the wire (`Name: value\r\n` per line).
    public var byteCount: Int { lines.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } }
}
