import PreflightCore

/// Derives invalid arguments from a valid object, one broken rule each. A variant is kept only
/// when the validator confirms it fails on the targeted keyword, so labels never lie.
struct InvalidVariants {
    let root: JSONValue
    let resolver: SchemaResolver
    let validator: SchemaValidator

    static let maxVariants = 100
    static let maxDepth = 8

    init(root: JSONValue) {
        self.root = root
        resolver = SchemaResolver(root: root)
        validator = SchemaValidator(schema: root, options: .init(maxErrors: 50, maxSteps: 20_000))
    }

    struct Mutation {
        var violation: Violation
        var path: [PathStep]
        /// nil removes the member at `path`.
        var value: JSONValue?
        var label: String
        /// The schema keyword whose failure proves the violation.
        var keywords: Set<String>
    }

    func variants(of valid: JSONValue) -> [InvalidArguments] {
        var out = [
            InvalidArguments(
                violation: .notAnObject, path: "", arguments: .string("not an object"),
                label: "arguments are a string, not an object")
        ]
        var mutations: [Mutation] = []
        collect(schema: root, value: valid, path: [], refs: [], depth: 0, into: &mutations)
        var seen: Set<String> = []
        for mutation in mutations where out.count < Self.maxVariants {
            let arguments = JSONEdit.set(valid, at: mutation.path[...], to: mutation.value)
            guard seen.insert(CanonicalJSON.key(arguments)).inserted else { continue }
            let errors = validator.validate(arguments)
            let proves = errors.contains { error in
                mutation.keywords.contains(String(error.schemaPath.split(separator: "/").last ?? ""))
            }
            if proves {
                out.append(
                    InvalidArguments(
                        violation: mutation.violation, path: PathStep.pointer(mutation.path), arguments: arguments,
                        label: mutation.label))
            }
        }
        return out
    }

    /// The schema as it applies to `value`: refs followed, allOf merged, the matching anyOf/oneOf branch folded in.
    func effective(_ schema: JSONValue, for value: JSONValue, refs: inout [String]) -> JSONValue? {
        guard let flat = resolver.flatten(schema, stack: &refs), flat.isObject else { return nil }
        let branches = resolver.branches(of: flat)
        guard !branches.isEmpty else { return flat }
        return branches.first { validator.validate(value, against: $0).isEmpty } ?? flat
    }

    private func collect(
        schema: JSONValue, value: JSONValue, path: [PathStep], refs: [String], depth: Int, into out: inout [Mutation]
    ) {
        guard depth <= Self.maxDepth, out.count < Self.maxVariants * 2 else { return }
        var stack = refs
        guard let flat = effective(schema, for: value, refs: &stack) else { return }
        if !path.isEmpty { scalarMutations(flat, value: value, path: path, into: &out) }
        switch value {
        case .object(let members):
            objectMutations(flat, members: members, path: path, into: &out)
            var builder = ValueBuilder(root: root, toolExamples: [:])
            for (key, member) in members {
                let sub = builder.memberSchema(flat, key)
                collect(schema: sub, value: member, path: path + [.key(key)], refs: stack, depth: depth + 1, into: &out)
            }
            // Optional properties carry most bounds (page sizes, limits): break them too, one at a time.
            for (key, sub) in flat.members("properties") where !members.contains(where: { $0.0 == key }) {
                let childPath = path + [.key(key)]
                let value = builder.build(sub, name: key, path: childPath, refs: stack, depth: depth + 1)
                var childStack = stack
                guard let child = effective(sub, for: value, refs: &childStack) else { continue }
                scalarMutations(child, value: value, path: childPath, into: &out)
                if case .array(let items) = value { arrayMutations(child, items: items, path: childPath, into: &out) }
            }
        case .array(let items):
            arrayMutations(flat, items: items, path: path, into: &out)
            if let first = items.first, first.isObject {
                let prefix = flat["prefixItems"]?.arrayValue ?? flat["items"]?.arrayValue
                let itemSchema = prefix?.first ?? flat["items"] ?? .object([])
                collect(schema: itemSchema, value: first, path: path + [.index(0)], refs: stack, depth: depth + 1, into: &out)
            }
        default: break
        }
    }
}
