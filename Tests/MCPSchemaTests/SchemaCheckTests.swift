import PreflightCore
import Testing

@testable import MCPSchema

@Suite("SchemaValidator.checkSchema")
struct SchemaCheckTests {
    @Test func realServerSchemasAreValid() throws {
        for file in [
            "time.pretty.json", "git.pretty.json", "fetch.pretty.json", "filesystem.pretty.json", "github.pretty.json",
            "database.pretty.json", "i18n.pretty.json", "kitchen-sink.pretty.json", "sdk-notes.pretty.json",
        ] {
            for tool in try corpusTools(file) {
                #expect(SchemaValidator.checkSchema(tool.schema).isEmpty, "\(file) \(tool.name)")
            }
        }
    }

    @Test(arguments: [
        (##""object""##, "inputSchema must be a JSON object"),
        ("[]", "inputSchema must be a JSON object"),
        ("true", "inputSchema must be a JSON object"),
        (##"{}"##, "top-level \"type\" must be \"object\""),
        (##"{"type":"string"}"##, "top-level \"type\" must be \"object\""),
        (##"{"type":"object","properties":[]}"##, "properties must be an object of schemas"),
        (##"{"type":"object","properties":{"a":{"type":"strin"}}}"##, "unknown type"),
        (##"{"type":"object","properties":{"a":5}}"##, "a schema must be an object or boolean"),
        (##"{"type":"object","required":"a"}"##, "required must be an array of strings"),
        (##"{"type":"object","required":["a","a"]}"##, "required lists a name twice"),
        (##"{"type":"object","properties":{"a":{"minLength":-1}}}"##, "minLength must be a non-negative integer"),
        (##"{"type":"object","properties":{"a":{"maxItems":1.5}}}"##, "maxItems must be a non-negative integer"),
        (##"{"type":"object","properties":{"a":{"minimum":"1"}}}"##, "minimum must be a number"),
        (##"{"type":"object","properties":{"a":{"multipleOf":0}}}"##, "multipleOf must be a number greater than 0"),
        (##"{"type":"object","properties":{"a":{"pattern":"(("}}}"##, "invalid regular expression"),
        (##"{"type":"object","patternProperties":{"[":{}}}"##, "invalid regular expression"),
        (##"{"type":"object","properties":{"a":{"$ref":"#/$defs/nope"}}}"##, "does not resolve"),
        (##"{"type":"object","properties":{"a":{"$ref":"https://example.com/s.json"}}}"##, "not a local reference"),
        (##"{"type":"object","anyOf":[]}"##, "anyOf must not be empty"),
        (##"{"type":"object","properties":{"a":{"enum":[]}}}"##, "enum is empty"),
        (##"{"type":"object","properties":{"a":{"enum":"x"}}}"##, "enum must be an array"),
        (##"{"type":"object","properties":{"a":{"type":["string","string"]}}}"##, "twice"),
        (##"{"type":"object","description":5}"##, "description must be a string"),
        (##"{"type":"object","additionalProperties":"no"}"##, "a schema must be an object or boolean"),
    ])
    func structuralProblems(schema: String, message: String) {
        let problems = SchemaValidator.checkSchema(json(schema))
        #expect(problems.contains { $0.message.contains(message) }, "\(problems)")
    }

    @Test func problemPathsPointIntoTheSchema() {
        let problems = SchemaValidator.checkSchema(json(##"{"type":"object","properties":{"a/b":{"items":{"type":7}}}}"##))
        #expect(problems.map(\.path) == ["/properties/a~1b/items/type"])
    }

    @Test func acceptsDraft07AndBooleanSubschemas() {
        let schema = json(
            ##"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":true,"t":{"items":[{"type":"string"}],"additionalItems":false},"m":{"maximum":3,"exclusiveMaximum":true}},"definitions":{"x":{"type":"null"}},"dependencies":{"a":["t"],"m":{"required":["a"]}}}"##
        )
        #expect(SchemaValidator.checkSchema(schema).isEmpty)
    }
}
