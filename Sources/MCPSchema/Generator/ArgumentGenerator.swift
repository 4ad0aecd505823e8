import Foundation
import PreflightCore

/// Generates test arguments for an MCP tool from its `inputSchema`: one meaningful valid object
/// (values a real caller would send, each explained in `provenance`) and labelled invalid
/// variants a correct server must reject. Pure and deterministic: no randomness, no clock.
public struct ArgumentGenerator: Sendable {
    public let inputSchema: JSONValue
    public let toolDescription: String
    /// Caller-supplied example arguments (e.g. from config); their values win over anything generated.
    public let exampleArguments: JSONValue?

    public init(inputSchema: JSONValue, toolDescription: String? = nil, exampleArguments: JSONValue? = nil) {
        self.inputSchema = inputSchema
        self.toolDescription = toolDescription ?? ""
        self.exampleArguments = exampleArguments
    }

    public func validArguments() -> GeneratedArguments {
        var builder = ValueBuilder(root: inputSchema, toolExamples: toolExamples())
        let overrides = exampleArguments?.objectValue
        var arguments: JSONValue
        if let example = exampleArguments, overrides == nil {
            arguments = example  // not an object: the caller knows best; validation reports it
            builder.provenance.append(ArgumentProvenance(path: "(arguments)", source: .callerExample))
        } else {
            arguments = builder.build(inputSchema, name: nil, path: [], refs: [], depth: 0, overrides: overrides)
        }
        if case .null = arguments { arguments = .object([]) }  // MCP arguments are always an object
        let problems = SchemaValidator(schema: inputSchema, options: .init(assertFormats: true)).validate(arguments)
        return GeneratedArguments(
            arguments: arguments, sources: builder.provenance, uncertain: builder.uncertain, problems: problems)
    }

    public func invalidArguments() -> [InvalidArguments] {
        InvalidVariants(root: inputSchema).variants(of: validArguments().arguments)
    }

    /// One-call form of `validArguments()`; `explicit` are the caller's example arguments.
    public static func generate(schema: JSONValue, toolDescription: String? = nil, explicit: JSONValue? = nil)
        -> GeneratedArguments
    {
        ArgumentGenerator(inputSchema: schema, toolDescription: toolDescription, exampleArguments: explicit).validArguments()
    }

    /// One-call form of `invalidArguments()`.
    public static func invalidVariants(schema: JSONValue, toolDescription: String? = nil) -> [InvalidArguments] {
        ArgumentGenerator(inputSchema: schema, toolDescription: toolDescription).invalidArguments()
    }

    /// Examples quoted in the tool description, assigned to the top-level property mentioned
    /// just before each one (or to the only property when there is exactly one).
    func toolExamples() -> [String: [String]] {
        guard !toolDescription.isEmpty else { return [:] }
        var stack: [String] = []
        let flat = SchemaResolver(root: inputSchema).flatten(inputSchema, stack: &stack) ?? .object([])
        let names = flat.members("properties").map(\.0)
        guard !names.isEmpty else { return [:] }
        let lowered = Array(toolDescription.lowercased())
        var assigned: [String: [String]] = [:]
        for example in DescriptionExamples.extract(from: toolDescription) {
            let windowStart = max(0, example.offset - 120)
            let window = String(lowered[windowStart..<min(example.offset, lowered.count)])
            var best: (name: String, position: Int)?
            for name in names {
                for spelling in Set([name.lowercased(), NameHints.words(name).joined(separator: " ")]) where !spelling.isEmpty {
                    guard let range = window.range(of: spelling, options: .backwards) else { continue }
                    let position = window.distance(from: window.startIndex, to: range.upperBound)
                    if best == nil || position > best?.position ?? 0 { best = (name, position) }
                }
            }
            if let target = best?.name ?? (names.count == 1 ? names[0] : nil) {
                assigned[target, default: []].append(example.text)
            }
        }
        return assigned
    }
}
