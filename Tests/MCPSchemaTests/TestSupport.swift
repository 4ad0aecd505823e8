import Foundation
import PreflightCore
import Testing

@testable import MCPSchema

/// Parses JSON test text; a typo in a test fixture fails the test instead of crashing.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
    do {
        return try JSONParser.parse(text)
    } catch {
        Issue.record("bad test JSON: \(error)", sourceLocation: sourceLocation)
        return .null
    }
}

/// The token corpus beside this file (committed output of make_corpus.py).
let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("TokenCorpus")

func corpusText(_ name: String) throws -> String {
    try String(contentsOf: corpusDirectory.appendingPathComponent(name), encoding: .utf8)
}

/// Tools (name, description, inputSchema) of a corpus listing, e.g. "time.pretty.json".
func corpusTools(_ file: String) throws -> [(name: String, description: String, schema: JSONValue)] {
    let listing = try JSONParser.parse(try corpusText(file))
    return (listing["tools"]?.arrayValue ?? []).compactMap { tool in
        guard let name = tool["name"]?.stringValue, let schema = tool["inputSchema"] else { return nil }
        return (name, tool["description"]?.stringValue ?? "", schema)
    }
}

func validates(_ value: JSONValue, _ schema: JSONValue) -> Bool {
    SchemaValidator(schema: schema, options: .init(assertFormats: true)).validate(value).isEmpty
}
