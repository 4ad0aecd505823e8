import PreflightCore

/// JSON Schema equality (for enum, const, uniqueItems): numbers by value, object keys in any order.
enum JSONEquality {
    static func equal(_ a: JSONValue, _ b: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 512 else { return false }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)):
            if x == y { return true }
            guard let p = SchemaNumber(x), let q = SchemaNumber(y) else { return false }
            return p == q
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1, depth: depth + 1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y.first(where: { $0.0 == key })?.1, equal(value, other, depth: depth + 1) else {
                    return false
                }
            }
            return true
        default: return false
        }
    }
}
