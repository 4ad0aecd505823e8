import PreflightCore
import Testing

@testable import MCPSchema

@Suite("SchemaValidator")
struct SchemaValidatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var schema: String
        var instance: String
        /// Failing keyword (last schemaPath component) expected, or nil when valid.
        var keyword: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "type string ok", schema: ##"{"type":"string"}"##, instance: ##""a""##, keyword: nil),
        Case(name: "type string bad", schema: ##"{"type":"string"}"##, instance: "1", keyword: "type"),
        Case(name: "integer accepts 1.0", schema: ##"{"type":"integer"}"##, instance: "1.0", keyword: nil),
        Case(name: "integer accepts 1e2", schema: ##"{"type":"integer"}"##, instance: "1e2", keyword: nil),
        Case(name: "integer rejects 1.5", schema: ##"{"type":"integer"}"##, instance: "1.5", keyword: "type"),
        Case(name: "number accepts integer", schema: ##"{"type":"number"}"##, instance: "3", keyword: nil),
        Case(name: "type array with null", schema: ##"{"type":["string","null"]}"##, instance: "null", keyword: nil),
        Case(name: "type array miss", schema: ##"{"type":["string","null"]}"##, instance: "true", keyword: "type"),
        Case(name: "enum by value", schema: ##"{"enum":[1,"a",null]}"##, instance: "1.0", keyword: nil),
        Case(name: "enum miss", schema: ##"{"enum":["a","b"]}"##, instance: ##""c""##, keyword: "enum"),
        Case(
            name: "const object any key order", schema: ##"{"const":{"a":1,"b":[2]}}"##, instance: ##"{"b":[2.0],"a":1}"##,
            keyword: nil),
        Case(name: "const miss", schema: ##"{"const":true}"##, instance: "false", keyword: "const"),
        Case(name: "minimum", schema: ##"{"minimum":1}"##, instance: "0", keyword: "minimum"),
        Case(name: "minimum equal ok", schema: ##"{"minimum":1}"##, instance: "1", keyword: nil),
        Case(name: "exclusiveMinimum number", schema: ##"{"exclusiveMinimum":1}"##, instance: "1", keyword: "exclusiveMinimum"),
        Case(
            name: "draft4 exclusive flag", schema: ##"{"maximum":5,"exclusiveMaximum":true}"##, instance: "5", keyword: "maximum"),
        Case(name: "maximum", schema: ##"{"maximum":7}"##, instance: "8", keyword: "maximum"),
        Case(name: "exclusiveMaximum", schema: ##"{"exclusiveMaximum":7}"##, instance: "6.999", keyword: nil),
        Case(name: "multipleOf decimal", schema: ##"{"multipleOf":0.1}"##, instance: "0.3", keyword: nil),
        Case(name: "multipleOf miss", schema: ##"{"multipleOf":3}"##, instance: "10", keyword: "multipleOf"),
        Case(
            name: "big integers by value", schema: ##"{"maximum":12345678901234567890}"##, instance: "12345678901234567891",
            keyword: "maximum"),
        Case(name: "maxLength counts code points", schema: ##"{"maxLength":2}"##, instance: ##""😀😀""##, keyword: nil),
        Case(name: "maxLength miss", schema: ##"{"maxLength":2}"##, instance: ##""abc""##, keyword: "maxLength"),
        Case(name: "minLength miss", schema: ##"{"minLength":1}"##, instance: ##""""##, keyword: "minLength"),
        Case(name: "pattern search semantics", schema: ##"{"pattern":"b+"}"##, instance: ##""abbbc""##, keyword: nil),
        Case(name: "pattern anchored miss", schema: ##"{"pattern":"^[a-z]+$"}"##, instance: ##""abc1""##, keyword: "pattern"),
        Case(name: "pattern ignores non-strings", schema: ##"{"pattern":"^a$"}"##, instance: "5", keyword: nil),
        Case(name: "format ignored by default", schema: ##"{"format":"email"}"##, instance: ##""nope""##, keyword: nil),
        Case(name: "required", schema: ##"{"required":["a"]}"##, instance: "{}", keyword: "required"),
        Case(
            name: "properties nested", schema: ##"{"properties":{"a":{"type":"integer"}}}"##, instance: ##"{"a":"x"}"##,
            keyword: "type"),
        Case(
            name: "additionalProperties false", schema: ##"{"properties":{"a":{}},"additionalProperties":false}"##,
            instance: ##"{"a":1,"b":2}"##, keyword: "additionalProperties"),
        Case(
            name: "additionalProperties schema", schema: ##"{"additionalProperties":{"type":"string"}}"##,
            instance: ##"{"b":2}"##, keyword: "type"),
        Case(
            name: "patternProperties", schema: ##"{"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"##,
            instance: ##"{"x-a":"ok"}"##, keyword: nil),
        Case(
            name: "patternProperties type", schema: ##"{"patternProperties":{"^x-":{"type":"string"}}}"##,
            instance: ##"{"x-a":1}"##, keyword: "type"),
        Case(
            name: "propertyNames", schema: ##"{"propertyNames":{"maxLength":3}}"##, instance: ##"{"long":1}"##,
            keyword: "maxLength"),
        Case(name: "minProperties", schema: ##"{"minProperties":1}"##, instance: "{}", keyword: "minProperties"),
        Case(name: "maxProperties", schema: ##"{"maxProperties":1}"##, instance: ##"{"a":1,"b":2}"##, keyword: "maxProperties"),
        Case(
            name: "dependentRequired", schema: ##"{"dependentRequired":{"a":["b"]}}"##, instance: ##"{"a":1}"##,
            keyword: "dependentRequired"),
        Case(name: "items", schema: ##"{"items":{"type":"integer"}}"##, instance: "[1,2,\"x\"]", keyword: "type"),
        Case(
            name: "prefixItems", schema: ##"{"prefixItems":[{"type":"string"}],"items":false}"##, instance: ##"["a",1]"##,
            keyword: "items"),
        Case(
            name: "draft7 tuple items", schema: ##"{"items":[{"type":"string"}],"additionalItems":{"type":"integer"}}"##,
            instance: ##"["a",1,2]"##, keyword: nil),
        Case(name: "minItems", schema: ##"{"minItems":1}"##, instance: "[]", keyword: "minItems"),
        Case(name: "maxItems", schema: ##"{"maxItems":1}"##, instance: "[1,2]", keyword: "maxItems"),
        Case(name: "uniqueItems by value", schema: ##"{"uniqueItems":true}"##, instance: ##"[1,1.0]"##, keyword: "uniqueItems"),
        Case(
            name: "uniqueItems objects", schema: ##"{"uniqueItems":true}"##, instance: ##"[{"a":1,"b":2},{"b":2,"a":1}]"##,
            keyword: "uniqueItems"),
        Case(name: "contains", schema: ##"{"contains":{"const":3}}"##, instance: "[1,2]", keyword: "contains"),
        Case(
            name: "maxContains", schema: ##"{"contains":{"const":1},"maxContains":1}"##, instance: "[1,1]", keyword: "maxContains"
        ),
        Case(name: "allOf", schema: ##"{"allOf":[{"minimum":1},{"maximum":2}]}"##, instance: "3", keyword: "maximum"),
        Case(name: "anyOf ok", schema: ##"{"anyOf":[{"type":"string"},{"type":"null"}]}"##, instance: "null", keyword: nil),
        Case(name: "anyOf miss", schema: ##"{"anyOf":[{"type":"string"},{"type":"null"}]}"##, instance: "1", keyword: "anyOf"),
        Case(
            name: "oneOf two match", schema: ##"{"oneOf":[{"type":"integer"},{"minimum":0}]}"##, instance: "1", keyword: "oneOf"),
        Case(
            name: "oneOf one match", schema: ##"{"oneOf":[{"type":"integer"},{"type":"string"}]}"##, instance: "1", keyword: nil),
        Case(name: "not", schema: ##"{"not":{"type":"null"}}"##, instance: "null", keyword: "not"),
        Case(
            name: "if then",
            schema: ##"{"if":{"properties":{"k":{"const":"a"}}},"then":{"required":["x"]},"else":{"required":["y"]}}"##,
            instance: ##"{"k":"a"}"##, keyword: "required"),
        Case(
            name: "if else",
            schema: ##"{"if":{"properties":{"k":{"const":"a"}}},"then":{"required":["x"]},"else":{"required":["y"]}}"##,
            instance: ##"{"k":"b","y":1}"##, keyword: nil),
        Case(
            name: "ref defs", schema: ##"{"$defs":{"P":{"type":"integer"}},"properties":{"a":{"$ref":"#/$defs/P"}}}"##,
            instance: ##"{"a":"x"}"##, keyword: "type"),
        Case(
            name: "ref definitions", schema: ##"{"definitions":{"P":{"type":"integer"}},"items":{"$ref":"#/definitions/P"}}"##,
            instance: "[1,2]", keyword: nil),
        Case(
            name: "ref escaped pointer", schema: ##"{"$defs":{"a/b":{"type":"string"}},"$ref":"#/$defs/a~1b"}"##, instance: "1",
            keyword: "type"),
        Case(
            name: "ref anchor", schema: ##"{"$defs":{"x":{"$anchor":"num","type":"number"}},"$ref":"#num"}"##,
            instance: ##""s""##, keyword: "type"),
        Case(
            name: "recursive tree ok",
            schema:
                ##"{"$defs":{"n":{"type":"object","properties":{"c":{"type":"array","items":{"$ref":"#/$defs/n"}}}}},"$ref":"#/$defs/n"}"##,
            instance: ##"{"c":[{"c":[{}]}]}"##, keyword: nil),
        Case(name: "unresolvable ref", schema: ##"{"$ref":"#/$defs/missing"}"##, instance: "1", keyword: "$ref"),
        Case(name: "boolean schema false", schema: ##"{"properties":{"a":false}}"##, instance: ##"{"a":1}"##, keyword: "a"),
        Case(name: "boolean schema true", schema: "true", instance: ##"{"a":1}"##, keyword: nil),
    ]

    @Test(arguments: cases)
    func keyword(_ c: Case) {
        let errors = SchemaValidator.validate(json(c.instance), against: json(c.schema))
        if let keyword = c.keyword {
            #expect(!errors.isEmpty, "expected a \(keyword) error")
            #expect(errors.contains { $0.schemaPath.split(separator: "/").last.map(String.init) == keyword }, "\(errors)")
        } else {
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    @Test func reportsEveryErrorWithPointerPaths() {
        let schema = json(
            ##"{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"array","items":{"type":"string"}},"c/d":{"type":"string"}},"required":["a","z"]}"##
        )
        let errors = SchemaValidator.validate(json(##"{"a":"x","b":["ok",2],"c/d":1}"##), against: schema)
        #expect(Set(errors.map(\.path)) == ["", "/a", "/b/1", "/c~1d"])
        #expect(errors.count == 4)
        #expect(errors.contains { $0.message.contains("missing required property \"z\"") })
    }

    @Test func errorMessagesAreReadable() {
        let schema = json(##"{"properties":{"days":{"type":"integer","maximum":7}}}"##)
        let errors = SchemaValidator.validate(json(##"{"days":8}"##), against: schema)
        #expect(errors.map(\.description) == ["/days: 8 is above the maximum 7"])
        #expect(errors.first?.schemaPath == "/properties/days/maximum")
    }

    @Test func formatsAssertedOnRequest() {
        let validator = SchemaValidator(schema: json(##"{"format":"date-time"}"##), options: .init(assertFormats: true))
        #expect(validator.isValid(json(##""2025-01-15T12:00:00Z""##)))
        #expect(validator.isValid(json(##""2025-01-15T12:00:00.5+01:00""##)))
        #expect(!validator.isValid(json(##""2025-02-30T12:00:00Z""##)))
        #expect(!validator.isValid(json(##""yesterday""##)))
    }

    @Test(arguments: [
        ("date", "2024-02-29", true), ("date", "2023-02-29", false), ("time", "23:59:60Z", true), ("time", "24:00:00Z", false),
        ("email", "user@example.com", true), ("email", "user@", false), ("uri", "https://example.com/a?b", true),
        ("uri", "example.com", false), ("uuid", "123e4567-e89b-12d3-a456-426614174000", true), ("uuid", "123", false),
        ("ipv4", "127.0.0.1", true), ("ipv4", "256.0.0.1", false), ("ipv4", "01.2.3.4", false), ("ipv6", "::1", true),
        ("ipv6", "2001:db8::ff00:42:8329", true), ("ipv6", "1::2::3", false), ("ipv6", "::ffff:192.0.2.1", true),
        ("hostname", "example.com", true), ("hostname", "-bad.com", false), ("unknown-format", "anything", true),
    ])
    func formatChecks(format: String, value: String, valid: Bool) {
        #expect(Formats.isValid(value, format: format) == valid)
    }

    @Test func invalidRegexIsAnErrorNotACrash() {
        let errors = SchemaValidator.validate(json(##""abc""##), against: json(##"{"pattern":"([a-z"}"##))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("invalid regular expression") == true)
        let props = SchemaValidator.validate(json(##"{"a":1}"##), against: json(##"{"patternProperties":{"(":{}}}"##))
        #expect(props.count == 1)
    }

    @Test func catastrophicPatternIsCutOff() {
        let schema = json(##"{"pattern":"^(a+)+$"}"##)
        let errors = SchemaValidator.validate(.string(String(repeating: "a", count: 40) + "!"), against: schema)
        #expect(errors.count == 1)
    }

    @Test func maxErrorsIsRespected() {
        let schema = json(##"{"items":{"type":"string"}}"##)
        let validator = SchemaValidator(schema: schema, options: .init(maxErrors: 5))
        #expect(validator.validate(.array(Array(repeating: .int(1), count: 1000))).count == 5)
    }

    @Test func isDeterministic() {
        let schema = json(##"{"properties":{"a":{"type":"string"},"b":{"minimum":3}},"required":["c","d"]}"##)
        let instance = json(##"{"a":1,"b":1}"##)
        #expect(SchemaValidator.validate(instance, against: schema) == SchemaValidator.validate(instance, against: schema))
    }
}
