import PreflightCore

struct ModernCacheableLists: LiveCheck {
    static let description = CheckDescription(
        id: "modern.cacheable-lists", title: "Cacheable results carry ttlMs and cacheScope", section: .modernProtocol,
        kind: .live, severity: .error,
        rationale: """
            `server/discover`, the four list methods and `resources/read` are cacheable in 2026-07-28: each complete \
            result MUST carry `ttlMs` (an integer ≥ 0) and `cacheScope` (`public` or `private`), and every page of one \
            list MUST keep the same `cacheScope` (MCP 2026-07-28 server/utilities/caching.mdx §Cacheable Results, \
            §Time-to-Live, §Interaction with Pagination; schema.ts `CacheableResult`). Without them clients cannot \
            tell how long a list stays valid.
            """,
        remediation:
            "Return `ttlMs` and `cacheScope` on discover, list and read results (mcp SDK: `cache_hints=`; `ttlMs: 0, cacheScope: \"private\"` when in doubt).",
        failing: [ModernExamples.dataDefects], passing: [ModernExamples.sdk])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let ledger = f.modern?.ledger, !ledger.cacheChecked.isEmpty else {
            return LiveSkip.notMeasured(f, "no cacheable result was seen")
        }
        var findings = ledger.cacheProblems.sorted { $0.key < $1.key }.map { Finding("\($0.key): \($0.value)") }
        for (method, scopes) in ledger.cacheScopes.sorted(by: { $0.key < $1.key }) where scopes.count > 1 {
            findings.append(Finding("\(method): cacheScope changes between results (\(scopes.sorted().joined(separator: ", ")))"))
        }
        let methods = ledger.cacheChecked.keys.sorted().joined(separator: ", ")
        var message = "\(ledger.cacheChecked.values.reduce(0, +)) cacheable results (\(methods)) carry ttlMs and cacheScope"
        if f.http?.auth?.unauthenticated.status == 401, ledger.cacheScopes.values.contains(where: { $0.contains("public") }) {
            message += "; note: `public` results of a server that requires authorization may be shared between users"
        }
        return .from(findings, pass: message)
    }
}
