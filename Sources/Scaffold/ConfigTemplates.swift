import Foundation
import PreflightCore
import Processes

/// `.env.example`, the client configuration example and `.python-version`.
enum ConfigTemplates {
    static func envExample(_ f: ProjectFacts) -> String {
        var out = """
            # Copy to .env (never commit .env) and fill in the values.
            # Written by `preflight init` from the variables the code reads.

            """
        for v in f.variables {
            let place = "read at \(v.location.display)"
            if v.optional {
                out += "\n# Optional (the code has a default), \(place).\n# \(v.name)=\n"
            } else {
                out += "\n# Required\(v.secret ? ", secret" : ""), \(place).\n\(v.name)=\n"
            }
        }
        return out
    }

    /// A Claude Desktop entry with absolute paths: `uv --directory <project> run <entry point>`.
    static func clientConfig(_ f: ProjectFacts, searchPath: String?) -> (text: String, command: String, resolved: Bool) {
        let name = f.slug
        var entry: [(String, JSONValue)] = []
        var command: String
        var resolved: Bool
        if !f.servesStdio && f.servesHTTP {
            let npx = Executables.which("npx", path: searchPath)
            command = npx ?? "npx"
            resolved = npx != nil
            entry.append(("command", .string(command)))
            entry.append(("args", .strings(["-y", "mcp-remote", "http://127.0.0.1:\(f.port)/mcp"])))
        } else {
            switch f.manager {
            case .uv:
                let uv = Executables.which("uv", path: searchPath)
                command = uv ?? "uv"
                resolved = uv != nil
                let target =
                    f.packaged ? (f.entryPoint ?? f.serverScript ?? "server.py") : (f.serverScript ?? f.entryPoint ?? "server.py")
                entry.append(("command", .string(command)))
                entry.append(("args", .strings(["--directory", f.root, "run", target])))
            case .pip:
                if let entryPoint = f.entryPoint, f.packaged {
                    command = f.root + "/.venv/bin/" + entryPoint
                    entry.append(("command", .string(command)))
                } else {
                    command = f.root + "/.venv/bin/python"
                    entry.append(("command", .string(command)))
                    entry.append(("args", .strings([f.root + "/" + (f.serverScript ?? "server.py")])))
                }
                resolved = FileManager.default.isExecutableFile(atPath: command)
            }
        }
        let required = f.variables.filter { !$0.optional }
        if !required.isEmpty {
            entry.append(("env", .object(required.map { ($0.name, .string("<\($0.name)>")) })))
        }
        let root = JSONValue.object([("mcpServers", .object([(name, .object(entry))]))])
        return (JSONWriter.encode(root, pretty: true) + "\n", command, resolved)
    }

    static func pythonVersion(_ f: ProjectFacts) -> String { f.pythonVersion + "\n" }
}
