import PreflightCore

/// The runtime dependencies of a Node.js package, including those of the workspace packages it depends
/// on (a monorepo's `@acme/metrics` that wraps `prom-client`): what ships when the server is installed.
struct NodePackages {
    /// Every `package.json` of the project and, for a monorepo package, of the repository's workspaces,
    /// by package name.
    var byName: [String: String] = [:]
    let project: Project

    init(_ project: Project) {
        self.project = project
        let own = project.texts.keys.filter { $0 == "package.json" || $0.hasSuffix("/package.json") }
        let above = project.repository.map { $0.texts.keys.filter { $0.hasPrefix("../") && $0.hasSuffix("/package.json") } } ?? []
        for path in (own + above).sorted() {
            guard let name = Self.manifest(project.anyText(path))?["name"]?.stringValue, byName[name] == nil else { continue }
            byName[name] = path
        }
    }

    static func manifest(_ text: String?) -> JSONValue? { text.flatMap { try? JSONParser.parse($0) } }

    /// The first runtime dependency matching `wanted`, found from the project's `package.json` through
    /// the workspace packages it depends on: the dependency and the chain of manifests that leads to it.
    func firstDependency(where wanted: (String) -> Bool) -> (dependency: String, via: [String])? {
        guard project.exists("package.json") else { return nil }
        var queue: [[String]] = [["package.json"]]
        var seen: Set<String> = ["package.json"]
        while !queue.isEmpty {
            let chain = queue.removeFirst()
            guard let path = chain.last, let json = Self.manifest(project.anyText(path)) else { continue }
            let deps = (json["dependencies"]?.objectValue ?? []).map(\.0)
            if let hit = deps.first(where: wanted) { return (hit, chain) }
            for dep in deps {
                // A workspace package's own runtime dependencies ship with it.
                if let next = byName[dep], !seen.contains(next), seen.count < 50 {
                    seen.insert(next)
                    queue.append(chain + [next])
                }
            }
        }
        return nil
    }
}
