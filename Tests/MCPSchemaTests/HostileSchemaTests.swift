import PreflightCore
import Testing

@testable import MCPSchema

/// Schemas a broken or malicious server might send: none may crash or hang any component.
@Suite("Hostile schemas")
struct HostileSchemaTests {
    static func deep(_ levels: Int) -> JSONValue {
        var schema: JSONValue = .object([("type", .string("string"))])
        for _ in 0..<levels {
            schema = .object([
                ("type", .string("object")), ("properties", .object([("a", schema)])), ("required", .array([.string("a")])),
            ])
        }
        return schema
    }

    static func deepInstance(_ levels: Int) -> JSONValue {
        var value: JSONValue = .string("x")
        for _ in 0..<levels { value = .object([("a", value)]) }
        return value
    }

    @Test func tenThousandLevelsDeep() {
        let schema = Self.deep(10_000)
        let errors = SchemaValidator.validate(Self.deepInstance(10_000), against: schema)
        #expect(errors.contains { $0.message.contains("deeper than 64") })
        #expect(SchemaValidator.checkSchema(schema).contains { $0.message.contains("deeper than 64") })
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(!g.uncertain.isEmpty)
        #expect(!ArgumentGenerator(inputSchema: schema).invalidArguments().isEmpty)
    }

    @Test func selfReferencingRef() {
        let schema = json(##"{"type":"object","$ref":"#","properties":{"a":{"$ref":"#/properties/a"}},"required":["a"]}"##)
        let errors = SchemaValidator.validate(json(##"{"a":1}"##), against: schema)
        #expect(errors.contains { $0.message.contains("circular $ref") })
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(!g.isValid)
        #expect(!g.uncertain.isEmpty)
        _ = ArgumentGenerator(inputSchema: schema).invalidArguments()
        _ = SchemaValidator.checkSchema(schema)
    }

    @Test func mutuallyRecursiveRequiredRefs() {
        let schema = json(
            ##"{"type":"object","$defs":{"A":{"type":"object","properties":{"b":{"$ref":"#/$defs/B"}},"required":["b"]},"B":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}},"required":["a"]}},"properties":{"root":{"$ref":"#/$defs/A"}},"required":["root"]}"##
        )
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(g.uncertain == ["root.b.a"])  // where the cycle closes
        #expect(SchemaValidator.checkSchema(schema).isEmpty)
    }

    @Test func refChainLoop() {
        let schema = json(
            ##"{"type":"object","$defs":{"x":{"$ref":"#/$defs/y"},"y":{"$ref":"#/$defs/x"}},"properties":{"v":{"$ref":"#/$defs/x"}},"required":["v"]}"##
        )
        #expect(!SchemaValidator.validate(json(##"{"v":1}"##), against: schema).isEmpty)
        #expect(!ArgumentGenerator(inputSchema: schema).validArguments().isValid)
    }

    @Test func hugeEnum() {
        let values = (0..<100_000).map { JSONValue.string("v\($0)") }
        let schema: JSONValue = .object([
            ("type", .string("object")), ("properties", .object([("e", .object([("enum", .array(values))]))])),
            ("required", .array([.string("e")])),
        ])
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(g.arguments == json(##"{"e":"v0"}"##))
        let variants = ArgumentGenerator(inputSchema: schema).invalidArguments()
        #expect(variants.contains { $0.violation == .enumViolation })
        #expect(SchemaValidator.validate(json(##"{"e":"v99999"}"##), against: schema).isEmpty)
    }

    @Test func invalidRegexEverywhere() {
        let schema = json(
            ##"{"type":"object","properties":{"a":{"type":"string","pattern":"(unclosed"}},"patternProperties":{"[":{}},"required":["a"]}"##
        )
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(!g.isValid)
        #expect(g.uncertain == ["a"])
        #expect(SchemaValidator.checkSchema(schema).count == 2)
        _ = ArgumentGenerator(inputSchema: schema).invalidArguments()
    }

    @Test(arguments: [##""just a string""##, "42", "null", "[1,2]", "false", "true"])
    func nonObjectSchema(text: String) {
        let schema = json(text)
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(g.arguments.isObject)
        #expect(!SchemaValidator.checkSchema(schema).isEmpty)
        _ = SchemaValidator.validate(json("{}"), against: schema)
        _ = ArgumentGenerator(inputSchema: schema).invalidArguments()
    }

    @Test func wrongKeywordTypesDoNotCrash() {
        let schema = json(
            ##"{"type":7,"properties":"x","required":{"a":1},"enum":"no","minLength":"3","items":5,"allOf":{},"anyOf":[1,2],"$ref":5,"pattern":[],"minimum":"1","multipleOf":-3,"maxItems":-1}"##
        )
        _ = SchemaValidator.validate(json(##"{"a":[1]}"##), against: schema)
        _ = ArgumentGenerator(inputSchema: schema).validArguments()
        _ = ArgumentGenerator(inputSchema: schema).invalidArguments()
        #expect(SchemaValidator.checkSchema(schema).count >= 10)
    }

    @Test func exponentialAnyOfIsBudgeted() {
        var schema: JSONValue = .object([("type", .string("integer"))])
        for _ in 0..<40 { schema = .object([("anyOf", .array([.object([("type", .string("string"))]), schema, schema]))]) }
        let errors = SchemaValidator.validate(json("true"), against: schema)
        #expect(errors.contains { $0.message.contains("evaluation steps") } || !errors.isEmpty)
    }

    @Test func hugeBoundsAndLengths() {
        let schema = json(
            ##"{"type":"object","properties":{"n":{"type":"integer","minimum":1e300},"s":{"type":"string","minLength":1000000,"maxLength":1000000},"a":{"type":"array","minItems":1000000}},"required":["n","s","a"]}"##
        )
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(g.arguments["n"].flatMap { SchemaNumber($0) }.map { $0.double >= 1e300 } == true)
        _ = ArgumentGenerator(inputSchema: schema).invalidArguments()
    }

    @Test func unsatisfiableSchemaReportsProblems() {
        let g = ArgumentGenerator(
            inputSchema: json(
                ##"{"type":"object","properties":{"a":{"type":"integer","minimum":5,"maximum":1}},"required":["a"]}"##)
        ).validArguments()
        #expect(!g.isValid)
        #expect(g.uncertain == ["a"])
    }
}
