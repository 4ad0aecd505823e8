import PreflightCore

extension Evaluation {
    mutating func checkArray(
        _ schema: JSONValue, _ items: [JSONValue], path: String, schemaPath: String, depth: Int,
        into errors: inout [SchemaError]
    ) {
        func fail(_ keyword: String, _ message: String) {
            errors.append(SchemaError(path: path, schemaPath: JSONPointer.append(schemaPath, keyword), message: message))
        }
        if let max = schema.count("maxItems"), items.count > max {
            fail("maxItems", "array has \(items.count) items, more than maxItems \(max)")
        }
        if let min = schema.count("minItems"), items.count < min {
            fail("minItems", "array has \(items.count) items, fewer than minItems \(min)")
        }
        if schema["uniqueItems"]?.boolValue == true {
            var seen: [String: Int] = [:]
            for (i, item) in items.enumerated() {
                let key = CanonicalJSON.key(item)
                if let first = seen[key] {
                    fail("uniqueItems", "items \(first) and \(i) are equal; items must be unique")
                    break
                }
                seen[key] = i
            }
        }
        // Draft-07 tuple form: `items` is an array, `additionalItems` covers the rest.
        var prefix: [JSONValue] = []
        var prefixKeyword = "prefixItems"
        var restKeyword = "items"
        if let tuple = schema["prefixItems"]?.arrayValue {
            prefix = tuple
        } else if let tuple = schema["items"]?.arrayValue {
            prefix = tuple
            prefixKeyword = "items"
            restKeyword = "additionalItems"
        }
        for (i, item) in items.enumerated() {
            let itemPath = JSONPointer.append(path, i)
            if i < prefix.count {
                let sp = JSONPointer.append(JSONPointer.append(schemaPath, prefixKeyword), i)
                apply(prefix[i], to: item, path: itemPath, schemaPath: sp, depth: depth + 1, into: &errors)
            } else if let rest = schema[restKeyword], rest.arrayValue == nil {
                let sp = JSONPointer.append(schemaPath, restKeyword)
                apply(rest, to: item, path: itemPath, schemaPath: sp, depth: depth + 1, into: &errors)
            }
        }
        if let contains = schema["contains"] {
            let sp = JSONPointer.append(schemaPath, "contains")
            var matches = 0
            for (i, item) in items.enumerated()
            where collectErrors(of: contains, item, path: JSONPointer.append(path, i), schemaPath: sp, depth: depth + 1).isEmpty {
                matches += 1
            }
            let minContains = schema.count("minContains") ?? 1
            if matches < minContains {
                fail("contains", "array has \(matches) items matching `contains`, fewer than \(minContains)")
            }
            if let maxContains = schema.count("maxContains"), matches > maxContains {
                fail("maxContains", "array has \(matches) items matching `contains`, more than \(maxContains)")
            }
        }
    }

    mutating func checkObject(
        _ schema: JSONValue, _ members: [(String, JSONValue)], path: String, schemaPath: String, depth: Int,
        into errors: inout [SchemaError]
    ) {
        func fail(_ keyword: String, _ message: String, at location: String = path) {
            errors.append(SchemaError(path: location, schemaPath: JSONPointer.append(schemaPath, keyword), message: message))
        }
        let keys = Set(members.map(\.0))
        if let max = schema.count("maxProperties"), members.count > max {
            fail("maxProperties", "object has \(members.count) properties, more than maxProperties \(max)")
        }
        if let min = schema.count("minProperties"), members.count < min {
            fail("minProperties", "object has \(members.count) properties, fewer than minProperties \(min)")
        }
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !keys.contains(name) {
            fail("required", "missing required property \"\(name)\"")
        }
        for (name, needs) in schema.members("dependentRequired") + dependencyLists(schema) where keys.contains(name) {
            for other in needs.arrayValue?.compactMap(\.stringValue) ?? [] where !keys.contains(other) {
                fail("dependentRequired", "property \"\(name)\" requires property \"\(other)\"")
            }
        }
        let properties = schema.members("properties")
        let patternProperties = schema.members("patternProperties")
        for (name, value) in members {
            let memberPath = JSONPointer.append(path, name)
            var evaluated = false
            if let sub = properties.first(where: { $0.0 == name })?.1 {
                evaluated = true
                let sp = JSONPointer.append(JSONPointer.append(schemaPath, "properties"), name)
                apply(sub, to: value, path: memberPath, schemaPath: sp, depth: depth + 1, into: &errors)
            }
            for (pattern, sub) in patternProperties {
                let sp = JSONPointer.append(JSONPointer.append(schemaPath, "patternProperties"), pattern)
                switch patterns.compile(pattern) {
                case .failure(let error):
                    errors.append(SchemaError(path: memberPath, schemaPath: sp, message: error.message))
                case .success(let regex):
                    switch PatternMatcher.search(regex, in: name) {
                    case .match:
                        evaluated = true
                        apply(sub, to: value, path: memberPath, schemaPath: sp, depth: depth + 1, into: &errors)
                    case .noMatch: break
                    case .tooComplex:
                        let message = "pattern /\(pattern)/ is too expensive to evaluate"
                        errors.append(SchemaError(path: memberPath, schemaPath: sp, message: message))
                    }
                }
            }
            if !evaluated, let additional = schema["additionalProperties"] {
                if additional == .bool(false) {
                    fail(
                        "additionalProperties", "property \"\(name)\" is not allowed (additionalProperties is false)",
                        at: memberPath)
                } else {
                    let sp = JSONPointer.append(schemaPath, "additionalProperties")
                    apply(additional, to: value, path: memberPath, schemaPath: sp, depth: depth + 1, into: &errors)
                }
            }
            if let names = schema["propertyNames"] {
                let sp = JSONPointer.append(schemaPath, "propertyNames")
                for error in self.collectErrors(of: names, .string(name), path: memberPath, schemaPath: sp, depth: depth + 1) {
                    errors.append(
                        SchemaError(path: memberPath, schemaPath: error.schemaPath, message: "property name: \(error.message)"))
                }
            }
        }
        var dependentSchemas = schema.members("dependentSchemas")
        dependentSchemas += schema.members("dependencies").filter { $0.1.arrayValue == nil }
        for (name, sub) in dependentSchemas where keys.contains(name) {
            let sp = JSONPointer.append(JSONPointer.append(schemaPath, "dependentSchemas"), name)
            apply(sub, to: .object(members), path: path, schemaPath: sp, depth: depth + 1, into: &errors)
        }
    }

    /// `dependentRequired` entries and draft-07 array-valued `dependencies`, as name lists.
    private func dependencyLists(_ schema: JSONValue) -> [(String, JSONValue)] {
        schema.members("dependencies").filter { $0.1.arrayValue != nil }
    }
}
