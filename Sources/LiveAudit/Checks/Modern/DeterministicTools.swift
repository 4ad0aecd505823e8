import PreflightCore

struct ModernDeterministicTools: LiveCheck {
    static let description = CheckDescription(
        id: "modern.deterministic-tools", title: "tools/list returns the same tools in the same order", section: .modernProtocol,
        kind: .live, severity: .warning,
        rationale: """
            2026-07-28 servers SHOULD return tools in a deterministic order, and the set MUST NOT vary per \
            connection or as a side effect of other requests (MCP 2026-07-28 server/tools.mdx §Capabilities; \
            changelog, minor change 3): a stable list keeps model prompt caches warm and clients' views consistent. \
            The full list is fetched four times.
            """,
        remediation: "Register tools once at start-up and list them in a fixed order (sorted, or registration order).",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let orders = f.modern?.toolOrders, orders.count >= 2, let first = orders.first else {
            return LiveSkip.notMeasured(f, "tools/list was not fetched repeatedly")
        }
        let evidence = JSONValue.array(orders.map { JSONValue.strings($0) })
        var findings: [Finding] = []
        if let other = orders.first(where: { Set($0) != Set(first) }) {
            let added = Set(other).subtracting(first).sorted()
            let gone = Set(first).subtracting(other).sorted()
            findings.append(
                Finding(
                    "the set of tools changed between listings with nothing else happening (added: \(added.joined(separator: ", ")); gone: \(gone.joined(separator: ", ")))"
                ))
        } else if let other = orders.first(where: { $0 != first }) {
            findings.append(
                Finding(
                    "tools/list returned the same tools in another order (\(first.prefix(4).joined(separator: ", ")) … then \(other.prefix(4).joined(separator: ", ")) …)"
                ))
        }
        return .from(
            findings, pass: "\(orders.count) listings returned the same \(first.count) tools in the same order",
            evidence: evidence)
    }
}
