import PreflightCore

extension SchemaValidator {
    /// Structural problems of a tool `inputSchema`: the top must be an object schema with
    /// `type: "object"`, keywords must have the right JSON types, regexes must compile and
    /// `$ref`s must resolve locally. Empty means usable. Paths point into the schema.
    public static func checkSchema(_ schema: JSONValue, maxDepth: Int = 64) -> [SchemaError] {
        var checker = SchemaChecker(root: schema, maxDepth: maxDepth)
        guard schema.isObject else {
            return [
                SchemaError(
                    path: "", schemaPath: "", message: "inputSchema must be a JSON object, got \(JSONType.name(of: schema))")
            ]
        }
        if schema["type"] != .string("object") {
            let got = schema["type"].map { Evaluation.preview($0) } ?? "no type"
            checker.fail("", "top-level \"type\" must be \"object\" (got \(got))")
        }
        checker.check(schema, at: "", depth: 0)
        return checker.errors
    }
}

/// Walks a schema document once, bounded in depth and in nodes visited.
struct SchemaChecker {
    let root: JSONValue
    let maxDepth: Int
    var errors: [SchemaError] = []
    var visited = 0
    var patterns = PatternMatcher()

    static let schemaKeywords: Set<String> = [
        "additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    static let schemaMapKeywords: Set<String> = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]
    static let schemaListKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    static let countKeywords: Set<String> = [
        "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains",
    ]
    static let stringKeywords: Set<String> = [
        "format", "title", "description", "$schema", "$id", "$anchor", "$comment", "contentMediaType", "contentEncoding",
    ]
    static let boolKeywords: Set<String> = ["uniqueItems", "readOnly", "writeOnly", "deprecated"]

    init(root: JSONValue, maxDepth: Int) {
        self.root = root
        self.maxDepth = maxDepth
    }

    static func isCount(_ value: JSONValue) -> Bool {
        guard let n = SchemaNumber(value) else { return false }
        return n.isInteger && n.double >= 0
    }

    mutating func fail(_ path: String, _ message: String) {
        if errors.count < 500 { errors.append(SchemaError(path: path, schemaPath: path, message: message)) }
    }

    mutating func check(_ schema: JSONValue, at path: String, depth: Int) {
        visited += 1
        guard visited <= 100_000 else {
            if visited == 100_001 { fail(path, "schema too large to check (more than 100000 subschemas)") }
            return
        }
        guard depth <= maxDepth else { return fail(path, "schema nested deeper than \(maxDepth) levels") }
        guard case .object(let members) = schema else {
            if case .bool = schema { return }
            return fail(path, "a schema must be an object or boolean, got \(JSONType.name(of: schema))")
        }
        for (keyword, value) in members {
            checkKeyword(keyword, value, at: JSONPointer.append(path, keyword), depth: depth)
        }
    }

    private mutating func checkKeyword(_ keyword: String, _ value: JSONValue, at path: String, depth: Int) {
        switch keyword {
        case _ where Self.schemaKeywords.contains(keyword):
            check(value, at: path, depth: depth + 1)
        case "items":
            if let list = value.arrayValue {
                for (i, sub) in list.enumerated() { check(sub, at: JSONPointer.append(path, i), depth: depth + 1) }
            } else {
                check(value, at: path, depth: depth + 1)
            }
        case _ where Self.schemaMapKeywords.contains(keyword):
            guard let map = value.objectValue else { return fail(path, "\(keyword) must be an object of schemas") }
            for (name, sub) in map {
                if keyword == "patternProperties", case .failure(let error) = patterns.compile(name) {
                    fail(JSONPointer.append(path, name), error.message)
                }
                check(sub, at: JSONPointer.append(path, name), depth: depth + 1)
            }
        case "dependencies":
            guard let map = value.objectValue else { return fail(path, "dependencies must be an object") }
            for (name, sub) in map where sub.arrayValue == nil {
                check(sub, at: JSONPointer.append(path, name), depth: depth + 1)
            }
        case _ where Self.schemaListKeywords.contains(keyword):
            guard let list = value.arrayValue else { return fail(path, "\(keyword) must be an array of schemas") }
            if list.isEmpty && keyword != "prefixItems" { fail(path, "\(keyword) must not be empty") }
            for (i, sub) in list.enumerated() { check(sub, at: JSONPointer.append(path, i), depth: depth + 1) }
        case _ where Self.countKeywords.contains(keyword):
            if !Self.isCount(value) { fail(path, "\(keyword) must be a non-negative integer") }
        case "minimum", "maximum":
            if SchemaNumber(value) == nil { fail(path, "\(keyword) must be a number") }
        case "exclusiveMinimum", "exclusiveMaximum":
            if SchemaNumber(value) == nil && value.boolValue == nil { fail(path, "\(keyword) must be a number") }
        case "multipleOf":
            if !(SchemaNumber(value).map { $0.double > 0 } ?? false) { fail(path, "multipleOf must be a number greater than 0") }
        case "type": checkType(value, at: path)
        case "enum":
            guard let list = value.arrayValue else { return fail(path, "enum must be an array") }
            if list.isEmpty { fail(path, "enum is empty, so no value is valid") }
        case "required":
            checkNameList(value, at: path, keyword: keyword)
        case "dependentRequired":
            guard let map = value.objectValue else { return fail(path, "dependentRequired must be an object") }
            for (name, list) in map { checkNameList(list, at: JSONPointer.append(path, name), keyword: keyword) }
        case "pattern":
            guard let pattern = value.stringValue else { return fail(path, "pattern must be a string") }
            if case .failure(let error) = patterns.compile(pattern) { fail(path, error.message) }
        case "$ref": checkRef(value, at: path)
        case "examples":
            if value.arrayValue == nil { fail(path, "examples must be an array") }
        case _ where Self.stringKeywords.contains(keyword):
            if value.stringValue == nil { fail(path, "\(keyword) must be a string") }
        case _ where Self.boolKeywords.contains(keyword):
            if value.boolValue == nil { fail(path, "\(keyword) must be a boolean") }
        default:
            break  // const, default, unknown keywords and annotations accept any JSON
        }
    }

    private mutating func checkType(_ value: JSONValue, at path: String) {
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let list) where !list.isEmpty: names = list
        default: return fail(path, "type must be a type name or a non-empty array of them")
        }
        var seen: Set<String> = []
        for name in names {
            guard let text = name.stringValue, JSONType(rawValue: text) != nil else {
                fail(
                    path,
                    "unknown type \(Evaluation.preview(name)); expected one of \(JSONType.allCases.map(\.rawValue).joined(separator: ", "))"
                )
                continue
            }
            if !seen.insert(text).inserted { fail(path, "type lists \"\(text)\" twice") }
        }
    }

    private mutating func checkNameList(_ value: JSONValue, at path: String, keyword: String) {
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            return fail(path, "\(keyword) must be an array of strings")
        }
        if Set(list.compactMap(\.stringValue)).count != list.count { fail(path, "\(keyword) lists a name twice") }
    }

    private mutating func checkRef(_ value: JSONValue, at path: String) {
        guard let ref = value.stringValue else { return fail(path, "$ref must be a string") }
        guard ref.hasPrefix("#") else {
            return fail(path, "$ref \"\(ref)\" is not a local reference; clients cannot resolve it")
        }
        if SchemaRefs.resolve(ref, in: root) == nil { fail(path, "$ref \"\(ref)\" does not resolve") }
    }
}
