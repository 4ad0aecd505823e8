import PreflightCore

extension Evaluation {
    /// allOf / anyOf / oneOf / not / if-then-else.
    mutating func applyCombinators(
        _ schema: JSONValue, to instance: JSONValue, path: String, schemaPath: String, depth: Int,
        into errors: inout [SchemaError]
    ) {
        func fail(_ keyword: String, _ message: String) {
            errors.append(SchemaError(path: path, schemaPath: JSONPointer.append(schemaPath, keyword), message: message))
        }
        if let all = schema["allOf"]?.arrayValue {
            for (i, sub) in all.enumerated() {
                let sp = JSONPointer.append(JSONPointer.append(schemaPath, "allOf"), i)
                apply(sub, to: instance, path: path, schemaPath: sp, depth: depth + 1, into: &errors)
            }
        }
        if let any = schema["anyOf"]?.arrayValue {
            var branchErrors: [[SchemaError]] = []
            for (i, sub) in any.enumerated() {
                let sp = JSONPointer.append(JSONPointer.append(schemaPath, "anyOf"), i)
                let found = self.collectErrors(of: sub, instance, path: path, schemaPath: sp, depth: depth + 1)
                if found.isEmpty {
                    branchErrors = []
                    break
                }
                branchErrors.append(found)
            }
            if !branchErrors.isEmpty {
                fail("anyOf", "value matches none of the \(any.count) anyOf alternatives\(Self.closest(branchErrors))")
            }
        }
        if let one = schema["oneOf"]?.arrayValue {
            var matching: [Int] = []
            var branchErrors: [[SchemaError]] = []
            for (i, sub) in one.enumerated() {
                let sp = JSONPointer.append(JSONPointer.append(schemaPath, "oneOf"), i)
                let found = self.collectErrors(of: sub, instance, path: path, schemaPath: sp, depth: depth + 1)
                if found.isEmpty { matching.append(i) } else { branchErrors.append(found) }
            }
            if matching.isEmpty {
                fail("oneOf", "value matches none of the \(one.count) oneOf alternatives\(Self.closest(branchErrors))")
            } else if matching.count > 1 {
                fail("oneOf", "value matches \(matching.count) oneOf alternatives \(matching), exactly one must match")
            }
        }
        if let not = schema["not"] {
            let sp = JSONPointer.append(schemaPath, "not")
            if self.collectErrors(of: not, instance, path: path, schemaPath: sp, depth: depth + 1).isEmpty {
                fail("not", "value must not match the `not` schema")
            }
        }
        if let condition = schema["if"] {
            let sp = JSONPointer.append(schemaPath, "if")
            let holds = self.collectErrors(of: condition, instance, path: path, schemaPath: sp, depth: depth + 1).isEmpty
            let branch = holds ? "then" : "else"
            if let sub = schema[branch] {
                let bp = JSONPointer.append(schemaPath, branch)
                apply(sub, to: instance, path: path, schemaPath: bp, depth: depth + 1, into: &errors)
            }
        }
    }

    /// The first error of the alternative that came closest (fewest errors), to make anyOf failures readable.
    static func closest(_ branches: [[SchemaError]]) -> String {
        guard let best = branches.min(by: { $0.count < $1.count }), let first = best.first else { return "" }
        let location = first.path.isEmpty ? "" : " at \(first.path)"
        return "; closest: \(first.message)\(location)"
    }
}
