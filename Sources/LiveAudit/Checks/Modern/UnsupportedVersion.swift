import MCPWire
import PreflightCore

struct ModernUnsupportedVersion: LiveCheck {
    static let description = CheckDescription(
        id: "modern.unsupported-version", title: "An unsupported version gets UnsupportedProtocolVersion (-32022)",
        section: .modernProtocol, kind: .live, severity: .error,
        rationale: """
            A 2026-07-28 request at a version the server does not serve MUST get `UnsupportedProtocolVersionError` \
            (-32022) whose `data.supported` lists the versions it does serve and `data.requested` echoes the one \
            asked for (MCP 2026-07-28 basic/versioning.mdx §Protocol Version Negotiation; basic/index.mdx §Error \
            Codes; schema.ts `UnsupportedProtocolVersionError`), over HTTP with status 400 (streamable-http.mdx \
            §Protocol Version Header). That error is how a client picks a version both speak. Replaces \
            protocol.version-negotiation's initialize round in this era.
            """,
        remediation:
            "Reject unknown `_meta` protocol versions with -32022 and `data: {supported: [...], requested: \"...\"}` (HTTP 400), as the 2026 SDKs do.",
        failing: [.deviant("wrong-unsupported-version")], passing: [ModernExamples.sdk, ModernExamples.sdkStdio])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.modern(f) { return skip }
        guard let answers = f.modern?.unsupportedVersion, !answers.isEmpty else {
            return LiveSkip.notMeasured(f, "the 2026-07-28 probes did not run")
        }
        let version = f.era?.version ?? ModernProtocol.version
        var findings: [Finding] = []
        for a in answers {
            guard case .error(let code, _, let data, _) = a.outcome else {
                findings.append(Finding("\(a.label) got \(a.shown), not error -32022"))
                continue
            }
            if code != ModernProtocol.ErrorCode.unsupportedProtocolVersion {
                findings.append(Finding("\(a.label) got error \(code), not -32022 (UnsupportedProtocolVersion)"))
                continue
            }
            let supported = data?["supported"]?.arrayValue
            if supported == nil || supported?.contains(where: { $0.stringValue == nil }) == true {
                findings.append(Finding("\(a.label): -32022 without data.supported as an array of versions"))
            } else if supported?.contains(.string(version)) == false {
                findings.append(Finding("\(a.label): data.supported does not name \(version), the version in use"))
            }
            if data?["requested"]?.stringValue != ModernProbes.unsupported {
                findings.append(Finding("\(a.label): data.requested is not \(ModernProbes.unsupported)", status: .warn))
            }
            if f.http != nil, a.status != 400 {
                findings.append(Finding("\(a.label): HTTP \(a.status.map(String.init) ?? "?"), not 400"))
            }
        }
        let evidence = JSONValue.strings(answers.map { "\($0.label): \($0.shown)" })
        return .from(findings, pass: "\(ModernProbes.unsupported) gets -32022 naming the supported versions", evidence: evidence)
    }
}
