import Foundation
import PreflightCore

/// Whether a tool result's text reads as an error report: what a model would take for a failure.
enum ErrorText {
    static let leading = #"^\s*(error|exception|failed|failure|traceback|invalid|unable to|cannot|could not)\b"#

    static func looksLikeError(_ text: String) -> Bool {
        let head = String(text.prefix(2_000))
        if head.range(of: leading, options: [.regularExpression, .caseInsensitive]) != nil { return true }
        if head.contains("Traceback (most recent call last)") { return true }
        // A JSON document whose top level is an error object.
        if head.trimmingCharacters(in: .whitespaces).hasPrefix("{"), let value = try? JSONParser.parse(text),
            let members = value.objectValue
        {
            return members.contains { ($0.0 == "error" || $0.0 == "errors") && $0.1 != .null && $0.1 != .bool(false) }
        }
        return false
    }
}

struct ToolErrorFlag: LiveCheck {
    static let description = CheckDescription(
        id: "tools.error-flag", title: "Tool errors are flagged with isError", section: .protocol, kind: .live,
        severity: .warning,
        rationale: """
            Errors that arise during tool execution are reported in the result with `isError: true` so the model \
            sees and can handle them (MCP 2025-11-25, server/tools, Error Handling). An error returned as ordinary \
            text passes for a success: clients count it as one, retry logic never runs, and Preflight's own \
            success rate would be wrong.
            """,
        remediation:
            "Raise an exception in the tool (the SDKs turn it into `isError: true`), or return `CallToolResult(isError=True, ...)`.",
        failing: [.server("tools.error-flag")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        var findings: [Finding] = []
        for call in f.toolCalls where call.outcome.result != nil && !call.isError && ErrorText.looksLikeError(call.text) {
            findings.append(Finding("tool `\(call.tool)` returned \"\(call.text.prefixString(80))\" without isError"))
        }
        for call in f.invalidCalls where call.outcome.result != nil && !call.isError && ErrorText.looksLikeError(call.text) {
            findings.append(
                Finding(
                    "tool `\(call.tool)` rejected \(call.violation) with \"\(call.text.prefixString(80))\" but without isError"))
        }
        let checked = f.toolCalls.count + f.invalidCalls.count
        return .from(findings, pass: "\(checked) results checked: error texts come with isError: true")
    }
}
