import MCPSchema
import MCPWire
import PreflightCore

/// Calls a tool with meaningful arguments, then with schema-violating ones.
enum ToolProbe {
    static func call(_ c: MCPConnection, tool: JSONValue, options: LiveOptions, timeout: Duration) async -> LiveFacts.ToolCall {
        let name = tool["name"]?.stringValue ?? ""
        let generated = ToolArguments.valid(tool: tool, examples: options.toolExamples[name])
        let outcome = await c.request(
            "tools/call", params: .object([("name", .string(name)), ("arguments", generated.arguments)]), timeout: timeout)
        var call = LiveFacts.ToolCall(
            tool: name, arguments: generated.arguments, provenance: generated.provenance, outcome: outcome, isError: false,
            text: "", structured: nil, outputSchemaErrors: [])
        if let result = outcome.result {
            call.isError = result["isError"]?.boolValue == true
            call.text = textOf(result)
            call.structured = result["structuredContent"]
            if let schema = tool["outputSchema"], let structured = call.structured, !call.isError {
                call.outputSchemaErrors = ToolArguments.validate(structured, against: schema)
            } else if tool["outputSchema"] != nil, call.structured == nil, !call.isError {
                call.outputSchemaErrors = ["the tool declares an outputSchema but returned no structuredContent"]
            }
        } else if case .error(_, let message, _, _) = outcome {
            call.text = message
        }
        return call
    }

    static func invalidCalls(_ c: MCPConnection, _ process: ServerProcess?, tool: JSONValue, timeout: Duration) async
        -> [LiveFacts.InvalidCall]
    {
        let name = tool["name"]?.stringValue ?? ""
        var calls: [LiveFacts.InvalidCall] = []
        // Against a broken schema, "invalid" has no meaning (tools.schema-valid reports the schema).
        guard let schema = tool["inputSchema"], SchemaValidator.checkSchema(schema).isEmpty else { return [] }
        for variant in ToolArguments.invalid(tool: tool).prefix(3) {
            let outcome = await c.request(
                "tools/call", params: .object([("name", .string(name)), ("arguments", variant.arguments)]), timeout: timeout)
            var call = LiveFacts.InvalidCall(
                tool: name, violation: variant.label, outcome: outcome, isError: false, text: "",
                serverAliveAfter: process?.hasExited != true)
            if let result = outcome.result {
                call.isError = result["isError"]?.boolValue == true
                call.text = textOf(result)
            } else if case .error(_, let message, let data, _) = outcome {
                call.text = message + (data.map { " " + JSONWriter.encode($0) } ?? "")
            }
            calls.append(call)
            if process?.hasExited == true { break }
        }
        return calls
    }

    /// The text content of a tool result, for error-masking and leak checks.
    static func textOf(_ result: JSONValue) -> String {
        (result["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
    }
}
