import PreflightCore

/// The environment variables a project's server code reads, as the `env.*` and `docs.env-vars`
/// checks see them (system variables and test files left out), for commands that write templates.
public enum ProjectVariables {
    public struct Variable: Sendable, Equatable {
        public var name: String
        /// Every read has a default: the server starts without it.
        public var optional: Bool
        public var secret: Bool
        public var location: Location
    }

    public static func read(_ project: Project) -> [Variable] {
        var defaulted: [String: Bool] = [:]
        for file in project.serverPythonFiles {
            for read in file.envReads ?? [] where !read.name.isEmpty {
                defaulted[read.name] = (defaulted[read.name] ?? true) && (read.hasDefault ?? false)
            }
        }
        return EnvVarSupport.variablesRead(project).map {
            Variable(
                name: $0.name, optional: defaulted[$0.name] ?? false, secret: SecretNames.looksSecret($0.name),
                location: $0.location)
        }
    }
}

/// Which transports the server code uses, as the Docker checks read them.
public enum ServerTransports {
    /// Something serves HTTP (an HTTP transport, or a web server imported).
    public static func servesHTTP(_ project: Project) -> Bool { DockerHealthcheck.sourceTransport(project) != .stdio }

    /// A `run()` uses stdio (explicitly, by default, or chosen at run time), or nothing says otherwise.
    public static func servesStdio(_ project: Project) -> Bool {
        let runs = project.serverPythonFiles.flatMap { $0.runCalls }
        return runs.isEmpty || runs.contains { $0.transport == nil || $0.transport == "stdio" }
    }
}
