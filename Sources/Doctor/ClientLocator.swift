import Foundation

/// One client configuration file: whose it is, and the project it belongs to (project-scoped files).
public struct ClientConfigLocation: Sendable, Hashable {
    public var client: MCPClient
    public var path: String
    /// The folder of a project-scoped file (`.mcp.json`, `.vscode/mcp.json`, ...); nil for user-level files.
    public var project: String?

    public init(client: MCPClient, path: String, project: String? = nil) {
        self.client = client
        self.path = path
        self.project = project
    }
}

/// Where each client keeps its MCP configuration, on macOS, Windows and Linux. Everything is derived
/// from the environment given (HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME), never from the real
/// account, so tests point HOME at a temporary folder.
public struct ClientLocator: Sendable {
    public var environment: [String: String]
    /// The folder doctor runs in: the project of project-scoped files.
    public var workingDirectory: String

    public init(environment: [String: String], workingDirectory: String) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    var home: String { environment["HOME"] ?? NSHomeDirectory() }

    /// Every place a client looks, whether or not a file is there.
    public func candidates() -> [ClientConfigLocation] {
        let home = self.home
        let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        let macSupport = home + "/Library/Application Support"
        // Windows: %APPDATA% (the roaming profile); under a Unix-style HOME, its usual place.
        let appData = environment["APPDATA"].map { $0.replacingOccurrences(of: "\\", with: "/") } ?? home + "/AppData/Roaming"
        let cwd = workingDirectory
        var out: [ClientConfigLocation] = []
        for base in [macSupport, appData, xdg] {
            out.append(ClientConfigLocation(client: .claudeDesktop, path: base + "/Claude/claude_desktop_config.json"))
        }
        out.append(ClientConfigLocation(client: .claudeCode, path: home + "/.claude.json"))
        out.append(ClientConfigLocation(client: .claudeCode, path: cwd + "/.mcp.json", project: cwd))
        out.append(ClientConfigLocation(client: .cursor, path: home + "/.cursor/mcp.json"))
        out.append(ClientConfigLocation(client: .cursor, path: cwd + "/.cursor/mcp.json", project: cwd))
        for base in [macSupport, appData, xdg] {
            for edition in ["Code", "Code - Insiders"] {
                out.append(ClientConfigLocation(client: .vscode, path: "\(base)/\(edition)/User/mcp.json"))
                out.append(ClientConfigLocation(client: .vscode, path: "\(base)/\(edition)/User/settings.json"))
            }
        }
        out.append(ClientConfigLocation(client: .vscode, path: cwd + "/.vscode/mcp.json", project: cwd))
        out.append(ClientConfigLocation(client: .vscode, path: cwd + "/.vscode/settings.json", project: cwd))
        out.append(ClientConfigLocation(client: .windsurf, path: home + "/.codeium/windsurf/mcp_config.json"))
        out.append(ClientConfigLocation(client: .geminiCLI, path: home + "/.gemini/settings.json"))
        out.append(ClientConfigLocation(client: .geminiCLI, path: cwd + "/.gemini/settings.json", project: cwd))
        let codexHome = environment["CODEX_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.codex"
        out.append(ClientConfigLocation(client: .codex, path: codexHome + "/config.toml"))
        out.append(ClientConfigLocation(client: .zed, path: xdg + "/zed/settings.json"))
        out.append(ClientConfigLocation(client: .zed, path: home + "/.config/zed/settings.json"))
        out.append(ClientConfigLocation(client: .zed, path: cwd + "/.zed/settings.json", project: cwd))
        // The same file reached twice (doctor run in HOME, XDG_CONFIG_HOME = ~/.config): the user-level reading wins.
        var seen: Set<String> = []
        return out.filter { seen.insert(($0.path as NSString).standardizingPath).inserted }
    }

    /// The candidates that exist.
    public func discover() -> [ClientConfigLocation] {
        candidates().filter { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// The client a file given with `--client-config` belongs to, from its name and place.
    public static func guessClient(path: String, text: String) -> MCPClient {
        let lower = path.lowercased()
        let name = (lower as NSString).lastPathComponent
        if name == "claude_desktop_config.json" { return .claudeDesktop }
        if name == ".claude.json" || name == ".mcp.json" { return .claudeCode }
        if lower.contains("/.cursor/") || lower.hasPrefix(".cursor/") { return .cursor }
        if lower.contains("windsurf") || name == "mcp_config.json" { return .windsurf }
        if name.hasSuffix(".toml") { return .codex }
        if lower.contains("/.gemini/") || lower.hasPrefix(".gemini/") { return .geminiCLI }
        if lower.contains("/zed/") || lower.contains("/.zed/") || text.contains("\"context_servers\"") { return .zed }
        if lower.contains("/.vscode/") || lower.hasPrefix(".vscode/") || lower.contains("/code/user/")
            || lower.contains("/code - insiders/user/") || text.contains("\"servers\"")
        {
            return .vscode
        }
        return .claudeDesktop
    }
}
