import PreflightCore

/// hadolint (when installed) lints each Dockerfile; its findings are merged as evidence into the
/// docker.* checks they correspond to, keeping hadolint's own rule ids. The status of those checks
/// stays Preflight's own: hadolint is a second opinion, not a second verdict.
public enum Hadolint {
    /// hadolint rule → the Preflight check it speaks to. Rules without a counterpart are not reported.
    static let mapping: [String: CheckID] = [
        "DL3002": "docker.non-root-user",  // last USER should not be root
        "DL3006": "docker.base-image-pinned",  // always tag the version of an image explicitly
        "DL3007": "docker.base-image-pinned",  // using latest is prone to errors
        "DL3057": "docker.healthcheck",  // HEALTHCHECK instruction missing
        "DL3013": "docker.frozen-install",  // pin versions in pip
    ]

    static func findings(_ context: RunContext) async -> [CheckID: [JSONValue]] {
        guard context.which("hadolint") != nil else { return [:] }
        var merged: [CheckID: [JSONValue]] = [:]
        for file in context.project.dockerfiles.map(\.path).sorted() {
            let run = await context.run("hadolint", ["--format", "json", "--no-fail", file], seconds: 60)
            guard let json = try? JSONParser.parse(run.result?.stdoutText ?? ""), let items = json.arrayValue else { continue }
            for item in items {
                guard let code = item["code"]?.stringValue, let id = mapping[code] else { continue }
                var b = JSONObjectBuilder()
                b.set("rule", code)
                b.set("location", "\(file):\(item["line"]?.intValue ?? 1)")
                b.set("level", item["level"]?.stringValue)
                b.set("message", Redaction.scrub(item["message"]?.stringValue ?? "", secrets: context.options.secrets))
                merged[id, default: []].append(b.value)
            }
        }
        return merged
    }
}
