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

struct ContextWindow: LiveCheck {
    static let description = CheckDescription(
        id: "perf.context-window", title: "Definitions use under 10% of the context window", section: .performance,
        kind: .live, severity: .warning,
        rationale: """
            Tool, prompt and resource-template definitions and the server's instructions sit in the model's context \
            on every turn, before the user says anything (checklist: context window usage under 10%). Counted with \
            \(TokenEstimator.name).
            """,
        remediation: "Shorten descriptions, drop rarely used tools, or move reference text into resources fetched on demand.",
        failing: [.server("tools.count", config: "[thresholds]\ncontext-window-tokens = 2000\n")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.handshake(f) { return skip }
        let cost = ContextCost(f)
        let window = context.threshold("context-window-tokens", 200_000)
        let limit = context.threshold("context-window-percent", 10)
        let percent = Double(cost.total) * 100 / max(1, window)
        let top = cost.perTool.sorted { $0.1 > $1.1 }.prefix(3).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        var evidence = JSONObjectBuilder()
        evidence.set("tokens", cost.total)
        evidence.set("percent", .double(percent, digits: 2))
        evidence.set("tokenizer", TokenEstimator.name)
        evidence.set("extrapolatedPastBytes", cost.extrapolated ? .int(ContextCost.exactBudget) : .null)
        evidence.set("largestTools", top)
        let message =
            "\(cost.total) tokens, \(String(format: "%.1f", percent))% of a \(Int(window))-token window (tools \(cost.tools), prompts \(cost.prompts), resource templates \(cost.resources), instructions \(cost.instructions))"
            + (cost.extrapolated ? " (past the first MiB of definitions, extrapolated at the measured tokens per byte)" : "")
        if percent >= limit { return .fail(message + (top.isEmpty ? "" : "; largest tools: \(top)"), evidence: evidence.value) }
        return .pass(message, evidence: evidence.value)
    }
}
