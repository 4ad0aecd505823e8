import MCPWire
import PreflightCore

struct Pagination: LiveCheck {
    static let description = CheckDescription(
        id: "protocol.pagination", title: "List pagination terminates and rejects bad cursors", section: .protocol,
        kind: .live, severity: .warning,
        rationale: """
            Clients follow `nextCursor` until it is absent; a cursor that repeats loops them forever. Invalid cursors \
            SHOULD get -32602 (MCP 2025-11-25, server/utilities/pagination).
            """,
        remediation:
            "Make cursors opaque tokens that advance, omit nextCursor on the last page, and reject unknown cursors with -32602.",
        failing: [.server("protocol.pagination")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "listing") { return skip }
        if let skip = LiveSkip.closed(f, f.invalidCursor) { return skip }
        var findings: [Finding] = []
        for l in [f.tools, f.prompts, f.resources, f.templates] where l.declared && l.cursorLoop {
            findings.append(Finding("\(l.method): nextCursor repeats (or never ends after \(l.pages) pages)"))
        }
        if let o = f.invalidCursor, f.stepsRun.contains("protocol probes") {
            if o.result != nil {
                // The spec's word is SHOULD; it bites when the server really pages (a client may loop).
                let pages = f.tools.pages > 1
                findings.append(
                    Finding(
                        "tools/list accepted an invalid cursor and returned a result\(pages ? "" : " (the server does not paginate, so this is a warning)")",
                        status: pages ? .fail : .warn))
            } else if let code = o.errorCode, code != -32602 {
                findings.append(Finding("an invalid cursor got error \(code), -32602 expected", status: .warn))
            } else if o.errorCode == nil {
                findings.append(Finding("an invalid cursor got \(o.summary)"))
            }
        }
        let pages = [f.tools, f.prompts, f.resources, f.templates].filter(\.declared).map {
            "\($0.method) \($0.pages) page\($0.pages == 1 ? "" : "s")"
        }
        return .from(findings, pass: "every list ends (\(pages.joined(separator: ", "))); an invalid cursor is rejected")
    }
}
