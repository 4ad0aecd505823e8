import PreflightCore
import ProjectAudit

/// The transport an entry asks for, from its `type` (or, in Gemini CLI, from `httpUrl` vs `url`).
public enum DeclaredTransport: String, Sendable {
    case stdio
    case streamableHTTP = "http"
    case sse
    /// No `type`: stdio when there is a command, a client-chosen HTTP transport when there is a URL.
    case unspecified

    static func parse(_ raw: String?) -> DeclaredTransport? {
        switch raw?.lowercased() {
        case nil: return .unspecified
        case "stdio", "local": return .stdio
        case "http", "streamable-http", "streamablehttp", "streamable_http", "remote": return .streamableHTTP
        case "sse": return .sse
        default: return nil
        }
    }
}

/// One server entry of one client configuration, with everything the client itself would use.
public struct ClientEntry: Sendable {
    public var location: ClientConfigLocation
    /// `~/.claude.json` `projects["/path"]` entries: the project they belong to.
    public var scope: String?
    /// Name, command, args, env, cwd, url and line, as the `client.*` checks read them.
    public var server: ClientConfigFile.Server
    public var transport: DeclaredTransport
    /// The `type` value when the client would not understand it.
    public var unknownType: String?
    /// The key the URL came from (`url`, `serverUrl`, `httpUrl`).
    public var urlKey: String?
    public var headers: [(String, JSONValue)]
    /// `"disabled": true` (or Codex `enabled = false`): the client does not start it.
    public var disabled: Bool
    /// VS Code `envFile`.
    public var envFile: String?
    /// Codex `env_vars`: variables of its own environment forwarded to the server.
    public var forwardedVariables: [String]
    /// Codex `bearer_token_env_var`.
    public var bearerTokenVariable: String?
    /// The raw entry, for `--fix`.
    public var raw: JSONValue

    public var client: MCPClient { location.client }
    public var name: String { server.name }
    /// The project folder the entry runs in by default (project-scoped configs and `projects` entries).
    public var project: String? { scope ?? location.project }
    public var isRemote: Bool { server.url != nil && server.command == nil }
}

/// A configuration file the client itself could not load: every server in it is lost.
public struct ClientFileProblem: Error, Sendable, Equatable {
    public var path: String
    public var line: Int
    public var message: String
}
