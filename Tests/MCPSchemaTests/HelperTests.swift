import PreflightCore
import Testing

@testable import MCPSchema

@Suite("Description examples, patterns, names")
struct HelperTests {
    @Test(arguments: [
        ("IANA timezone name (e.g., 'America/New_York', 'Europe/London').", ["America/New_York", "Europe/London"]),
        ("Zone (e.g., \"UTC\")", ["UTC"]),
        ("for example: `Europe/Paris`", ["Europe/Paris"]),
        ("a city such as 'Lyon' or 'Nice'", ["Lyon", "Nice"]),
        ("Use pattern like '*.ext' to match", ["*.ext"]),
        ("ISO 8601 timestamp, e.g. 2024-01-31T23:59:59Z)", ["2024-01-31T23:59:59Z"]),
        ("Examples: 'a b', 'c'", ["a b", "c"]),
        ("likely unlike 'x'", []),
        ("e.g. the user's name", []),
        ("Name der Stadt, z. B. 'Düsseldorf'", ["Düsseldorf"]),
        ("搜索关键词，例如“人工智能”", []),
    ])
    func descriptionExamples(text: String, expected: [String]) {
        #expect(DescriptionExamples.extract(from: text).map(\.text) == expected)
    }

    @Test func quotedValuesWithoutMarkers() {
        #expect(
            DescriptionExamples.quoted(in: "List local ('local'), remote ('remote') or all('all'). Don't guess.") == [
                "local", "remote", "all",
            ])
    }

    @Test(arguments: [
        (##"^[A-Z]{2}-\d{4}$"##, "AA-0000"), (##"^(red|green)$"##, "red"), (##"^\d{4}_[a-z0-9_]+\.sql$"##, "0000_a.sql"),
        (##"^#[0-9a-fA-F]{6}$"##, "#aaaaaa"), (##"ab?c*d+"##, "ad"), (##"^[^0-9]{2}$"##, "aa"), (##"\u0041\x42"##, "AB"),
    ])
    func patternGeneration(pattern: String, expected: String) {
        #expect(PatternGenerator.generate(pattern) == expected)
    }

    @Test(arguments: [##"(?=a)"##, ##"(a)\1"##, ##"\bword"##, ##"\p{L}+"##, ##"[a-"##, ##"a{2,1x}"##, ##"*a"##])
    func unsupportedPatterns(pattern: String) {
        #expect(PatternGenerator.generate(pattern) == nil)
    }

    @Test func patternExtraRepetitionsReachMinLength() {
        #expect(PatternGenerator.generate(##"^[a-z]+$"##, extra: 4) == "aaaaa")
        #expect(PatternGenerator.generate(##"^[a-z]{2}$"##, extra: 4) == "aa")
    }

    @Test(arguments: [
        ("repo_path", ["repo", "path"]), ("repoPath", ["repo", "path"]), ("Max-Results", ["max", "results"]),
        ("userID", ["user", "id"]), ("q", ["q"]),
    ])
    func nameWords(name: String, words: [String]) {
        #expect(NameHints.words(name) == words)
    }

    @Test func singularForArrayItems() {
        #expect(
            ["files", "entries", "boxes", "address", "ids"].map(ValueBuilder.singular) == [
                "file", "entry", "box", "address", "id",
            ])
    }

    @Test func jsonPointerRoundTrip() {
        let doc = json(##"{"a/b":{"c~d":[10,20]}}"##)
        let pointer = JSONPointer.append(JSONPointer.append(JSONPointer.append("", "a/b"), "c~d"), 1)
        #expect(pointer == "/a~1b/c~0d/1")
        #expect(JSONPointer.resolve(pointer, in: doc) == .int(20))
        #expect(JSONPointer.resolve("/missing", in: doc) == nil)
    }

    @Test func numbersCompareByValue() {
        #expect(SchemaNumber("1.0") == SchemaNumber("1"))
        #expect(SchemaNumber("1e2")?.isInteger == true)
        #expect(SchemaNumber("0.30")?.isMultiple(of: SchemaNumber(0.1)) == true)
        #expect(SchemaNumber("1e400")?.double.isInfinite == true)
    }
}
