import PreflightCore

extension Evaluation {
    /// `type`, `enum`, `const`: apply to every instance kind.
    mutating func checkGeneric(
        _ schema: JSONValue, _ instance: JSONValue, path: String, schemaPath: String, into errors: inout [SchemaError]
    ) {
        if let types = schema["type"] {
            let names: [String] = types.stringValue.map { [$0] } ?? types.arrayValue?.compactMap(\.stringValue) ?? []
            let ok = names.contains { JSONType(rawValue: $0)?.matches(instance) ?? false }
            if !ok {
                let expected = names.isEmpty ? "a valid type" : names.joined(separator: " or ")
                errors.append(
                    SchemaError(
                        path: path, schemaPath: JSONPointer.append(schemaPath, "type"),
                        message: "expected \(expected), got \(JSONType.name(of: instance))"))
            }
        }
        if let options = schema["enum"] {
            let list = options.arrayValue ?? []
            if !list.contains(where: { JSONEquality.equal($0, instance) }) {
                let shown = list.prefix(5).map { Self.preview($0) }.joined(separator: ", ")
                let more = list.count > 5 ? ", … (\(list.count) options)" : ""
                errors.append(
                    SchemaError(
                        path: path, schemaPath: JSONPointer.append(schemaPath, "enum"),
                        message: "value \(Self.preview(instance)) is not one of [\(shown)\(more)]"))
            }
        }
        if let constant = schema["const"], !JSONEquality.equal(constant, instance) {
            errors.append(
                SchemaError(
                    path: path, schemaPath: JSONPointer.append(schemaPath, "const"),
                    message: "value must be \(Self.preview(constant)), got \(Self.preview(instance))"))
        }
    }

    mutating func checkNumber(
        _ schema: JSONValue, _ instance: JSONValue, path: String, schemaPath: String, into errors: inout [SchemaError]
    ) {
        guard let value = SchemaNumber(instance) else { return }
        func fail(_ keyword: String, _ message: String) {
            errors.append(SchemaError(path: path, schemaPath: JSONPointer.append(schemaPath, keyword), message: message))
        }
        if let divisor = schema.number("multipleOf"), divisor.double > 0, !value.isMultiple(of: divisor) {
            fail("multipleOf", "\(value.text) is not a multiple of \(divisor.text)")
        }
        // Draft-04 spelled exclusive bounds as booleans beside minimum/maximum.
        let exclusiveMaxFlag = schema["exclusiveMaximum"]?.boolValue == true
        let exclusiveMinFlag = schema["exclusiveMinimum"]?.boolValue == true
        if let max = schema.number("maximum") {
            if exclusiveMaxFlag ? !(value < max) : max < value {
                fail("maximum", "\(value.text) is above the maximum \(max.text)\(exclusiveMaxFlag ? " (exclusive)" : "")")
            }
        }
        if let max = schema.number("exclusiveMaximum"), !(value < max) {
            fail("exclusiveMaximum", "\(value.text) must be less than \(max.text)")
        }
        if let min = schema.number("minimum") {
            if exclusiveMinFlag ? !(min < value) : value < min {
                fail("minimum", "\(value.text) is below the minimum \(min.text)\(exclusiveMinFlag ? " (exclusive)" : "")")
            }
        }
        if let min = schema.number("exclusiveMinimum"), !(min < value) {
            fail("exclusiveMinimum", "\(value.text) must be greater than \(min.text)")
        }
    }

    mutating func checkString(
        _ schema: JSONValue, _ value: String, path: String, schemaPath: String, into errors: inout [SchemaError]
    ) {
        func fail(_ keyword: String, _ message: String) {
            errors.append(SchemaError(path: path, schemaPath: JSONPointer.append(schemaPath, keyword), message: message))
        }
        let length = value.codePointCount
        if let max = schema.count("maxLength"), length > max {
            fail("maxLength", "string is \(length) characters, longer than maxLength \(max)")
        }
        if let min = schema.count("minLength"), length < min {
            fail("minLength", "string is \(length) characters, shorter than minLength \(min)")
        }
        if case .string(let pattern)? = schema["pattern"] {
            switch patterns.compile(pattern) {
            case .failure(let error): fail("pattern", error.message)
            case .success(let regex):
                switch PatternMatcher.search(regex, in: value) {
                case .match: break
                case .noMatch: fail("pattern", "string \(Self.preview(.string(value))) does not match pattern /\(pattern)/")
                case .tooComplex: fail("pattern", "pattern /\(pattern)/ is too expensive to evaluate")
                }
            }
        }
        if options.assertFormats, case .string(let format)? = schema["format"], !Formats.isValid(value, format: format) {
            fail("format", "string \(Self.preview(.string(value))) is not a valid \(format)")
        }
    }

    /// Short JSON text of a value for messages; bounded in depth and length, so a hostile
    /// 10,000-level instance is never serialised whole.
    static func preview(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, depth: 0)
        return out.count > 60 ? String(out.prefix(57)) + "…" : out
    }

    private static func write(_ value: JSONValue, into out: inout String, depth: Int) {
        guard out.count <= 60 else { return }
        switch value {
        case .array(let items):
            guard depth < 3 else { return out += "[…]" }
            out += "["
            for (i, item) in items.prefix(8).enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out, depth: depth + 1)
            }
            out += items.count > 8 ? ",…]" : "]"
        case .object(let members):
            guard depth < 3 else { return out += "{…}" }
            out += "{"
            for (i, (key, member)) in members.prefix(8).enumerated() {
                if i > 0 { out += "," }
                JSONWriter.writeString(key, into: &out)
                out += ":"
                write(member, into: &out, depth: depth + 1)
            }
            out += members.count > 8 ? ",…}" : "}"
        case .string(let s):
            JSONWriter.writeString(s.count > 60 ? String(s.prefix(60)) : s, into: &out)
        default:
            out += JSONWriter.encode(value)
        }
    }
}
