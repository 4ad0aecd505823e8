import Foundation
import PreflightCore

/// `--fix`: the entry rewritten so the problems a configuration change can solve are solved. It is
/// printed, never written: doctor does not touch a client's configuration.
struct EntryFixer {
    /// What the examination learnt that a fix needs.
    struct Context: Sendable {
        var plan: LaunchPlan?
        /// Where the program was found when the client's PATH lacks it.
        var programElsewhere: String?
        /// The URL an HTTP server announced when started as stdio.
        var announcedHTTP: String?
    }

    let entry: ClientEntry
    let result: ServerResult
    let context: Context
    let workingDirectory: String
    let home: String

    func has(_ cause: Diagnosis.Cause) -> Bool { result.diagnoses.contains { $0.cause == cause && $0.level != .info } }

    /// The corrected entry in the file's own syntax, or nil when no configuration change helps.
    func fixed() -> String? {
        guard var members = entry.raw.objectValue else { return nil }
        let original = members
        func set(_ key: String, _ value: JSONValue?) {
            if let i = members.firstIndex(where: { $0.0 == key }) {
                if let value { members[i].1 = value } else { members.remove(at: i) }
            } else if let value {
                members.append((key, value))
            }
        }
        let command = entry.server.command?.stringValue
        if has(.urlNotSupported), let url = entry.server.url {
            members = [("command", .string("npx")), ("args", .strings(["-y", "mcp-remote", url]))]
        } else if has(.transportMismatch), let command, command.hasPrefix("http") {
            set("command", nil)
            set("args", nil)
            set("type", .string("http"))
            set("url", .string(command))
        } else if has(.transportMismatch), entry.server.url != nil, entry.transport == .stdio {
            set("type", .string("http"))
        } else if has(.transportMismatch), entry.server.url != nil {
            let sse = entry.transport == .sse
            if entry.client == .geminiCLI, let url = entry.server.url {
                set(sse ? "url" : "httpUrl", nil)
                set(sse ? "httpUrl" : "url", .string(url))
            } else {
                set("type", .string(sse ? "http" : "sse"))
            }
        } else if has(.httpServerOnStdio), entry.client.acceptsURLEntries, let url = context.announcedHTTP {
            members = [("type", .string("http")), ("url", .string(Self.mcpURL(from: url)))]
        } else {
            if let command {
                var newCommand = absolute(command)
                if let elsewhere = context.programElsewhere { newCommand = elsewhere }
                if newCommand != command { set("command", .string(newCommand)) }
            }
            var args = entry.server.args.map { value -> JSONValue in
                guard let s = value.stringValue else { return value }
                return .string(absoluteArgument(s))
            }
            if has(.uvNoDirectory), let command, ClientPrograms.name(command) == "uv",
                !args.contains(where: { ["--directory", "--project"].contains($0.stringValue ?? "") })
            {
                args.insert(contentsOf: [.string("--directory"), .string(projectGuess())], at: 0)
            }
            if !entry.server.args.isEmpty || args != entry.server.args { set("args", .array(args)) }
            if let cwd = entry.server.cwd, absolute(cwd) != cwd { set("cwd", .string(absolute(cwd))) }
            if has(.envNotString) {
                let env = entry.server.env.map { name, value -> (String, JSONValue) in
                    value.stringValue != nil || value.isNull ? (name, value) : (name, .string(LaunchPlanner.text(value)))
                }
                set("env", .object(env))
            }
        }
        guard !Self.same(members, original) else { return nil }
        return render(members)
    }

    /// `~`, `$HOME`/`${HOME}` expanded; a relative path made absolute when it exists under the folder doctor runs in.
    func absolute(_ path: String) -> String {
        if path == "~" || path.hasPrefix("~/") { return home + path.dropFirst() }
        for prefix in ["$HOME", "${HOME}"] where path.hasPrefix(prefix) { return home + path.dropFirst(prefix.count) }
        let fileLike = path.range(of: #"\.(py|pyz|js|mjs|cjs|ts|sh|jar|json|toml|ya?ml)$"#, options: .regularExpression) != nil
        guard !path.hasPrefix("/"), !path.hasPrefix("$"), path.contains("/") || path.hasPrefix(".") || fileLike else {
            return path
        }
        let candidate = ((workingDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
        return FileManager.default.fileExists(atPath: candidate) ? candidate : path
    }

    /// Arguments that are relative paths (or `--opt=path`) made absolute the same way; options and names stay.
    func absoluteArgument(_ arg: String) -> String {
        if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
            return String(arg[...eq]) + absolute(String(arg[arg.index(after: eq)...]))
        }
        if arg.hasPrefix("-") { return arg }
        return absolute(arg)
    }

    /// The project `uv run` should run in: the entry's project, else the folder doctor runs in when it is one.
    func projectGuess() -> String {
        let dir = entry.project ?? workingDirectory
        return FileManager.default.fileExists(atPath: dir + "/pyproject.toml") ? dir : "/absolute/path/to/project"
    }

    /// `http://0.0.0.0:8000` → `http://127.0.0.1:8000/mcp` (the Streamable HTTP path most servers use).
    static func mcpURL(from announced: String) -> String {
        var url = announced.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        while url.hasSuffix("/") { url.removeLast() }
        if let parsed = URL(string: url), parsed.path.isEmpty || parsed.path == "/" { url += "/mcp" }
        return url
    }

    static func same(_ a: [(String, JSONValue)], _ b: [(String, JSONValue)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// JSON (`"name": {...}`) for JSON clients, a TOML table for Codex; secret-named env values redacted.
    func render(_ members: [(String, JSONValue)]) -> String {
        let safe = members.map { key, value -> (String, JSONValue) in
            guard key == "env" || key == "headers", let pairs = value.objectValue else { return (key, value) }
            return (
                key,
                .object(
                    pairs.map { name, v in
                        guard let s = v.stringValue, key == "headers" || SecretNames.looksSecret(name), !s.isEmpty else {
                            return (name, v)
                        }
                        return (name, .string(Redaction.redact(s)))
                    })
            )
        }
        if entry.client == .codex { return toml(safe) }
        let body = JSONWriter.encode(.object(safe), pretty: true)
        var out = ""
        JSONWriter.writeString(entry.name, into: &out)
        return out + ": " + body
    }

    func toml(_ members: [(String, JSONValue)]) -> String {
        var out = "[mcp_servers.\(entry.name)]\n"
        var tables: [(String, [(String, JSONValue)])] = []
        for (key, value) in members {
            if let pairs = value.objectValue {
                tables.append((key, pairs))
            } else {
                out += "\(key) = \(JSONWriter.encode(value))\n"
            }
        }
        for (key, pairs) in tables {
            out += "\n[mcp_servers.\(entry.name).\(key)]\n"
            for (k, v) in pairs { out += "\(Self.tomlKey(k)) = \(JSONWriter.encode(v))\n" }
        }
        return out
    }

    static func tomlKey(_ key: String) -> String {
        key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ? key : JSONWriter.encode(.string(key))
    }
}
