import Foundation
import PreflightCore

/// `preflight doctor` output: one line per server with its verdict, the details of the ones that
/// need attention below it, and a summary; or the JSON document of `docs/doctor.md`.
public enum DoctorRenderer {
    public static func text(_ report: DoctorReport, verbose: Bool = false, home: String? = nil) -> String {
        func show(_ path: String) -> String {
            guard let home, !home.isEmpty, path.hasPrefix(home + "/") else { return path }
            return "~" + path.dropFirst(home.count)
        }
        var out = "Preflight \(report.toolVersion) doctor\n"
        if report.files.isEmpty {
            out += "\nNo MCP client configuration found. Looked for:\n"
            for location in report.searched { out += "  \(location.client.displayName): \(show(location.path))\n" }
            out += "\nGive a file with --client-config FILE.\n"
            return out
        }
        let width = max(8, report.servers.map(\.name.count).max() ?? 8)
        for file in report.files {
            out += "\n\(file.location.client.displayName)  \(show(file.location.path))\n"
            if let problem = file.problem {
                out +=
                    "  FAIL  the file \(problem.message) (line \(problem.line)): \(file.location.client.displayName) loads none of its servers\n"
                continue
            }
            let servers = report.servers.filter { $0.file == file.location.path && $0.client == file.location.client }
            if servers.isEmpty { out += "  (no servers)\n" }
            for s in servers {
                let scope = s.scope.map { "  [project \(show($0))]" } ?? ""
                out +=
                    "  \(badge(s.verdict)) \(s.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(s.summary)\(scope)\n"
                guard s.verdict != .ok || verbose else { continue }
                if let launch = s.launch {
                    out += "        launch: \(launch.argv.map(quoted).joined(separator: " "))  (cwd \(launch.cwd))\n"
                    if verbose { out += "        PATH: \(launch.path)\n" }
                } else if let url = s.url {
                    out += "        url: \(url)\n"
                }
                for d in s.diagnoses where d.level != .info || verbose {
                    out +=
                        "        \(d.level == .fail ? "✗" : (d.level == .warn ? "!" : "·")) \(d.cause.rawValue): \(d.summary)\n"
                    for line in d.details { out += "            \(line)\n" }
                    if !d.fix.isEmpty { out += "          fix: \(d.fix)\n" }
                }
                if verbose {
                    let checks = s.checks.map { "\($0.id) \($0.status.rawValue)" }.joined(separator: ", ")
                    if !checks.isEmpty { out += "        checks: \(checks)\n" }
                    if let tools = s.tools, !tools.isEmpty { out += "        tools: \(tools.joined(separator: ", "))\n" }
                }
                if let fixed = s.fixedEntry {
                    out += "        corrected entry (\(show(s.file)), not written):\n"
                    for line in fixed.split(separator: "\n", omittingEmptySubsequences: false) { out += "            \(line)\n" }
                }
            }
        }
        var counts = ["ok", "warn", "fail", "skipped"].compactMap { name -> String? in
            guard let v = ServerResult.Verdict(rawValue: name) else { return nil }
            let n = report.count(v)
            return n == 0 ? nil : "\(n) \(name)"
        }
        let broken = report.files.filter { $0.problem != nil }.count
        if broken > 0 { counts.append("\(broken) unreadable file\(broken == 1 ? "" : "s")") }
        out +=
            "\n\(report.servers.count) server\(report.servers.count == 1 ? "" : "s") in \(report.files.count) file\(report.files.count == 1 ? "" : "s"): \(counts.joined(separator: ", "))\n"
        return out
    }

    static func badge(_ v: ServerResult.Verdict) -> String {
        switch v {
        case .ok: return "OK  "
        case .warn: return "WARN"
        case .fail: return "FAIL"
        case .skipped: return "SKIP"
        }
    }

    static func quoted(_ word: String) -> String {
        word.isEmpty || word.contains(where: { " \"'$\\".contains($0) })
            ? "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" : word
    }

    public static func json(_ report: DoctorReport) -> String {
        var root = JSONObjectBuilder()
        root.set("tool", "preflight")
        root.set("toolVersion", report.toolVersion)
        root.set("passed", report.passed)
        var summary = JSONObjectBuilder()
        summary.set("servers", report.servers.count)
        for v in ["ok", "warn", "fail", "skipped"] {
            summary.set(v, ServerResult.Verdict(rawValue: v).map(report.count) ?? 0)
        }
        summary.set("unreadableFiles", report.files.filter { $0.problem != nil }.count)
        root.set("summary", summary.value)
        root.set(
            "files",
            .array(
                report.files.map { f in
                    var o = JSONObjectBuilder()
                    o.set("client", f.location.client.rawValue)
                    o.set("path", f.location.path)
                    o.set("project", f.location.project)
                    o.set("servers", f.servers)
                    if let p = f.problem {
                        o.set("problem", .object([("line", .int(p.line)), ("message", .string(p.message))]))
                    } else {
                        o.set("problem", .null)
                    }
                    return o.value
                }))
        root.set("servers", .array(report.servers.map(server)))
        root.set(
            "searched",
            .array(report.searched.map { .object([("client", .string($0.client.rawValue)), ("path", .string($0.path))]) }))
        return JSONWriter.encode(root.value, pretty: true) + "\n"
    }

    static func server(_ s: ServerResult) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("client", s.client.rawValue)
        o.set("file", s.file)
        o.set("line", s.line)
        o.set("scope", s.scope)
        o.set("name", s.name)
        o.set("transport", s.transport)
        o.set("verdict", s.verdict.rawValue)
        o.set("summary", s.summary)
        if let l = s.launch {
            o.set("launch", .object([("argv", .strings(l.argv)), ("cwd", .string(l.cwd)), ("path", .string(l.path))]))
        } else {
            o.set("launch", .null)
        }
        o.set("url", s.url)
        var connection = JSONObjectBuilder()
        connection.set("protocolVersion", s.protocolVersion)
        connection.set("serverName", s.serverName)
        connection.set("tools", s.tools.map { .strings($0) } ?? .null)
        connection.set("elapsedMs", s.elapsedMs.map { .int($0) } ?? .null)
        o.set("connection", connection.value)
        o.set(
            "diagnoses",
            .array(
                s.diagnoses.map { d in
                    var b = JSONObjectBuilder()
                    b.set("cause", d.cause.rawValue)
                    b.set("level", d.level.rawValue)
                    b.set("summary", d.summary)
                    b.set("details", .strings(d.details))
                    b.set("fix", d.fix)
                    b.set("check", d.check)
                    b.set("checklist", d.cause.checklistLine)
                    return b.value
                }))
        o.set(
            "checks",
            .array(
                s.checks.map {
                    .object([("id", .string($0.id)), ("status", .string($0.status.rawValue)), ("message", .string($0.message))])
                }))
        o.set("fixedEntry", s.fixedEntry)
        return o.value
    }
}
