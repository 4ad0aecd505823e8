import PreflightCore

/// Validates JSON instances against a JSON Schema (draft 2020-12 / draft-07 keyword subset used by
/// MCP tools). Pure and bounded: recursion depth and total work are capped, `$ref` cycles and bad
/// regexes become errors, never crashes or hangs.
public struct SchemaValidator: Sendable {
    public struct Options: Sendable, Hashable {
        /// Deepest schema/instance nesting evaluated before giving up with an error.
        public var maxDepth: Int
        /// `format` is an annotation in 2020-12; set to check the formats in `Formats.known`.
        public var assertFormats: Bool
        /// Stop collecting after this many errors (the list is still deterministic).
        public var maxErrors: Int
        /// Cap on schema applications per validation, against exponential `anyOf` nesting.
        public var maxSteps: Int

        public init(maxDepth: Int = 64, assertFormats: Bool = false, maxErrors: Int = 200, maxSteps: Int = 200_000) {
            self.maxDepth = maxDepth
            self.assertFormats = assertFormats
            self.maxErrors = maxErrors
            self.maxSteps = maxSteps
        }
    }

    public let schema: JSONValue
    public let options: Options

    public init(schema: JSONValue, options: Options = Options()) {
        self.schema = schema
        self.options = options
    }

    /// Every error found, in schema-keyword order; empty when `instance` is valid.
    public func validate(_ instance: JSONValue) -> [SchemaError] { validate(instance, against: schema) }

    public func isValid(_ instance: JSONValue) -> Bool { validate(instance).isEmpty }

    public static func validate(_ instance: JSONValue, against schema: JSONValue) -> [SchemaError] {
        SchemaValidator(schema: schema).validate(instance)
    }

    /// Validates against a subschema of `schema` (its `$ref`s resolve against the whole document).
    func validate(_ instance: JSONValue, against subschema: JSONValue, at schemaPath: String = "") -> [SchemaError] {
        var evaluation = Evaluation(root: schema, options: options)
        var errors: [SchemaError] = []
        evaluation.apply(subschema, to: instance, path: "", schemaPath: schemaPath, depth: 0, into: &errors)
        if errors.count > options.maxErrors { errors.removeLast(errors.count - options.maxErrors) }
        return errors
    }
}

/// Mutable state of one validation run.
struct Evaluation {
    let root: JSONValue
    let options: SchemaValidator.Options
    var patterns = PatternMatcher()
    var steps = 0
    /// `$ref` targets being expanded at each instance location, to catch cycles that consume no input.
    var activeRefs: Set<String> = []

    init(root: JSONValue, options: SchemaValidator.Options) {
        self.root = root
        self.options = options
    }

    mutating func apply(
        _ schema: JSONValue, to instance: JSONValue, path: String, schemaPath: String, depth: Int,
        into errors: inout [SchemaError]
    ) {
        func fail(_ message: String, _ keywordPath: String = schemaPath) {
            errors.append(SchemaError(path: path, schemaPath: keywordPath, message: message))
        }
        guard errors.count <= options.maxErrors else { return }
        steps += 1
        guard steps <= options.maxSteps else {
            // Every call fails once the budget is spent, so an anyOf/not cannot turn the cut-off into a pass.
            return fail("validation stopped: schema needs more than \(options.maxSteps) evaluation steps")
        }
        guard depth <= options.maxDepth else {
            return fail("schema nesting deeper than \(options.maxDepth) levels; not evaluated")
        }
        switch schema {
        case .bool(true): return
        case .bool(false): return fail("no value is allowed here (schema is false)")
        case .object: break
        default: return fail("schema is not an object or boolean")
        }
        if let ref = schema["$ref"] {
            applyRef(ref, to: instance, path: path, schemaPath: schemaPath, depth: depth, into: &errors)
        }
        checkGeneric(schema, instance, path: path, schemaPath: schemaPath, into: &errors)
        switch instance {
        case .number: checkNumber(schema, instance, path: path, schemaPath: schemaPath, into: &errors)
        case .string(let s): checkString(schema, s, path: path, schemaPath: schemaPath, into: &errors)
        case .array(let items):
            checkArray(schema, items, path: path, schemaPath: schemaPath, depth: depth, into: &errors)
        case .object(let members):
            checkObject(schema, members, path: path, schemaPath: schemaPath, depth: depth, into: &errors)
        default: break
        }
        applyCombinators(schema, to: instance, path: path, schemaPath: schemaPath, depth: depth, into: &errors)
    }

    /// Errors of a sub-evaluation that must not leak into the caller's list (anyOf, not, if).
    mutating func collectErrors(
        of schema: JSONValue, _ instance: JSONValue, path: String, schemaPath: String, depth: Int
    ) -> [SchemaError] {
        var local: [SchemaError] = []
        apply(schema, to: instance, path: path, schemaPath: schemaPath, depth: depth, into: &local)
        return local
    }

    private mutating func applyRef(
        _ ref: JSONValue, to instance: JSONValue, path: String, schemaPath: String, depth: Int,
        into errors: inout [SchemaError]
    ) {
        let refPath = JSONPointer.append(schemaPath, "$ref")
        guard case .string(let text) = ref else {
            return errors.append(SchemaError(path: path, schemaPath: refPath, message: "$ref is not a string"))
        }
        guard let (target, targetPath) = SchemaRefs.resolve(text, in: root) else {
            return errors.append(SchemaError(path: path, schemaPath: refPath, message: "cannot resolve $ref \"\(text)\""))
        }
        let key = targetPath + "@" + path
        guard !activeRefs.contains(key) else {
            let message = "circular $ref \"\(text)\" never reaches a value; not evaluated"
            return errors.append(SchemaError(path: path, schemaPath: refPath, message: message))
        }
        activeRefs.insert(key)
        apply(target, to: instance, path: path, schemaPath: targetPath, depth: depth + 1, into: &errors)
        activeRefs.remove(key)
    }
}
