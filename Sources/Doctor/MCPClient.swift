/// The MCP clients whose configuration `preflight doctor` reads, and how each one starts a server:
/// which PATH and environment the server gets, which variables the client expands, where it runs.
public enum MCPClient: String, CaseIterable, Sendable, Comparable {
    case claudeDesktop = "claude-desktop"
    case claudeCode = "claude-code"
    case cursor
    case vscode
    case windsurf
    case geminiCLI = "gemini-cli"
    case codex
    case zed

    public static func < (a: MCPClient, b: MCPClient) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    public var displayName: String {
        switch self {
        case .claudeDesktop: return "Claude Desktop"
        case .claudeCode: return "Claude Code"
        case .cursor: return "Cursor"
        case .vscode: return "VS Code"
        case .windsurf: return "Windsurf"
        case .geminiCLI: return "Gemini CLI"
        case .codex: return "Codex CLI"
        case .zed: return "Zed"
        }
    }

    /// Whether the server sees the PATH of a desktop session instead of the login shell's: Claude
    /// Desktop is started by the desktop (launchd, the session manager) and runs no shell, so
    /// `~/.local/bin`, nvm, pyenv or Homebrew additions made in `.zshrc`/`.bashrc` are missing.
    /// VS Code, Cursor, Windsurf and Zed resolve the login shell's environment at start-up; the CLIs
    /// run inside the shell.
    public var usesDesktopPATH: Bool { self == .claudeDesktop }

    /// The variables of the client's own environment a server inherits; nil: all of them.
    /// Claude Desktop spawns through the MCP TypeScript SDK, whose default environment is these six
    /// (`getDefaultEnvironment`); Codex forwards a fixed list plus `env_vars`.
    public var inheritedVariables: Set<String>? {
        switch self {
        case .claudeDesktop: return ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"]
        case .codex:
            return [
                "HOME", "LOGNAME", "PATH", "SHELL", "USER", "__CF_USER_TEXT_ENCODING", "LANG", "LC_ALL", "TERM", "TMPDIR", "TZ",
            ]
        default: return nil
        }
    }

    /// Which `${...}` forms the client expands in command, args, env and cwd.
    public var expansion: VariableExpansion {
        switch self {
        case .claudeCode: return .shellStyle
        case .vscode, .cursor: return .editor
        case .windsurf: return .envPrefixed
        case .geminiCLI: return .shellStyle
        case .claudeDesktop, .codex, .zed: return .none
        }
    }

    /// Whether the client's configuration file can name a remote server by URL. Claude Desktop's
    /// `claude_desktop_config.json` cannot: remote servers are added as connectors in its settings.
    public var acceptsURLEntries: Bool { self != .claudeDesktop }

    /// Whether a URL entry declared as SSE is retried as Streamable HTTP (and the reverse): VS Code and
    /// Cursor try Streamable HTTP first and fall back to SSE; the others speak what the entry says.
    public var negotiatesHTTPTransport: Bool { self == .vscode || self == .cursor || self == .windsurf }

    /// Where a server runs when its entry gives no `cwd` and the configuration belongs to no project:
    /// Claude Desktop starts servers in `/`; the others in the folder they were opened in (doctor's).
    public var startsInRoot: Bool { self == .claudeDesktop }

    public static func named(_ name: String) -> MCPClient? {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        let aliases: [String: MCPClient] = [
            "claude": .claudeDesktop, "claude-desktop": .claudeDesktop, "claude-code": .claudeCode, "cursor": .cursor,
            "vscode": .vscode, "vs-code": .vscode, "code": .vscode, "windsurf": .windsurf, "gemini": .geminiCLI,
            "gemini-cli": .geminiCLI, "codex": .codex, "codex-cli": .codex, "zed": .zed,
        ]
        return aliases[key]
    }
}

/// The `${...}` syntaxes clients expand.
public enum VariableExpansion: Sendable {
    /// Nothing is expanded (Claude Desktop, Codex, Zed): `${HOME}` reaches the server as written.
    case none
    /// `${VAR}` and `${VAR:-default}` from the environment (Claude Code, Gemini CLI).
    case shellStyle
    /// `${workspaceFolder}`, `${userHome}`, `${env:VAR}`, `${pathSeparator}`; `${input:id}` prompts the user (VS Code, Cursor).
    case editor
    /// `${env:VAR}` (Windsurf).
    case envPrefixed
}
