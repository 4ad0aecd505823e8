import PreflightCore

/// The client configuration checks (`client.*`) run on configuration files found outside a
/// project, e.g. by `preflight doctor` on a client's own config, with the PATH that client sees.
public enum ClientConfigAudit {
    public static let checks: [any StaticCheck.Type] = [
        ClientAbsolutePaths.self, ClientUVDirectory.self, ClientEnvStrings.self, ClientCommandExists.self,
    ]

    /// Each client check's description and raw output for `files` (read from disk, so `explicit`).
    public static func run(_ files: [ClientConfigFile], searchPath: String?, root: String)
        -> [(description: CheckDescription, output: CheckOutput)]
    {
        let project = Project(
            root: root, displayPath: root, files: [], texts: [:], gitTracked: nil, pyproject: nil, dockerfiles: [], yaml: [:],
            markdown: [:], envExample: nil, python: nil, pythonUnavailable: nil, clientConfigs: files, problems: [],
            suppressions: [], searchPath: searchPath, fileSet: [])
        return checks.map { ($0.description, $0.init().run(project)) }
    }
}
