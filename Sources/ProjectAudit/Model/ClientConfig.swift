import PreflightCore

/// One MCP client configuration file (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf).
public struct ClientConfigFile: Sendable {
    public struct Server: Sendable {
        public var name: String
        public var command: JSONValue?
        public var args: [JSONValue]
        public var env: [(String, JSONValue)]
        public var cwd: String?
        public var url: String?
        public var line: Int

        public init(
            name: String, command: JSONValue?, args: [JSONValue] = [], env: [(String, JSONValue)] = [], cwd: String? = nil,
            url: String? = nil, line: Int = 1
        ) {
            self.name = name
            self.command = command
            self.args = args
            self.env = env
            self.cwd = cwd
            self.url = url
            self.line = line
        }
    }

    public init(path: String, servers: [Server], explicit: Bool) {
        self.path = path
        self.servers = servers
        self.explicit = explicit
    }

    public var path: String
    public var servers: [Server]
    /// Whether the file was given with `--client-config` (it may live outside the project).
    public var explicit: Bool

    /// The well-known names clients read, relative to a project root.
    public static let knownPaths = [
        "claude_desktop_config.json", ".mcp.json", ".cursor/mcp.json", ".vscode/mcp.json", "mcp_config.json",
        ".windsurf/mcp_config.json",
    ]

    /// Other names projects commit client configurations under, anywhere in the tree
    /// (`mcp-config.json`, `kiro_power/mcp.json`, `claude.mcp.json`, `examples/claude_desktop_config.json`).
    /// They count only when they hold a server table (see `discovered`).
    public static func isCandidate(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        guard name.hasSuffix(".json") || name.hasSuffix(".jsonc") else { return false }
        return [
            "mcp.json", "mcp.jsonc", ".mcp.json", "mcp_config.json", "mcp-config.json", "mcp_settings.json", "mcp-servers.json",
            "mcp_servers.json",
        ].contains(name)
            || name.hasSuffix(".mcp.json") || name.hasPrefix("claude_desktop_config") || name.hasPrefix("mcp-config.")
            || name.hasPrefix("mcp_config.")
    }

    /// A candidate file that parses and declares at least one server; nil otherwise (it is then some other JSON).
    public static func discovered(path: String, text: String) -> ClientConfigFile? {
        guard let file = try? parse(path: path, text: JSONC.strip(text), explicit: false), !file.servers.isEmpty else {
            return nil
        }
        return file
    }

    public static func parse(path: String, text: String, explicit: Bool) throws(JSONParseError) -> ClientConfigFile {
        // VS Code and Cursor read JSON with comments.
        let source = path.hasSuffix(".vscode/mcp.json") || path.hasSuffix(".cursor/mcp.json") ? JSONC.strip(text) : text
        let root = try JSONParser.parse(source)
        let serverTable = root["mcpServers"] ?? root["servers"] ?? root["mcp"]?["servers"]
        var servers: [Server] = []
        for (name, entry) in serverTable?.objectValue ?? [] {
            servers.append(
                Server(
                    name: name, command: entry["command"], args: entry["args"]?.arrayValue ?? [],
                    env: entry["env"]?.objectValue ?? [], cwd: entry["cwd"]?.stringValue, url: entry["url"]?.stringValue,
                    line: lineOf(key: name, in: text)))
        }
        return ClientConfigFile(path: path, servers: servers, explicit: explicit)
    }

    public static func lineOf(key: String, in text: String) -> Int {
        let needle = "\"\(key)\""
        for (i, line) in text.lineSlices.enumerated()
        where line.contains(needle) {
            return i + 1
        }
        return 1
    }
}

/// Removes `//` and `/* */` comments and trailing commas, keeping line breaks (and so line numbers).
/// Works on scalars: a combining mark after a quote would otherwise hide the quote inside one Character.
public enum JSONC {
    public static func strip(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var chars = Array(text.unicodeScalars)[...]
        var inString = false
        while let c = chars.first {
            chars = chars.dropFirst()
            if inString {
                out.append(c)
                if c == "\\", let n = chars.first {
                    out.append(n)
                    chars = chars.dropFirst()
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            if c == "\"" {
                inString = true
                out.append(c)
            } else if c == "/", chars.first == "/" {
                while let n = chars.first, n != "\n" { chars = chars.dropFirst() }
            } else if c == "/", chars.first == "*" {
                chars = chars.dropFirst()
                while let n = chars.first {
                    chars = chars.dropFirst()
                    if n == "\n" { out.append(n) }
                    if n == "*", chars.first == "/" {
                        chars = chars.dropFirst()
                        break
                    }
                }
            } else if c == "," {
                let rest = skipTrivia(chars)
                if rest.first != "}" && rest.first != "]" { out.append(c) }
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// Whitespace and comments after a comma: `[1, // last\n]` still has a trailing comma.
    static func skipTrivia(_ text: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var rest = text.drop { $0.properties.isWhitespace }
        while rest.first == "/", let second = rest.dropFirst().first, second == "/" || second == "*" {
            if second == "/" {
                rest = rest.drop { $0 != "\n" }
            } else {
                let body = rest.dropFirst(2)
                let close = zip(body.indices, body.dropFirst()).first { body[$0.0] == "*" && $0.1 == "/" }
                rest = close.map { body[($0.0 + 2)...] } ?? body[body.endIndex...]
            }
            rest = rest.drop { $0.properties.isWhitespace }
        }
        return rest
    }
}
