import PreflightCore

/// A text key equal for JSON-Schema-equal values (numbers by value, keys sorted), so
/// `uniqueItems` runs in linear time instead of comparing every pair.
enum CanonicalJSON {
    static func key(_ value: JSONValue, depth: Int = 0) -> String {
        guard depth < 512 else { return "…" }
        switch value {
        case .null: return "n"
        case .bool(let b): return b ? "t" : "f"
        case .string(let s):
            var out = "s"
            JSONWriter.writeString(s, into: &out)
            return out
        case .number(let text): return "d" + (SchemaNumber(text)?.text ?? text)
        case .array(let items): return "[" + items.map { key($0, depth: depth + 1) }.joined(separator: ",") + "]"
        case .object(let members):
            let parts = members.sorted { $0.0 < $1.0 }.map { member -> String in
                var k = ""
                JSONWriter.writeString(member.0, into: &k)
                return k + ":" + key(member.1, depth: depth + 1)
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
    }
}
