import Foundation
import PreflightCore

/// One tool this server offers: its definition for `tools/list` and what a call does.
public struct ServerTool: Sendable {
    public var name: String
    public var title: String
    public var description: String
    /// JSON Schema of the arguments (an object schema).
    public var inputSchema: JSONValue
    /// JSON Schema of `structuredContent`, which every successful result carries.
    public var outputSchema: JSONValue
    public var run: @Sendable (Arguments) async -> ToolResult

    public init(
        name: String, title: String, description: String, inputSchema: JSONValue, outputSchema: JSONValue,
        run: @escaping @Sendable (Arguments) async -> ToolResult
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.run = run
    }

    /// The `tools/list` entry. Every tool here only reads: annotated so clients may call it freely.
    var definition: JSONValue {
        .object([
            ("name", .string(name)), ("title", .string(title)), ("description", .string(description)),
            ("inputSchema", inputSchema), ("outputSchema", outputSchema),
            (
                "annotations",
                .object([
                    ("title", .string(title)), ("readOnlyHint", .bool(true)), ("destructiveHint", .bool(false)),
                    ("idempotentHint", .bool(true)), ("openWorldHint", .bool(false)),
                ])
            ),
        ])
    }
}

/// A tool's answer: text for the model, `structuredContent` for programs, or an error the model can act on.
public struct ToolResult: Sendable {
    public var text: String
    public var structured: JSONValue?
    public var isError: Bool

    public static func success(_ text: String, structured: JSONValue) -> ToolResult {
        ToolResult(text: text, structured: structured, isError: false)
    }

    /// A tool execution error (`isError: true`): a short sentence saying what to change.
    public static func failure(_ text: String) -> ToolResult { ToolResult(text: text, structured: nil, isError: true) }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("content", .array([.object([("type", .string("text")), ("text", .string(text))])]))
        ]
        if let structured { members.append(("structuredContent", structured)) }
        members.append(("isError", .bool(isError)))
        return .object(members)
    }
}

/// A call's arguments, checked against what the tool declares: a wrong type, a missing required
/// argument or an unknown one is a short error naming it, never a crash or a dump.
public struct Arguments: Sendable {
    let members: [(String, JSONValue)]

    init(_ value: JSONValue?) { members = value?.objectValue ?? [] }

    public subscript(name: String) -> JSONValue? { members.first { $0.0 == name }?.1 }

    /// The value of a string argument; `required` ones must be present and non-empty.
    public func string(_ name: String, required: Bool) throws(ArgumentProblem) -> String? {
        guard let value = self[name], !value.isNull else {
            if required { throw ArgumentProblem("`\(name)` is required") }
            return nil
        }
        guard let text = value.stringValue else { throw ArgumentProblem("`\(name)` must be a string") }
        if required, text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ArgumentProblem("`\(name)` must not be empty")
        }
        return text
    }

    /// Fails on arguments the tool does not take (a misspelt name would otherwise be ignored silently).
    public func only(_ names: Set<String>) throws(ArgumentProblem) {
        if let unknown = members.map(\.0).first(where: { !names.contains($0) }) {
            let known = names.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw ArgumentProblem("unknown argument `\(unknown)`; this tool takes \(known.isEmpty ? "none" : known)")
        }
    }
}

public struct ArgumentProblem: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
