import Foundation
import MCPSchema
import PreflightCore

/// Token counts of what a client puts in the model's context for this server.
public struct ContextCost: Sendable {
    public var tools: Int
    public var prompts: Int
    public var resources: Int
    public var instructions: Int
    public var total: Int { tools + prompts + resources + instructions }
    public var perTool: [(String, Int)]
    /// Whether part of the count is extrapolated: past `exactBudget` bytes, tokens are priced at
    /// the tokens-per-byte measured so far, so a 10 MB listing costs a bounded time to estimate.
    public private(set) var extrapolated = false
    public static let exactBudget = 1 << 20

    public init(_ f: LiveFacts) {
        var countedBytes = 0
        var countedTokens = 0
        var extrapolated = false
        func tokens(_ text: String) -> Int {
            let bytes = text.utf8.count
            if countedBytes >= Self.exactBudget, countedBytes > 0 {
                extrapolated = true
                return Int((Double(bytes) * Double(countedTokens) / Double(countedBytes)).rounded())
            }
            let n = TokenEstimator.count(text)
            countedBytes += bytes
            countedTokens += n
            return n
        }
        func tokens(_ v: JSONValue) -> Int { tokens(JSONWriter.encode(v)) }
        perTool = f.tools.items.map { tool in
            // Clients send name, description and the input schema to the model.
            let shown = JSONValue.object(
                [
                    ("name", tool["name"] ?? .null), ("description", tool["description"] ?? .null),
                    ("input_schema", tool["inputSchema"] ?? .null),
                ])
            return (tool["name"]?.stringValue ?? "?", tokens(shown))
        }
        tools = perTool.reduce(0) { $0 + $1.1 }
        prompts = f.prompts.items.reduce(0) { $0 + tokens($1) }
        resources = f.templates.items.reduce(0) { $0 + tokens($1) }
        instructions = f.handshake?.instructions.map { tokens($0) } ?? 0
        self.extrapolated = extrapolated
    }
}
