import MCPSchema
import PreflightCore

/// The bridge to MCPSchema: meaningful arguments, schema violations and output validation.
public enum ToolArguments {
    public struct Generated: Sendable {
        public var arguments: JSONValue
        public var provenance: [String]
    }

    /// The arguments `check` calls a tool with: `[tools.examples.NAME]` (`examples`), then the
    /// schema's examples, defaults and enums, then examples quoted in descriptions, then invented.
    public static func valid(tool: JSONValue, examples: JSONValue?) -> Generated {
        let schema = tool["inputSchema"] ?? .object([("type", .string("object"))])
        let g = ArgumentGenerator.generate(schema: schema, toolDescription: tool["description"]?.stringValue, explicit: examples)
        return Generated(arguments: g.arguments, provenance: g.provenance)
    }

    static func invalid(tool: JSONValue) -> [(label: String, arguments: JSONValue)] {
        let schema = tool["inputSchema"] ?? .object([("type", .string("object"))])
        return ArgumentGenerator.invalidVariants(schema: schema).map { ($0.label, $0.arguments) }
    }

    static func validate(_ instance: JSONValue, against schema: JSONValue) -> [String] {
        SchemaValidator.validate(instance, against: schema).map { "\($0.path): \($0.message)" }
    }
}
