/// Expands `${...}` in a configuration value the way one client does before it starts a server.
struct VariableExpander: Sendable {
    enum Unresolved: Error, Equatable, CustomStringConvertible {
        /// `${input:id}`: VS Code asks the user when it starts the server.
        case input(String)
        /// `${VAR}` without a default, unset: Claude Code refuses to load the entry.
        case unset(String)
        /// `${workspaceFolder}` in a user-level file with no workspace.
        case noWorkspace(String)

        var description: String {
            switch self {
            case .input(let id): return "`${input:\(id)}` is asked of the user when the client starts the server"
            case .unset(let name): return "`${\(name)}` is not set in this environment and has no default"
            case .noWorkspace(let v): return "`${\(v)}` needs an open workspace"
            }
        }
    }

    let style: VariableExpansion
    /// The client's own environment (the variables `${VAR}` reads).
    let environment: [String: String]
    /// The workspace `${workspaceFolder}` names.
    let workspace: String?

    func expand(_ value: String) throws(Unresolved) -> String {
        guard style != .none, value.contains("${") else { return value }
        var out = ""
        var rest = Substring(value)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return out + rest }
            let token = String(rest[open.upperBound..<close])
            let literal = "${" + token + "}"
            rest = rest[rest.index(after: close)...]
            out += try replacement(for: token) ?? literal
        }
        return out + rest
    }

    /// nil: this client leaves the token as written.
    func replacement(for token: String) throws(Unresolved) -> String? {
        switch style {
        case .none: return nil
        case .shellStyle:
            var name = token
            var fallback: String?
            if let sep = token.range(of: ":-") {
                fallback = String(token[sep.upperBound...])
                name = String(token[..<sep.lowerBound])
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            if let value = environment[name] { return value }
            if let fallback { return fallback }
            throw .unset(name)
        case .envPrefixed:
            guard token.hasPrefix("env:") else { return nil }
            return environment[String(token.dropFirst(4))] ?? ""
        case .editor:
            if token.hasPrefix("env:") { return environment[String(token.dropFirst(4))] ?? "" }
            if token.hasPrefix("input:") { throw .input(String(token.dropFirst(6))) }
            switch token {
            case "workspaceFolder", "workspaceRoot":
                guard let workspace else { throw .noWorkspace(token) }
                return workspace
            case "workspaceFolderBasename":
                guard let workspace else { throw .noWorkspace(token) }
                return workspace.split(separator: "/").last.map(String.init) ?? workspace
            case "userHome": return environment["HOME"] ?? ""
            case "pathSeparator", "/": return "/"
            default: return nil
            }
        }
    }
}
