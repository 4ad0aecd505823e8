import MCPSchema
import PreflightCore
import PropertyBased
import Testing

/// Tool input schemas a broken or hostile server might send, mixed with ordinary ones.
enum SchemaGen {
    static let patterns = [
        "^[a-z]+$", "^\\d{3}-\\d{4}$", "(a+)+$", "^(a|aa)*$", "(", "[", "(?=x)y", "\\p{L}+", "^.{0,5}$", "a{1000000}",
        "^[a-z]{1,1000}$", "(x*)*y", "\\bword\\b", "^(?:[A-Z]{2}|[0-9]{2})$", "", "[^\\s]+", "^\u{2028}$", "(a|b|c){3,}",
    ]
    static let formats = ["email", "date-time", "date", "uri", "uuid", "ipv4", "hostname", "bogus", "regex", "time"]

    static func number(_ r: inout RNG) -> JSONValue {
        .number(Noise.pick(["0", "-1", "1", "5", "1e300", "-1e300", "0.1", "1e-300", "3.5", "100", "1e999", "-0"], &r))
    }

    static func schema(depth: Int, _ r: inout RNG) -> JSONValue {
        if Noise.chance(0.05, &r) { return Noise.pick([.bool(true), .bool(false), .string("x"), .number("1"), .null], &r) }
        var m: [(String, JSONValue)] = []
        let types = ["object", "string", "integer", "number", "boolean", "array", "null"]
        if Noise.chance(0.8, &r) {
            m.append(
                ("type", Noise.chance(0.85, &r) ? .string(Noise.pick(types, &r)) : .strings([Noise.pick(types, &r), "null"])))
        }
        for _ in 0..<Noise.int(0...5, &r) {
            switch Noise.int(0...22, &r) {
            case 0: m.append(("minimum", number(&r)))
            case 1: m.append(("maximum", number(&r)))
            case 2: m.append(("exclusiveMinimum", number(&r)))
            case 3: m.append(("multipleOf", number(&r)))
            case 4: m.append(("minLength", .number(Noise.pick(["0", "3", "1000000000", "-1", "2.5", "100000"], &r))))
            case 5: m.append(("maxLength", .number(Noise.pick(["0", "2", "64", "-5"], &r))))
            case 6: m.append(("pattern", .string(Noise.pick(patterns, &r))))
            case 7: m.append(("format", .string(Noise.pick(formats, &r))))
            case 8:
                let size = Noise.chance(0.1, &r) ? 20_000 : Noise.int(0...6, &r)
                m.append(("enum", .array((0..<size).map { i in i % 3 == 0 ? .int(i) : .string("v\(i)") })))
            case 9: m.append(("const", JSONGen.value(depth: 2, &r)))
            case 10: m.append(("default", JSONGen.value(depth: 2, &r)))
            case 11: m.append(("examples", .array([JSONGen.value(depth: 1, &r), .string("example")])))
            case 12: m.append(("minItems", .number(Noise.pick(["0", "2", "1000000", "-1"], &r))))
            case 13: m.append(("maxItems", .number(Noise.pick(["0", "1", "3"], &r))))
            case 14: m.append(("uniqueItems", .bool(true)))
            case 15: if depth > 0 { m.append(("items", schema(depth: depth - 1, &r))) }
            case 16:
                m.append(
                    ("additionalProperties", depth > 0 && Noise.chance(0.5, &r) ? schema(depth: depth - 1, &r) : .bool(false)))
            case 17:
                m.append(
                    (
                        "$ref",
                        .string(
                            Noise.pick(
                                [
                                    "#", "#/$defs/a", "#/$defs/b", "#/properties/p0", "#/nope", "http://x/y",
                                    "#/$defs/a/properties/p0",
                                ], &r))
                    ))
            case 18, 19:
                if depth > 0 {
                    let key = Noise.pick(["anyOf", "oneOf", "allOf"], &r)
                    m.append((key, .array((0..<Noise.int(0...3, &r)).map { _ in schema(depth: depth - 1, &r) })))
                }
            case 20: if depth > 0 { m.append(("not", schema(depth: depth - 1, &r))) }
            case 21:
                if depth > 0 { m.append(("if", schema(depth: depth - 1, &r))); m.append(("then", schema(depth: depth - 1, &r))) }
            default:
                m.append(("patternProperties", .object([(Noise.pick(patterns, &r), .object([("type", .string("string"))]))])))
            }
        }
        if depth > 0, Noise.chance(0.5, &r) {
            let names = (0..<Noise.int(0...4, &r)).map { i in Noise.chance(0.7, &r) ? "p\(i)" : JSONGen.string(&r) }
            m.append(("properties", .object(names.map { ($0, schema(depth: depth - 1, &r)) })))
            let required = names.filter { _ in Noise.chance(0.6, &r) } + (Noise.chance(0.1, &r) ? ["missing"] : [])
            m.append(("required", .strings(required)))
        }
        return .object(m.shuffled(using: &r))
    }

    static func toolSchema(_ r: inout RNG) -> JSONValue {
        if Noise.chance(0.05, &r) {
            // Deep nesting: far past every depth limit.
            var s: JSONValue = .object([("type", .string("string"))])
            for _ in 0..<Noise.int(30...400, &r) {
                s = .object([("type", .string("object")), ("properties", .object([("a", s)])), ("required", .strings(["a"]))])
            }
            return s
        }
        var root = schema(depth: Noise.int(0...4, &r), &r)
        if case .object(var members) = root {
            members.removeAll { $0.0 == "type" }
            members.insert(("type", .string("object")), at: 0)
            members.append(("$defs", .object([("a", schema(depth: 2, &r)), ("b", .object([("$ref", .string("#/$defs/a"))]))])))
            root = .object(members)
        }
        return root
    }

    static let schemas = Generator<(JSONValue, String), Shrink.None<(JSONValue, String)>>(run: { r in
        let description =
            Noise.chance(0.5, &r) ? "Use p0, e.g. 'Europe/Paris', or p1 such as \"2024-01-01\"." : Noise.unicode(60, &r)
        return (toolSchema(&r), description)
    })
}

@Suite("Fuzz: JSON Schema generator and validator")
struct SchemaFuzzTests {
    /// Some hostile schemas take several seconds in a debug build (reported, not a hang): a wider hang guard.
    static let budget = FuzzConfig.budget * 3

    /// When the generator says its arguments are valid, an independent validator agrees, also after the wire round trip.
    @Test func generatedArgumentsValidateWhenClaimed() async {
        await fuzz(
            weight: 0.3, budget: Self.budget, input: SchemaGen.schemas,
            preview: { JSONWriter.encode($0.0).prefix(2_000).debugDescription }
        ) {
            input throws(FuzzFailure) in
            let (schema, description) = input
            let generated = ArgumentGenerator.generate(schema: schema, toolDescription: description)
            try require(generated.arguments.objectValue != nil, "arguments are not an object")
            let wire = JSONWriter.encode(generated.arguments)
            try require(wire.utf8.count <= 64 << 20, "arguments of \(wire.utf8.count) bytes: output not bounded")
            try require(
                generated == ArgumentGenerator.generate(schema: schema, toolDescription: description),
                "generation is not deterministic")
            guard generated.isValid else { return }
            let validator = SchemaValidator(schema: schema, options: .init(assertFormats: true))
            let errors = validator.validate(generated.arguments)
            try require(errors.isEmpty, "claimed valid but: \(errors.prefix(3))")
            guard let reparsed = try? JSONParser.parse(wire) else { throw FuzzFailure(description: "arguments do not re-parse") }
            try require(validator.validate(reparsed).isEmpty, "valid arguments become invalid after write/parse")
        }
    }

    /// Every invalid variant (other than "not an object") fails validation, and there are at most 100.
    @Test func invalidVariantsDoNotValidate() async {
        await fuzz(
            weight: 0.3, budget: Self.budget, input: SchemaGen.schemas,
            preview: { JSONWriter.encode($0.0).prefix(2_000).debugDescription }
        ) {
            input throws(FuzzFailure) in
            let (schema, description) = input
            let variants = ArgumentGenerator.invalidVariants(schema: schema, toolDescription: description)
            try require(variants.count <= 100, "\(variants.count) variants: output not bounded")
            let validator = SchemaValidator(schema: schema, options: .init(maxErrors: 50, maxSteps: 20_000))
            for variant in variants where variant.violation != .notAnObject {
                try require(!validator.validate(variant.arguments).isEmpty, "variant validates: \(variant)")
            }
        }
    }

    @Test func validatorAndSchemaCheckAreTotal() async {
        let input = zip(SchemaGen.schemas, JSONGen.values)
        await fuzz(
            weight: 0.3, budget: Self.budget, input: input, preview: { JSONWriter.encode($0.0.0).prefix(2_000).debugDescription }
        ) {
            input throws(FuzzFailure) in
            let ((schema, _), instance) = input
            let options = SchemaValidator.Options(maxErrors: 25)
            let errors = SchemaValidator(schema: schema, options: options).validate(instance)
            try require(errors.count <= options.maxErrors, "\(errors.count) errors over maxErrors")
            try require(errors == SchemaValidator(schema: schema, options: options).validate(instance), "not deterministic")
            let problems = SchemaValidator.checkSchema(schema)
            try require(problems.count <= 100_000, "unbounded schema problems")
        }
    }
}
