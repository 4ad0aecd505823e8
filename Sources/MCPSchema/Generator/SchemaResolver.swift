import PreflightCore

/// Flattens a subschema for value synthesis: follows `$ref`s (with a cycle guard), merges
/// `allOf`, and can fold in one `anyOf`/`oneOf` branch. The result only guides synthesis;
/// every generated value is still validated against the original schema.
struct SchemaResolver {
    let root: JSONValue

    /// Follows `$ref` chains; siblings of `$ref` (2019+ semantics) are merged over the target.
    /// Returns nil when a reference is unresolvable or already on `stack` (a cycle).
    func deref(_ schema: JSONValue, stack: inout [String]) -> JSONValue? {
        var current = schema
        var hops = 0
        while case .string(let ref)? = current["$ref"] {
            hops += 1
            guard hops <= 32, !stack.contains(ref), let (target, _) = SchemaRefs.resolve(ref, in: root) else { return nil }
            stack.append(ref)
            let siblings = current.objectValue?.filter { $0.0 != "$ref" } ?? []
            current = siblings.isEmpty ? target : Self.merge(target, .object(siblings))
        }
        return current
    }

    /// `deref` plus `allOf` merged into one object schema (nested allOfs up to a small depth).
    func flatten(_ schema: JSONValue, stack: inout [String], depth: Int = 0) -> JSONValue? {
        guard depth < 16, var current = deref(schema, stack: &stack) else { return nil }
        if case .bool(true) = current { return .object([]) }
        guard let all = current["allOf"]?.arrayValue, let members = current.objectValue else { return current }
        current = .object(members.filter { $0.0 != "allOf" })
        for sub in all {
            var branchStack = stack
            guard let flat = flatten(sub, stack: &branchStack, depth: depth + 1) else { return nil }
            current = Self.merge(current, flat)
        }
        return current
    }

    /// The `anyOf`/`oneOf` alternatives of a flattened schema, non-null branches first (a null
    /// argument is valid but tells nothing), each merged with the schema's own keywords.
    func branches(of schema: JSONValue) -> [JSONValue] {
        let keyword = schema["anyOf"] != nil ? "anyOf" : "oneOf"
        guard let alternatives = schema[keyword]?.arrayValue, let members = schema.objectValue else { return [] }
        let base = JSONValue.object(members.filter { $0.0 != keyword })
        let ordered = alternatives.filter { !Self.isNullOnly($0) } + alternatives.filter(Self.isNullOnly)
        return ordered.map { Self.merge(base, $0) }
    }

    static func isNullOnly(_ schema: JSONValue) -> Bool {
        schema["type"] == .string("null") || schema["const"] == .null
    }

    /// Conjunction of two object schemas, approximately: bounds tighten, sets intersect, lists union.
    static func merge(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        guard case .object(var out) = a else { return b }
        guard case .object(let extra) = b else { return a == .bool(false) || b == .bool(false) ? .bool(false) : a }
        func index(_ key: String) -> Int? { out.firstIndex { $0.0 == key } }
        for (key, value) in extra {
            guard let i = index(key) else {
                out.append((key, value))
                continue
            }
            let mine = out[i].1
            switch key {
            case "properties", "patternProperties", "$defs", "definitions":
                var merged = mine.objectValue ?? []
                for (name, sub) in value.objectValue ?? [] {
                    if let j = merged.firstIndex(where: { $0.0 == name }) {
                        merged[j].1 = .object([("allOf", .array([merged[j].1, sub]))])
                    } else {
                        merged.append((name, sub))
                    }
                }
                out[i].1 = .object(merged)
            case "required":
                var names = mine.arrayValue ?? []
                for name in value.arrayValue ?? [] where !names.contains(name) { names.append(name) }
                out[i].1 = .array(names)
            case "type":
                out[i].1 = intersectTypes(mine, value)
            case "enum":
                let theirs = value.arrayValue ?? []
                out[i].1 = .array((mine.arrayValue ?? []).filter { v in theirs.contains { JSONEquality.equal(v, $0) } })
            case "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties":
                if let x = SchemaNumber(mine), let y = SchemaNumber(value), x < y { out[i].1 = value }
            case "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties":
                if let x = SchemaNumber(mine), let y = SchemaNumber(value), y < x { out[i].1 = value }
            case "additionalProperties":
                if value == .bool(false) { out[i].1 = value }
            case "description":
                if let x = mine.stringValue, let y = value.stringValue, x != y { out[i].1 = .string(x + "\n" + y) }
            case "items", "not", "contains", "propertyNames":
                out[i].1 = .object([("allOf", .array([mine, value]))])
            case "allOf":
                out[i].1 = .array((mine.arrayValue ?? []) + (value.arrayValue ?? []))
            default:
                break  // first wins; validation of the result catches real conflicts
            }
        }
        return .object(out)
    }

    private static func intersectTypes(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        func names(_ v: JSONValue) -> [String] { v.stringValue.map { [$0] } ?? v.arrayValue?.compactMap(\.stringValue) ?? [] }
        let theirs = Set(names(b))
        var result: [String] = []
        for name in names(a) {
            if theirs.contains(name) {
                result.append(name)
            } else if name == "number", theirs.contains("integer") {
                result.append("integer")
            } else if name == "integer", theirs.contains("number") {
                result.append("integer")
            }
        }
        return result.count == 1 ? .string(result[0]) : .array(result.map { .string($0) })
    }
}
