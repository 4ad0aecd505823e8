import PreflightCore
import Testing

@testable import MCPSchema

@Suite("ArgumentGenerator")
struct ArgumentGeneratorTests {
    func generate(_ schema: String, description: String? = nil, examples: String? = nil) -> GeneratedArguments {
        ArgumentGenerator(
            inputSchema: json(schema), toolDescription: description, exampleArguments: examples.map { json($0) }
        ).validArguments()
    }

    @Test func timezoneFromPropertyDescriptionExample() {
        let g = generate(
            ##"{"type":"object","properties":{"timezone":{"type":"string","description":"IANA timezone name (e.g., 'America/New_York', 'Europe/London')."}},"required":["timezone"]}"##
        )
        #expect(g.arguments == json(##"{"timezone":"America/New_York"}"##))
        #expect(g.provenance == ["timezone: from description example (America/New_York)"])
        #expect(g.isValid && g.uncertain.isEmpty)
    }

    @Test func callerExampleWinsOverEverything() {
        let g = generate(
            ##"{"type":"object","properties":{"city":{"type":"string","default":"Paris","examples":["Rome"]},"days":{"type":"integer"}},"required":["city","days"]}"##,
            examples: ##"{"city":"Berlin"}"##)
        #expect(g.arguments == json(##"{"city":"Berlin","days":5}"##))
        #expect(g.provenance.first == "city: from caller example")
    }

    @Test func preferenceOrderExamplesDefaultEnumConst() {
        #expect(
            generate(
                ##"{"type":"object","properties":{"a":{"type":"string","examples":["ex"],"default":"d","enum":["d","e","ex"]}},"required":["a"]}"##
            ).arguments == json(##"{"a":"ex"}"##))
        #expect(
            generate(##"{"type":"object","properties":{"a":{"type":"string","default":"d","enum":["e","d"]}},"required":["a"]}"##)
                .arguments == json(##"{"a":"d"}"##))
        #expect(
            generate(##"{"type":"object","properties":{"a":{"enum":["metric","imperial"]}},"required":["a"]}"##).arguments
                == json(##"{"a":"metric"}"##))
        #expect(
            generate(##"{"type":"object","properties":{"a":{"const":true}},"required":["a"]}"##).arguments
                == json(##"{"a":true}"##))
    }

    @Test func invalidDefaultIsSkipped() {
        let g = generate(##"{"type":"object","properties":{"n":{"type":"integer","minimum":5,"default":1}},"required":["n"]}"##)
        #expect(g.arguments == json(##"{"n":5}"##))
    }

    @Test(arguments: [
        ("(e.g., \"UTC\")", "UTC"), ("for example: `Europe/Paris`", "Europe/Paris"), ("such as 'Tokyo'", "Tokyo"),
        ("like \"Lisbon\"", "Lisbon"), ("Examples: 'Oslo', 'Bergen'", "Oslo"), ("e.g. ‘Kyiv’", "Kyiv"),
    ])
    func descriptionQuoteStyles(description: String, expected: String) {
        let generator = ArgumentGenerator(
            inputSchema: .object([
                ("type", .string("object")),
                (
                    "properties",
                    .object([
                        (
                            "place",
                            .object([("type", .string("string")), ("description", .string("Where to look \(description)"))])
                        )
                    ])
                ),
                ("required", .array([.string("place")])),
            ]))
        #expect(generator.validArguments().arguments == .object([("place", .string(expected))]))
    }

    @Test func toolDescriptionExampleGoesToTheMentionedProperty() {
        let g = generate(
            ##"{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city","unit"]}"##,
            description: "Weather for a city (e.g. 'Reykjavik'); unit such as 'kelvin'.")
        #expect(g.arguments == json(##"{"city":"Reykjavik","unit":"kelvin"}"##))
        #expect(g.provenance.contains("city: from tool description example (Reykjavik)"))
    }

    @Test func numericDescriptionExampleIsTyped() {
        let g = generate(
            ##"{"type":"object","properties":{"target_ms":{"type":"integer","description":"Desired latency, e.g. 50"}},"required":["target_ms"]}"##
        )
        #expect(g.arguments == json(##"{"target_ms":50}"##))
    }

    @Test(arguments: [
        ("timezone", "\"UTC\""), ("city", "\"London\""), ("url", "\"https://example.com\""), ("email", "\"user@example.com\""),
        ("file_path", "\"README.md\""), ("query", "\"test\""), ("q", "\"test\""), ("lang", "\"en\""), ("language", "\"en\""),
        ("date", "\"2025-01-15\""), ("repo_path", "\".\""), ("user_id", "\"1\""), ("search", "\"test\""),
    ])
    func stringNameHints(name: String, expected: String) {
        let g = generate(##"{"type":"object","properties":{"\##(name)":{"type":"string"}},"required":["\##(name)"]}"##)
        #expect(g.arguments == .object([(name, json(expected))]))
        #expect(g.provenance == ["\(name): from property name"])
    }

    @Test(arguments: [
        ("limit", ##"{"type":"integer","minimum":1,"maximum":3}"##, "3"), ("count", ##"{"type":"integer"}"##, "5"),
        ("max_results", ##"{"type":"integer","minimum":10}"##, "10"), ("id", ##"{"type":"integer"}"##, "1"),
        ("page", ##"{"type":"integer","minimum":1}"##, "1"), ("offset", ##"{"type":"integer"}"##, "0"),
    ])
    func numericNameHints(name: String, schema: String, expected: String) {
        let g = generate(##"{"type":"object","properties":{"\##(name)":\##(schema)},"required":["\##(name)"]}"##)
        #expect(g.arguments == .object([(name, json(expected))]))
        #expect(g.isValid)
    }

    @Test(arguments: [
        ("date-time", "2025-01-15T12:00:00Z"), ("date", "2025-01-15"), ("time", "12:00:00Z"), ("email", "user@example.com"),
        ("uri", "https://example.com"), ("uuid", "123e4567-e89b-12d3-a456-426614174000"), ("ipv4", "127.0.0.1"),
        ("hostname", "example.com"),
    ])
    func formats(format: String, expected: String) {
        let g = generate(##"{"type":"object","properties":{"v":{"type":"string","format":"\##(format)"}},"required":["v"]}"##)
        #expect(g.arguments == .object([("v", .string(expected))]))
        #expect(g.isValid)
    }

    @Test(arguments: [
        ##"^[A-Z]{2}-\d{4}$"##, ##"^\d{4}_[a-z0-9_]+\.sql$"##, ##"^(red|green|blue)$"##, ##"^v\d+\.\d+\.\d+$"##,
        ##"^#[0-9a-fA-F]{6}$"##,
        ##"^sk-[A-Za-z0-9]{8,}$"##, ##"^[^@\s]+@[^@\s]+$"##, ##"prefix-"##, ##"^(?:foo|bar)?baz$"##,
    ])
    func patternsAreMatched(pattern: String) {
        let schema: JSONValue = .object([
            ("type", .string("object")),
            ("properties", .object([("code", .object([("type", .string("string")), ("pattern", .string(pattern))]))])),
            ("required", .array([.string("code")])),
        ])
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(g.isValid, "\(pattern): \(g.arguments) \(g.problems)")
        #expect(g.uncertain.isEmpty)
    }

    @Test func unsupportedPatternIsMarkedUncertain() {
        let schema: JSONValue = .object([
            ("type", .string("object")),
            (
                "properties",
                .object([("v", .object([("type", .string("string")), ("pattern", .string(##"^(?=.*\d)(\w)\1$"##))]))])
            ),
            ("required", .array([.string("v")])),
        ])
        let g = ArgumentGenerator(inputSchema: schema).validArguments()
        #expect(g.uncertain == ["v"])
        #expect(g.provenance.contains { $0.contains("uncertain") })
    }

    @Test func boundsLengthsAndMultiples() {
        let g = generate(
            ##"{"type":"object","properties":{"a":{"type":"integer","exclusiveMinimum":10,"maximum":20,"multipleOf":4},"b":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"c":{"type":"string","minLength":12,"maxLength":12},"d":{"type":"array","items":{"type":"integer"},"minItems":3,"uniqueItems":true}},"required":["a","b","c","d"]}"##
        )
        #expect(g.isValid, "\(g.arguments) \(g.problems)")
        #expect(g.arguments["a"] == .int(12))
        #expect(g.arguments["c"]?.stringValue?.count == 12)
        #expect(g.arguments["d"]?.arrayValue?.count == 3)
    }

    @Test func typeArraysPreferNonNull() {
        let g = generate(##"{"type":"object","properties":{"a":{"type":["null","string"]}},"required":["a"]}"##)
        #expect(g.arguments == json(##"{"a":"example"}"##))
    }

    @Test func optionalPropertiesAreLeftOut() {
        let g = generate(##"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["b"]}"##)
        #expect(g.arguments == json(##"{"b":"example"}"##))
    }

    @Test func nestedObjectsRefsAndDefinitions() {
        let g = generate(
            ##"{"type":"object","$defs":{"Point":{"type":"object","properties":{"lat":{"type":"number"},"lon":{"type":"number"}},"required":["lat","lon"]}},"definitions":{"Name":{"type":"string","minLength":2}},"properties":{"where":{"$ref":"#/$defs/Point"},"name":{"$ref":"#/definitions/Name"}},"required":["where","name"]}"##
        )
        #expect(g.arguments == json(##"{"where":{"lat":51.5074,"lon":-0.1278},"name":"example"}"##))
        #expect(g.provenance.contains("where.lat: from property name"))
    }

    @Test func anyOfPicksTheFirstSatisfiableBranch() {
        let g = generate(
            ##"{"type":"object","properties":{"v":{"anyOf":[{"type":"string","minLength":5,"maxLength":2},{"type":"integer","minimum":7}]}},"required":["v"]}"##
        )
        #expect(g.arguments == json(##"{"v":7}"##))
        #expect(g.isValid)
    }

    @Test func oneOfWithDiscriminator() {
        let g = generate(
            ##"{"type":"object","properties":{"p":{"oneOf":[{"type":"object","properties":{"kind":{"const":"webhook"},"url":{"type":"string","format":"uri"}},"required":["kind","url"]},{"type":"object","properties":{"kind":{"const":"script"}},"required":["kind"]}]}},"required":["p"]}"##
        )
        #expect(g.arguments == json(##"{"p":{"kind":"webhook","url":"https://example.com"}}"##))
        #expect(g.isValid)
    }

    @Test func allOfIsMerged() {
        let g = generate(
            ##"{"type":"object","allOf":[{"properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"a":{"minimum":3},"b":{"type":"boolean"}},"required":["b"]}]}"##
        )
        #expect(g.arguments == json(##"{"a":3,"b":false}"##))
        #expect(g.isValid)
    }

    @Test func pythonSDKOptionalRefPattern() {
        let g = generate(
            ##"{"$defs":{"F":{"properties":{"field":{"type":"string"}},"required":["field"],"type":"object"}},"properties":{"f":{"anyOf":[{"$ref":"#/$defs/F"},{"type":"null"}],"default":null}},"required":["f"],"type":"object"}"##
        )
        #expect(g.isValid)
        #expect(g.arguments["f"] == .null)  // the schema default wins: null is what the SDK would send
    }

    @Test func dependentRequiredPullsInProperties() {
        let g = generate(
            ##"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"dependentRequired":{"a":["b"]}}"##
        )
        #expect(g.arguments == json(##"{"a":"example","b":"example"}"##))
    }

    @Test func deterministic() throws {
        for tool in try corpusTools("kitchen-sink.pretty.json") + corpusTools("github.pretty.json") {
            let a = ArgumentGenerator(inputSchema: tool.schema, toolDescription: tool.description)
            let b = ArgumentGenerator(inputSchema: tool.schema, toolDescription: tool.description)
            #expect(a.validArguments() == b.validArguments())
            #expect(a.invalidArguments() == b.invalidArguments())
        }
    }

    @Test func staticConveniences() {
        let schema = json(##"{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}"##)
        #expect(ArgumentGenerator.generate(schema: schema, explicit: json(##"{"a":9}"##)).arguments == json(##"{"a":9}"##))
        #expect(ArgumentGenerator.invalidVariants(schema: schema).count == 3)
    }
}
