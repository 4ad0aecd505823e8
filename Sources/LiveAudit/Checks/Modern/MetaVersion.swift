import PreflightCore

struct ModernMetaVersion: LiveCheck {
    static let description = CheckDescription(
        id: "modern.meta-version", title: "Each request's _meta is validated on its own", section: .modernProtocol,
        kind: .live, severity: .error,
        rationale: """
            Every 2026-07-28 request carries its protocol version and client capabilities in `_meta`; a request \
            missing one is malformed and MUST get -32602 (HTTP 400), and a server MUST NOT rely on earlier requests \
            (MCP 2026-07-28 basic/index.mdx §`_meta` per-request fields, §Statelessness). Preflight sends `tools/list` \
            on a fresh connection without `server/discover` first (HTTP), one without clientCapabilities, and the \
            sequence valid, unsupported version, valid: the middle one must fail, the others succeed.
            """,
        remediation:
            "Validate `_meta` (protocolVersion, clientCapabilities) on every request before dispatch; keep no per-connection state.",
        failing: [.deviant("meta-version-ignored")], passing: [ModernExamples.sdk, ModernExamples.sdkStdio])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let m = f.modern, let missing = m.missingCapabilities, m.sequence.count == 3 else {
            return LiveSkip.notMeasured(f, "the 2026-07-28 probes did not run")
        }
        var findings: [Finding] = []
        if let fresh = m.withoutDiscover, fresh.outcome.result == nil {
            findings.append(
                Finding("\(fresh.label) got \(fresh.shown): the server expects something before it (a hidden handshake)"))
        }
        if missing.outcome.errorCode != -32602 {
            let what = missing.outcome.result != nil ? "was served" : "got \(missing.shown)"
            findings.append(Finding("\(missing.label) \(what), not -32602"))
        } else if f.http != nil, missing.status != 400 {
            findings.append(Finding("\(missing.label) got -32602 with HTTP \(missing.status.map(String.init) ?? "?"), not 400"))
        }
        let (first, middle, last) = (m.sequence[0], m.sequence[1], m.sequence[2])
        if first.outcome.result == nil { findings.append(Finding("\(first.label) got \(first.shown)")) }
        if middle.outcome.result != nil {
            findings.append(Finding("\(middle.label) was served: the _meta version of each request is not validated"))
        }
        if last.outcome.result == nil, first.outcome.result != nil {
            findings.append(Finding("\(last.label) got \(last.shown) after a refused request: state carried over"))
        }
        let evidence = JSONValue.strings(
            ([m.withoutDiscover, missing].compactMap { $0 } + m.sequence).map { "\($0.label): \($0.shown)" })
        return .from(
            findings,
            pass: "a request without clientCapabilities gets -32602; valid, unsupported, valid requests are judged one by one",
            evidence: evidence)
    }
}
