import Foundation
import PreflightCore
import ProjectAudit

/// Reads the server entries of one client configuration file, in that client's own shape:
/// `mcpServers` (Claude, Cursor, Windsurf, Gemini), `servers` (VS Code `mcp.json`), `mcp.servers`
/// (VS Code `settings.json`), `context_servers` (Zed), `[mcp_servers.NAME]` (Codex TOML), and the
/// per-project `mcpServers` of `~/.claude.json`.
public enum ClientEntryReader {
    public static let maxFileBytes = 8 << 20

    public static func read(_ location: ClientConfigLocation) -> Result<[ClientEntry], ClientFileProblem> {
        guard let data = FileManager.default.contents(atPath: location.path) else {
            return .failure(ClientFileProblem(path: location.path, line: 1, message: "cannot be read"))
        }
        guard data.count <= maxFileBytes else {
            return .failure(ClientFileProblem(path: location.path, line: 1, message: "is larger than 8 MiB; not read"))
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            return .failure(ClientFileProblem(path: location.path, line: 1, message: "is not UTF-8 text"))
        }
        return parse(location, text: text)
    }

    public static func parse(_ location: ClientConfigLocation, text: String) -> Result<[ClientEntry], ClientFileProblem> {
        if location.client == .codex { return parseCodex(location, text: text) }
        // Editors read JSON with comments and trailing commas; Claude, Windsurf and Gemini read strict JSON.
        let jsonc = [.vscode, .cursor, .zed].contains(location.client)
        let root: JSONValue
        do {
            root = try JSONParser.parse(jsonc ? JSONC.strip(text) : text)
        } catch {
            return .failure(
                ClientFileProblem(path: location.path, line: error.line, message: "is not valid JSON: \(error.message)"))
        }
        guard root.objectValue != nil else {
            return .failure(ClientFileProblem(path: location.path, line: 1, message: "is not a JSON object"))
        }
        var entries: [ClientEntry] = []
        switch location.client {
        case .vscode:
            let table = root["servers"] ?? root["mcp"]?["servers"] ?? root["mcp.servers"]
            entries += table.map { servers($0, location, text: text) } ?? []
        case .zed:
            entries += root["context_servers"].map { servers($0, location, text: text) } ?? []
        case .claudeCode where (location.path as NSString).lastPathComponent == ".claude.json":
            entries += root["mcpServers"].map { servers($0, location, text: text) } ?? []
            for (project, settings) in root["projects"]?.objectValue ?? [] {
                guard let table = settings["mcpServers"] else { continue }
                entries += servers(table, location, text: text, scope: project)
            }
        default:
            entries += root["mcpServers"].map { servers($0, location, text: text) } ?? []
        }
        return .success(entries)
    }

    static func servers(_ table: JSONValue, _ location: ClientConfigLocation, text: String, scope: String? = nil)
        -> [ClientEntry]
    {
        (table.objectValue ?? []).map { name, value in
            entry(name: name, value, location, line: ClientConfigFile.lineOf(key: name, in: text), scope: scope)
        }
    }

    static func entry(name: String, _ value: JSONValue, _ location: ClientConfigLocation, line: Int, scope: String?)
        -> ClientEntry
    {
        var command = value["command"]
        var args = value["args"]?.arrayValue ?? []
        var env = value["env"]?.objectValue ?? []
        // Zed's older shape: "command": {"path": ..., "args": [...], "env": {...}}.
        if let nested = command?.objectValue {
            let inner = JSONValue.object(nested)
            command = inner["path"] ?? inner["command"]
            args = inner["args"]?.arrayValue ?? args
            env = inner["env"]?.objectValue ?? env
        }
        var urlKey: String?
        var url: String?
        for key in ["url", "serverUrl", "httpUrl"] {
            if let u = value[key]?.stringValue {
                url = u
                urlKey = key
                break
            }
        }
        let rawType = value["type"]?.stringValue ?? value["transport"]?.stringValue
        var transport = DeclaredTransport.parse(rawType) ?? .unspecified
        if location.client == .geminiCLI, rawType == nil, urlKey == "httpUrl" { transport = .streamableHTTP }
        if location.client == .geminiCLI, rawType == nil, urlKey == "url" { transport = .sse }
        let disabled = value["disabled"]?.boolValue == true || value["enabled"]?.boolValue == false
        return ClientEntry(
            location: location, scope: scope,
            server: ClientConfigFile.Server(
                name: name, command: command, args: args, env: env, cwd: value["cwd"]?.stringValue, url: url, line: line),
            transport: transport, unknownType: DeclaredTransport.parse(rawType) == nil ? rawType : nil, urlKey: urlKey,
            headers: value["headers"]?.objectValue ?? value["http_headers"]?.objectValue ?? [], disabled: disabled,
            envFile: value["envFile"]?.stringValue,
            forwardedVariables: value["env_vars"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            bearerTokenVariable: value["bearer_token_env_var"]?.stringValue, raw: value)
    }

    static func parseCodex(_ location: ClientConfigLocation, text: String) -> Result<[ClientEntry], ClientFileProblem> {
        let root: JSONValue
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            return .failure(
                ClientFileProblem(path: location.path, line: error.line, message: "is not valid TOML: \(error.message)"))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return .success(
            (root["mcp_servers"]?.objectValue ?? []).map { name, value in
                let header = lines.firstIndex {
                    let t = $0.trimmingCharacters(in: .whitespaces)
                    return t == "[mcp_servers.\(name)]" || t == "[mcp_servers.\"\(name)\"]"
                }
                return entry(name: name, value, location, line: header.map { $0 + 1 } ?? 1, scope: nil)
            })
    }
}
