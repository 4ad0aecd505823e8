import PreflightCore

enum ComposeSupport {
    /// Each service of each compose file, or the reason the compose checks do not apply.
    static func services(_ project: Project) -> Result<[(path: String, name: String, body: YAMLValue)], SkipReason> {
        let files = project.composeFiles
        if files.isEmpty {
            if let broken = project.problems.first(where: { ProjectPaths.isComposeFile($0.path) }) {
                return .failure(SkipReason("\(broken.path) could not be parsed (see project.files-parse)"))
            }
            if let dev = project.files.first(where: ProjectPaths.isComposeFile) {
                return .failure(SkipReason("only compose files for development or tests (\(dev)): no deployment to check"))
            }
            return .failure(SkipReason("no compose file in the project"))
        }
        var out: [(String, String, YAMLValue)] = []
        for (path, doc) in files {
            for (name, body) in doc["services"]?.pairs ?? [] { out.append((path, name, body)) }
        }
        if out.isEmpty { return .failure(SkipReason("the compose files define no services")) }
        return .success(out)
    }

    static func check(
        _ project: Project, pass: String, _ body: (_ path: String, _ name: String, _ service: YAMLValue) -> Finding?
    ) -> CheckOutput {
        switch services(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let services): return .from(services.compactMap { body($0.path, $0.name, $0.body) }, pass: pass)
        }
    }
}
