import Foundation
import PreflightCore
import ProjectAudit

/// Examines one server entry: the `client.*` checks, the entry's shape, then a real start (stdio) or
/// connection (URL), and turns what happened into diagnoses and a verdict.
struct EntryExaminer: Sendable {
    let request: DoctorRequest

    var planner: LaunchPlanner {
        LaunchPlanner(
            environment: request.environment, workingDirectory: request.workingDirectory, desktopPATH: request.desktopPATH)
    }

    func examine(_ entry: ClientEntry) async -> ServerResult {
        var r = ServerResult(
            client: entry.client, file: entry.location.path, line: entry.server.line, scope: entry.scope, name: entry.name,
            transport: entry.isRemote ? (entry.transport == .sse ? "sse" : "http") : "stdio")
        r.url = entry.server.url
        let secrets = Self.secrets(of: entry, environment: request.environment)
        if entry.disabled {
            r.verdict = .skipped
            r.summary = "disabled in the configuration: \(entry.client.displayName) does not start it"
            r.diagnoses = [Diagnosis(.disabled, .info, r.summary, fix: "Nothing to do (enable it in the client to use it).")]
            return r.redacted(secrets)
        }
        r.checks = runChecks(entry)
        r.diagnoses = checkDiagnoses(entry) + shapeDiagnoses(entry)
        let blocked = r.diagnoses.contains {
            $0.cause == .urlNotSupported || $0.cause == .transportMismatch || $0.cause == .entryShape
        }
        var fixContext = EntryFixer.Context()
        if !blocked {
            if entry.isRemote {
                await examineURL(entry, into: &r)
            } else {
                fixContext = await examineStdio(entry, into: &r)
            }
        }
        Self.decide(&r)
        if request.fix {
            r.fixedEntry = EntryFixer(
                entry: entry, result: r, context: fixContext, workingDirectory: request.workingDirectory,
                home: request.environment["HOME"] ?? NSHomeDirectory()
            ).fixed()
        }
        return r.redacted(secrets)
    }

    // MARK: Static

    /// The PATH the client's server would search (a `PATH` in the entry's env wins).
    func clientPATH(_ entry: ClientEntry) -> String {
        if let path = entry.server.env.first(where: { $0.0 == "PATH" })?.1.stringValue { return path }
        return entry.client.usesDesktopPATH ? request.desktopPATH : (request.environment["PATH"] ?? "")
    }

    func singleFile(_ entry: ClientEntry) -> ClientConfigFile {
        ClientConfigFile(path: entry.location.path, servers: [entry.server], explicit: true)
    }

    func runChecks(_ entry: ClientEntry) -> [ServerResult.CheckSummary] {
        ClientConfigAudit.run([singleFile(entry)], searchPath: clientPATH(entry), root: entry.project ?? request.workingDirectory)
            .map {
                ServerResult.CheckSummary(id: $0.description.id.rawValue, status: $0.output.status, message: $0.output.message)
            }
    }

    /// Findings of `client.absolute-paths`, `client.uv-directory` and `client.env-strings` as diagnoses
    /// (`client.command-exists` is decided by the launch itself, with the client's PATH rules).
    func checkDiagnoses(_ entry: ClientEntry) -> [Diagnosis] {
        let causes: [String: Diagnosis.Cause] = [
            "client.absolute-paths": .relativePath, "client.uv-directory": .uvNoDirectory, "client.env-strings": .envNotString,
        ]
        let prefix = "\(entry.location.path): server `\(entry.name)`: "
        var out: [Diagnosis] = []
        for (description, output) in ClientConfigAudit.run(
            [singleFile(entry)], searchPath: clientPATH(entry), root: entry.project ?? request.workingDirectory)
        {
            guard let cause = causes[description.id.rawValue], output.status == .fail || output.status == .warn else { continue }
            for finding in output.findings where finding.status == .fail || finding.status == .warn {
                let text = finding.message.hasPrefix(prefix) ? String(finding.message.dropFirst(prefix.count)) : finding.message
                out.append(
                    Diagnosis(
                        cause, finding.status == .fail ? .fail : .warn, text, fix: description.remediation,
                        check: description.id.rawValue))
            }
        }
        return out
    }

    /// Entries the client cannot use as written, whatever runs behind them.
    func shapeDiagnoses(_ entry: ClientEntry) -> [Diagnosis] {
        let s = entry.server
        let client = entry.client
        let command = s.command?.stringValue
        if s.command == nil && s.url == nil {
            return [
                Diagnosis(
                    .entryShape, .fail, "the entry has neither `command` nor `url`",
                    fix: "Give `command` (and `args`) for a local server, or `url` for a remote one.")
            ]
        }
        if let type = entry.unknownType {
            return [
                Diagnosis(
                    .entryShape, .fail, "`type: \"\(type)\"` is not a transport \(client.displayName) knows",
                    fix: "Use `\"type\": \"stdio\"` for a command, `\"http\"` (Streamable HTTP) or `\"sse\"` for a URL.")
            ]
        }
        if let command, command.hasPrefix("http://") || command.hasPrefix("https://") {
            return [
                Diagnosis(
                    .transportMismatch, .fail, "`command` is a URL: a remote server configured as a local (stdio) one",
                    fix: client.acceptsURLEntries
                        ? "Use `\"url\": \"\(command)\"` (with `\"type\": \"http\"`) instead of `command`."
                        : "Claude Desktop's config file starts local commands only: bridge it with `npx -y mcp-remote \(command)`, or add it as a connector in Settings."
                )
            ]
        }
        if s.url != nil && s.command == nil {
            if !client.acceptsURLEntries {
                return [
                    Diagnosis(
                        .urlNotSupported, .fail,
                        "\(client.displayName) does not read `url` entries from its configuration file: the server is ignored",
                        fix:
                            "Bridge it as a local command, `\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", \"\(s.url ?? "")\"]`, or add it under Settings → Connectors."
                    )
                ]
            }
            if entry.transport == .stdio {
                return [
                    Diagnosis(
                        .transportMismatch, .fail, "`type: \"stdio\"` but the entry has only a `url`",
                        fix: "Set `\"type\": \"http\"` (or `\"sse\"` for an HTTP+SSE server) for a URL.")
                ]
            }
        }
        if s.command != nil && s.url == nil && (entry.transport == .streamableHTTP || entry.transport == .sse) {
            return [
                Diagnosis(
                    .transportMismatch, .fail,
                    "`type: \"\(entry.transport.rawValue)\"` names a remote transport, but the entry has a `command` and no `url`",
                    fix: "Remove `type` (or set `\"type\": \"stdio\"`) for a local server; use `url` for a remote one.")
            ]
        }
        if s.command != nil && s.url != nil {
            return [
                Diagnosis(
                    .entryShape, .warn, "the entry has both `command` and `url`; \(client.displayName) uses only one of them",
                    fix: "Keep `command` for a local server or `url` for a remote one, not both.")
            ]
        }
        return []
    }

    // MARK: Verdict

    static func decide(_ r: inout ServerResult) {
        let worst = r.diagnoses.map(\.level).min()
        let connected = r.protocolVersion != nil
        // A server behind OAuth is reachable and well: the client signs in before it lists tools.
        let awaitsSignIn = r.diagnoses.contains { $0.cause == .authRequired && $0.level == .warn }
        if r.diagnoses.contains(where: { $0.cause == .needsInput }) && !connected {
            r.verdict = .skipped
        } else if worst == .fail || (!connected && !awaitsSignIn) {
            r.verdict = .fail
        } else if worst == .warn {
            r.verdict = .warn
        } else {
            r.verdict = .ok
        }
        if connected {
            var parts = ["protocol \(r.protocolVersion ?? "?")"]
            if let tools = r.tools { parts.append("\(tools.count) tool\(tools.count == 1 ? "" : "s")") }
            let who = r.serverName.map { " (\($0))" } ?? ""
            let time = r.elapsedMs.map { " in \($0) ms" } ?? ""
            r.summary = "connected\(time): \(parts.joined(separator: ", "))\(who)"
            if let first = r.diagnoses.first(where: { $0.level != .info }) { r.summary += "; " + first.summary }
        } else {
            r.summary =
                r.diagnoses.sorted { $0.level < $1.level }.first?.summary ?? "did not connect, for a reason doctor could not tell"
        }
    }

    /// Values that must never be printed: secret-named env values of the entry and of doctor's own
    /// environment, header values, and values given to secret-named options or query parameters.
    static func secrets(of entry: ClientEntry, environment: [String: String]) -> [String] {
        var out: [String] = []
        for (name, value) in entry.server.env where SecretNames.looksSecret(name) {
            if let v = value.stringValue { out.append(v) }
        }
        for (name, value) in environment where SecretNames.looksSecret(name) { out.append(value) }
        for (_, value) in entry.headers {
            guard let v = value.stringValue else { continue }
            out.append(v)
            if v.lowercased().hasPrefix("bearer ") { out.append(String(v.dropFirst(7))) }
        }
        let args = entry.server.args.compactMap(\.stringValue)
        for (i, arg) in args.enumerated() where arg.hasPrefix("-") {
            let name = arg.drop { $0 == "-" }
            if let eq = name.firstIndex(of: "=") {
                if SecretNames.looksSecret(String(name[..<eq])) { out.append(String(name[name.index(after: eq)...])) }
            } else if SecretNames.looksSecret(String(name)), i + 1 < args.count {
                out.append(args[i + 1])
            }
        }
        if let url = entry.server.url, let components = URLComponents(string: url) {
            for item in components.queryItems ?? [] where SecretNames.looksSecret(item.name) {
                if let v = item.value { out.append(v) }
            }
        }
        return out.filter { !$0.isEmpty }
    }
}
