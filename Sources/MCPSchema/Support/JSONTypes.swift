import PreflightCore

/// The seven JSON Schema type names and how instances map onto them.
enum JSONType: String, CaseIterable, Sendable {
    case null, boolean, object, array, number, string, integer

    /// Whether `value` is of this type (`integer` accepts `1.0`; `number` accepts integers).
    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.string, .string): return true
        case (.number, .number): return true
        case (.integer, .number(let text)): return SchemaNumber(text)?.isInteger ?? false
        default: return false
        }
    }

    /// The most specific type name of a value, for messages.
    static func name(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number(let text): return SchemaNumber(text)?.isInteger == true ? "integer" : "number"
        }
    }
}

extension JSONValue {
    /// The `type` keyword as a list (a single name or an array of names); nil when absent or malformed.
    var schemaTypes: [JSONType]? {
        switch self["type"] {
        case .string(let name)?: return JSONType(rawValue: name).map { [$0] }
        case .array(let names)?:
            let types = names.compactMap { $0.stringValue.flatMap(JSONType.init(rawValue:)) }
            return types.isEmpty ? nil : types
        default: return nil
        }
    }

    /// Members of an object schema keyword such as `properties`.
    func members(_ keyword: String) -> [(String, JSONValue)] { self[keyword]?.objectValue ?? [] }

    func number(_ keyword: String) -> SchemaNumber? { self[keyword].flatMap { SchemaNumber($0) } }

    func count(_ keyword: String) -> Int? {
        guard let n = number(keyword), n.isInteger, n.double >= 0 else { return nil }
        return n.double > Double(Int.max / 2) ? Int.max / 2 : Int(n.double)
    }

    var isObject: Bool { if case .object = self { return true } else { return false } }
}

extension String {
    /// Length in Unicode code points, as JSON Schema counts string length.
    var codePointCount: Int { unicodeScalars.count }
}
