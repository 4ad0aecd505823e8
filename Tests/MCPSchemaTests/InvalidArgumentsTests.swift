import PreflightCore
import Testing

@testable import MCPSchema

@Suite("ArgumentGenerator invalid variants")
struct InvalidArgumentsTests {
    func variants(_ schema: String) -> [InvalidArguments] {
        ArgumentGenerator(inputSchema: json(schema)).invalidArguments()
    }

    @Test func everyKindIsProducedAndLabelled() {
        let all = variants(
            ##"{"type":"object","properties":{"city":{"type":"string","maxLength":10,"minLength":2,"pattern":"^[A-Za-z]+$"},"days":{"type":"integer","minimum":1,"maximum":7},"units":{"enum":["metric","imperial"]},"tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":2}},"required":["city","days","units","tags"],"additionalProperties":false}"##
        )
        let kinds = Set(all.map(\.violation))
        #expect(kinds == Set(Violation.allCases).subtracting([.constViolation]))
        let labels = all.map(\.label)
        #expect(labels.contains("missing required property \"city\""))
        #expect(labels.contains("\"days\" = 0, below the minimum 1"))
        #expect(labels.contains("\"days\" = 8, above the maximum 7"))
        #expect(labels.contains("\"city\" is 11 characters, over maxLength 10"))
        #expect(labels.contains("unexpected property \"unexpected_property\" (additionalProperties is false)"))
        #expect(labels.contains("\"units\" is \"not-a-valid-option\", not one of the enum values"))
        #expect(all.first?.violation == .notAnObject)
        #expect(all.first?.arguments == .string("not an object"))
    }

    @Test func eachVariantFailsAndTheValidOnePasses() throws {
        for file in [
            "time.pretty.json", "git.pretty.json", "fetch.pretty.json", "filesystem.pretty.json", "github.pretty.json",
            "database.pretty.json", "i18n.pretty.json", "kitchen-sink.pretty.json", "sdk-notes.pretty.json",
        ] {
            for tool in try corpusTools(file) {
                let generator = ArgumentGenerator(inputSchema: tool.schema, toolDescription: tool.description)
                let valid = generator.validArguments()
                #expect(valid.isValid, "\(tool.name): \(valid.problems)")
                #expect(valid.uncertain.isEmpty, "\(tool.name): \(valid.uncertain)")
                let validator = SchemaValidator(schema: tool.schema)
                for variant in generator.invalidArguments() {
                    #expect(!validator.isValid(variant.arguments), "\(tool.name): \(variant.label) is valid")
                }
            }
        }
    }

    @Test func exclusiveAndDraft4Bounds() {
        let labels = variants(
            ##"{"type":"object","properties":{"a":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"b":{"type":"integer","minimum":0,"maximum":9,"exclusiveMaximum":true}},"required":["a","b"]}"##
        ).map(\.label)
        #expect(labels.contains("\"a\" = 0, below the minimum 0 (exclusive)"))
        #expect(labels.contains("\"a\" = 1, above the maximum 1 (exclusive)"))
        #expect(
            labels.contains("\"b\" = 10, above the maximum 9") || labels.contains("\"b\" = 9, above the maximum 9 (exclusive)"))
    }

    @Test func nestedViolationsHavePointerPaths() {
        let all = variants(
            ##"{"type":"object","properties":{"filter":{"type":"object","properties":{"op":{"enum":["eq","ne"]}},"required":["op"]}},"required":["filter"]}"##
        )
        let nested = all.filter { $0.path == "/filter/op" }
        #expect(Set(nested.map(\.violation)) == Set<Violation>([.missingRequired, .enumViolation]))
        #expect(nested.contains { $0.label == "missing required property \"filter.op\"" })
    }

    @Test func optionalPropertiesGetBoundViolations() {
        let all = variants(
            ##"{"type":"object","properties":{"q":{"type":"string"},"limit":{"type":"integer","maximum":100}},"required":["q"]}"##
        )
        let limit = all.first { $0.violation == .aboveMaximum }
        #expect(limit?.arguments == json(##"{"q":"test","limit":101}"##))
    }

    /// Values no lax validator coerces (pydantic's lax mode accepts "yes" and 1 for a boolean, "12" for a number).
    @Test func wrongTypeValuesStayWrongUnderLaxCoercion() {
        let all = variants(
            ##"{"type":"object","properties":{"n":{"type":"integer"},"b":{"type":"boolean"},"s":{"type":"string"}},"required":["n","b","s"]}"##
        )
        let wrong = Dictionary(uniqueKeysWithValues: all.filter { $0.violation == .wrongType }.map { ($0.path, $0.arguments) })
        #expect(wrong["/n"]?["n"] == .string("not-a-number"))
        #expect(wrong["/b"]?["b"] == .string("not-a-boolean"))
        #expect(wrong["/s"]?["s"] == .object([("preflight", .string("not-a-string"))]))
    }

    @Test func constViolation() {
        let all = variants(##"{"type":"object","properties":{"confirm":{"const":true}},"required":["confirm"]}"##)
        #expect(all.contains { $0.violation == .constViolation && $0.arguments == json(##"{"confirm":false}"##) })
    }

    @Test func untypedSchemaStillGetsObjectVariants() {
        let all = variants(##"{"type":"object"}"##)
        #expect(all.map(\.violation) == [.notAnObject])
    }
}
