import PreflightCore

extension ValueBuilder {
    /// A value built from the type and constraints when no candidate fitted.
    mutating func synthesize(
        _ schema: JSONValue, _ flat: JSONValue, name: String?, path: [PathStep], refs: [String], depth: Int,
        overrides: [(String, JSONValue)]?
    ) -> JSONValue {
        let saved = (provenance, uncertain)
        var first: (value: JSONValue, provenance: [ArgumentProvenance], uncertain: [String])?
        // Tool arguments are always an object, whatever an untyped root schema would allow.
        let types = path.isEmpty && flat.schemaTypes == nil ? [.object] : Self.types(of: flat)
        for type in types {
            (provenance, uncertain) = saved
            let value: JSONValue
            switch type {
            case .object: value = buildObject(flat, path: path, refs: refs, depth: depth, overrides: overrides)
            case .array: value = buildArray(flat, name: name, path: path, refs: refs, depth: depth)
            case .string: value = buildString(flat, path: path)
            case .integer, .number: value = buildNumber(flat, integer: type == .integer, name: name, path: path)
            case .boolean, .null:
                value = type == .boolean ? .bool(false) : .null
                provenance.append(ArgumentProvenance(path: PathStep.display(path), source: .typeDefault))
            }
            if isValid(value, schema) { return value }
            if first == nil { first = (value, provenance, uncertain) }
        }
        guard let first else { return .null }
        (provenance, uncertain) = (first.provenance, first.uncertain)
        // A child already marked uncertain explains the failure; do not blame every ancestor too.
        if first.uncertain.count == saved.1.count { markUncertain(path, "no value satisfies every constraint") }
        return first.value
    }

    /// Declared types (null last), else inferred from the keywords present.
    static func types(of flat: JSONValue) -> [JSONType] {
        if let declared = flat.schemaTypes {
            return declared.filter { $0 != .null } + declared.filter { $0 == .null }
        }
        let keys = Set(flat.objectValue?.map(\.0) ?? [])
        if !keys.isDisjoint(with: ["properties", "required", "additionalProperties", "patternProperties", "minProperties"]) {
            return [.object]
        }
        if !keys.isDisjoint(with: ["items", "prefixItems", "minItems", "maxItems", "contains", "uniqueItems"]) {
            return [.array]
        }
        if !keys.isDisjoint(with: ["minLength", "maxLength", "pattern", "format"]) { return [.string] }
        if !keys.isDisjoint(with: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
            return [.number]
        }
        return [.string, .integer, .boolean, .object]
    }

    private mutating func buildObject(
        _ flat: JSONValue, path: [PathStep], refs: [String], depth: Int, overrides: [(String, JSONValue)]?
    ) -> JSONValue {
        let properties = flat.members("properties")
        let required = flat["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let given = overrides ?? []
        var keys = properties.map(\.0).filter { name in required.contains(name) || given.contains { $0.0 == name } }
        keys += required.filter { !keys.contains($0) }
        keys += given.map(\.0).filter { !keys.contains($0) }
        let minProperties = min(flat.count("minProperties") ?? 0, 64)
        for (name, _) in properties where keys.count < minProperties && !keys.contains(name) { keys.append(name) }
        var extra = 1
        while keys.count < minProperties {
            if !keys.contains("key\(extra)") { keys.append("key\(extra)") }
            extra += 1
        }
        // dependentRequired: a present property can pull in others (bounded fixpoint).
        let dependencies = flat.members("dependentRequired") + flat.members("dependencies").filter { $0.1.arrayValue != nil }
        for _ in 0..<8 {
            let before = keys.count
            for (name, needs) in dependencies where keys.contains(name) {
                keys += (needs.arrayValue?.compactMap(\.stringValue) ?? []).filter { !keys.contains($0) }
            }
            if keys.count == before { break }
        }
        var members: [(String, JSONValue)] = []
        for key in keys.prefix(256) {
            let childPath = path + [.key(key)]
            if let value = given.first(where: { $0.0 == key })?.1 {
                provenance.append(ArgumentProvenance(path: PathStep.display(childPath), source: .callerExample))
                members.append((key, value))
                continue
            }
            let sub = memberSchema(flat, key)
            members.append((key, build(sub, name: key, path: childPath, refs: refs, depth: depth + 1)))
        }
        return .object(members)
    }

    /// The subschema a property value must satisfy: properties, then patternProperties, then additionalProperties.
    func memberSchema(_ flat: JSONValue, _ key: String) -> JSONValue {
        if let sub = flat.members("properties").first(where: { $0.0 == key })?.1 { return sub }
        for (pattern, sub) in flat.members("patternProperties") where PatternMatcher.matches(pattern, key) == .match {
            return sub
        }
        if let additional = flat["additionalProperties"], additional != .bool(false) { return additional }
        return .object([])
    }

    private mutating func buildArray(
        _ flat: JSONValue, name: String?, path: [PathStep], refs: [String], depth: Int
    ) -> JSONValue {
        let prefix = flat["prefixItems"]?.arrayValue ?? flat["items"]?.arrayValue ?? []
        let rest: JSONValue? = flat["items"].flatMap { $0.arrayValue == nil ? $0 : nil } ?? flat["additionalItems"]
        let maxItems = flat.count("maxItems") ?? Int.max
        // One item is more telling than an empty list; more only when minItems demands it.
        let count = min(max(flat.count("minItems") ?? 0, 1), maxItems, 100)
        let itemName = name.map(Self.singular)
        let unique = flat["uniqueItems"]?.boolValue == true
        var items: [JSONValue] = []
        var seen: Set<String> = []
        for i in 0..<count {
            let sub = i < prefix.count ? prefix[i] : (rest ?? .object([]))
            var item = build(sub, name: itemName, path: path + [.index(i)], refs: refs, depth: depth + 1)
            if unique, seen.contains(CanonicalJSON.key(item)) { item = Self.vary(item, i) }
            seen.insert(CanonicalJSON.key(item))
            items.append(item)
        }
        if let contains = flat["contains"], !items.contains(where: { isValid($0, contains) }) {
            let index = max(items.count - 1, 0)
            let item = build(contains, name: itemName, path: path + [.index(index)], refs: refs, depth: depth + 1)
            if items.isEmpty { items.append(item) } else { items[index] = item }
        }
        return .array(items)
    }

    /// A distinct sibling of a generated item, for `uniqueItems`.
    static func vary(_ item: JSONValue, _ i: Int) -> JSONValue {
        switch item {
        case .string(let s): return .string(s + "-\(i + 1)")
        case .number(let text): return SchemaNumber(text).map { SchemaNumber($0.double + Double(i)).jsonValue } ?? item
        case .bool(let b): return .bool(!b)
        default: return item
        }
    }

    /// `files` → `file`, `entries` → `entry`, so array items get their element's name hints.
    static func singular(_ name: String) -> String {
        if name.hasSuffix("ies"), name.count > 4 { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("ses") || name.hasSuffix("xes") { return String(name.dropLast(2)) }
        if name.hasSuffix("s"), !name.hasSuffix("ss"), name.count > 2 { return String(name.dropLast()) }
        return name
    }
}
