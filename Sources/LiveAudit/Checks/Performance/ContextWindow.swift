import Foundation
import MCPSchema
import PreflightCore

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
        if let skip = LiveSkip.step(f, "listing") { return skip }
        guard let cost = f.contextCost else { return .skip("the definitions were not listed") }
        let window = Double(context.thresholds.contextWindowTokens)
        let limit = context.thresholds.contextWindowPercent
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
