import PreflightCore

/// Builds one value for a subschema: tries meaningful candidates in order of preference and
/// keeps the first one the validator accepts, else synthesises a value from the constraints.
struct ValueBuilder {
    let resolver: SchemaResolver
    let validator: SchemaValidator
    /// Examples from the tool description, assigned to top-level property names.
    let toolExamples: [String: [String]]
    var provenance: [ArgumentProvenance] = []
    var uncertain: [String] = []

    static let maxDepth = 24

    init(root: JSONValue, toolExamples: [String: [String]]) {
        resolver = SchemaResolver(root: root)
        validator = SchemaValidator(
            schema: root, options: .init(maxDepth: 64, assertFormats: true, maxErrors: 20, maxSteps: 20_000))
        self.toolExamples = toolExamples
    }

    struct Candidate {
        var value: JSONValue
        var source: ValueSource
        var detail: String?
    }

    func isValid(_ value: JSONValue, _ schema: JSONValue) -> Bool { validator.validate(value, against: schema).isEmpty }

    mutating func markUncertain(_ path: [PathStep], _ why: String) {
        let display = PathStep.display(path)
        if !uncertain.contains(display) { uncertain.append(display) }
        provenance.append(ArgumentProvenance(path: display, source: .typeDefault, detail: "uncertain: \(why)"))
    }

    /// `overrides`: caller example arguments for this object (top level only).
    mutating func build(
        _ schema: JSONValue, name: String?, path: [PathStep], refs: [String], depth: Int,
        overrides: [(String, JSONValue)]? = nil
    ) -> JSONValue {
        guard depth <= Self.maxDepth else {
            markUncertain(path, "schema nested deeper than \(Self.maxDepth) levels")
            return .null
        }
        var stack = refs
        guard let flat = resolver.flatten(schema, stack: &stack) else {
            markUncertain(path, "recursive or unresolvable $ref")
            return .null
        }
        guard flat.isObject else {
            markUncertain(path, flat == .bool(false) ? "schema allows no value" : "schema is not an object")
            return path.isEmpty ? .object([]) : .null
        }
        if overrides == nil {
            for candidate in candidates(flat, name: name, path: path) where isValid(candidate.value, schema) {
                provenance.append(
                    ArgumentProvenance(path: PathStep.display(path), source: candidate.source, detail: candidate.detail))
                return candidate.value
            }
        }
        let branches = resolver.branches(of: flat)
        if !branches.isEmpty {
            return buildBranch(schema, branches, name: name, path: path, refs: stack, depth: depth, overrides: overrides)
        }
        return synthesize(schema, flat, name: name, path: path, refs: stack, depth: depth, overrides: overrides)
    }

    /// The first anyOf/oneOf alternative whose value validates against the whole schema.
    private mutating func buildBranch(
        _ schema: JSONValue, _ branches: [JSONValue], name: String?, path: [PathStep], refs: [String], depth: Int,
        overrides: [(String, JSONValue)]?
    ) -> JSONValue {
        let saved = (provenance, uncertain)
        for branch in branches.prefix(16) {
            let value = build(branch, name: name, path: path, refs: refs, depth: depth + 1, overrides: overrides)
            if isValid(value, schema) { return value }
            (provenance, uncertain) = saved
        }
        let value = build(branches[0], name: name, path: path, refs: refs, depth: depth + 1, overrides: overrides)
        if uncertain.count == saved.1.count { markUncertain(path, "no anyOf/oneOf alternative could be satisfied") }
        return value
    }

    /// Preferred values: schema examples, default, const, enum, description examples, name hints, format.
    private func candidates(_ flat: JSONValue, name: String?, path: [PathStep]) -> [Candidate] {
        var out: [Candidate] = []
        for example in flat["examples"]?.arrayValue?.prefix(20) ?? [] {
            out.append(Candidate(value: example, source: .schemaExample))
        }
        if let value = flat["default"] { out.append(Candidate(value: value, source: .schemaDefault)) }
        if let value = flat["const"] { out.append(Candidate(value: value, source: .constValue)) }
        for value in flat["enum"]?.arrayValue?.prefix(50) ?? [] { out.append(Candidate(value: value, source: .enumValue)) }
        if let description = flat["description"]?.stringValue {
            for example in DescriptionExamples.extract(from: description) {
                out += Self.typed(example.text).map { Candidate(value: $0, source: .descriptionExample, detail: example.text) }
            }
        }
        if path.count == 1, let name {
            for text in toolExamples[name] ?? [] {
                out += Self.typed(text).map { Candidate(value: $0, source: .toolDescriptionExample, detail: text) }
            }
        }
        if let description = flat["description"]?.stringValue {
            for text in DescriptionExamples.quoted(in: description).prefix(10) {
                out += Self.typed(text).map { Candidate(value: $0, source: .descriptionExample, detail: text) }
            }
        }
        if let name {
            out += NameHints.candidates(for: name).map { Candidate(value: $0, source: .propertyName) }
        }
        if let format = flat["format"]?.stringValue, let sample = Formats.sample(format) {
            out.append(Candidate(value: .string(sample), source: .format, detail: format))
        }
        return out
    }

    /// An example's text as a string, and as the JSON it spells when it is JSON (`50`, `true`, `[1,2]`).
    static func typed(_ text: String) -> [JSONValue] {
        var values: [JSONValue] = [.string(text)]
        if let parsed = try? JSONParser.parse(text, maxDepth: 16), parsed != .string(text) { values.append(parsed) }
        return values
    }
}
