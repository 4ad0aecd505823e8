import PreflightCore

/// Reads `.gitlab-ci.yml` and its local includes: jobs are the top-level keys that are not
/// keywords or hidden templates (`.name`); `extends`, `!reference` and default `before_script`
/// are resolved. Template, remote, project and component includes are kept as actions.
struct GitLabPipeline {
    var project: Project

    static let keywords: Set<String> = [
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script",
        "after_script", "types", "spec",
    ]

    func read(_ root: YAMLValue, into pipeline: inout CIPipeline) {
        var keys: [(key: String, value: YAMLValue, file: String)] = []
        var seen: Set<String> = []
        collect(root, file: ".gitlab-ci.yml", into: &keys, seen: &seen, pipeline: &pipeline)
        let table = Dictionary(keys.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let globalEnv = table["variables"]?.stringMap ?? [:]
        let defaultBefore = table["default"]?["before_script"] ?? table["before_script"]
        pipeline.files.append(".gitlab-ci.yml")
        pipeline.automatic = true
        for (name, value, file) in keys where !Self.keywords.contains(name) && !name.hasPrefix(".") {
            guard value.pairs != nil else { continue }
            let job = resolved(value, table: table, depth: 0)
            guard job["script"] != nil || job["trigger"] != nil else { continue }
            pipeline.jobCount += 1
            let env = globalEnv.merging(job["variables"]?.stringMap ?? [:]) { $1 }
            let before = job["before_script"] ?? defaultBefore
            for part in [before, job["script"]].compactMap({ $0 }) {
                for (text, line) in scripts(part, table: table) {
                    pipeline.addScript(text, file: file, line: line, job: name, env: env)
                }
            }
        }
    }

    /// Top-level keys of the file and of its local includes, in include order.
    func collect(
        _ doc: YAMLValue, file: String, into keys: inout [(key: String, value: YAMLValue, file: String)],
        seen: inout Set<String>, pipeline: inout CIPipeline
    ) {
        guard seen.insert(file).inserted, seen.count < 20 else { return }
        let includes = doc["include"].map { $0.items ?? [$0] } ?? []
        for include in includes {
            if let local = include.string ?? include["local"]?.string {
                let path = local.trimmingSlashes
                if local.contains("://") {
                    addAction("gitlab-remote:" + local, include, file: file, pipeline: &pipeline)
                } else if let included = project.yaml[path]?.first {
                    collect(included, file: path, into: &keys, seen: &seen, pipeline: &pipeline)
                }
            } else {
                for kind in ["template", "remote", "component", "project"] {
                    if let value = include[kind]?.string {
                        let files = include["file"].map { $0.items?.compactMap(\.string) ?? [$0.string ?? ""] } ?? []
                        addAction(
                            "gitlab-\(kind):" + ([value] + files).joined(separator: " "), include, file: file, pipeline: &pipeline
                        )
                    }
                }
            }
        }
        for (key, value) in doc.pairs ?? [] where key != "include" { keys.append((key, value, file)) }
    }

    func addAction(_ name: String, _ node: YAMLValue, file: String, pipeline: inout CIPipeline) {
        pipeline.actions.append(
            CIPipeline.Action(name: name.lowercased(), with: [:], location: Location(file, line: node.line), job: "include"))
    }

    /// A job with its `extends` chain applied (the job's own keys win).
    func resolved(_ job: YAMLValue, table: [String: YAMLValue], depth: Int) -> YAMLValue {
        guard depth < 10, let pairs = job.pairs else { return job }
        let parents = job["extends"].map { $0.items?.compactMap(\.string) ?? [$0.string ?? ""] } ?? []
        var merged: [(key: String, value: YAMLValue)] = []
        for parent in parents {
            guard let base = table[parent] else { continue }
            for pair in resolved(base, table: table, depth: depth + 1).pairs ?? [] {
                merged.removeAll { $0.key == pair.key }
                merged.append(pair)
            }
        }
        for pair in pairs where pair.key != "extends" {
            merged.removeAll { $0.key == pair.key }
            merged.append(pair)
        }
        return .mapping(merged, line: job.line)
    }

    /// Script texts of a `script`/`before_script` value: a string, a list, or `!reference [.job, script]`.
    func scripts(_ node: YAMLValue, table: [String: YAMLValue], depth: Int = 0) -> [(String, Int)] {
        if let text = node.string { return [(text, CIScriptLine.first(node, text: text, in: project.text(".gitlab-ci.yml")))] }
        guard let items = node.items, depth < 5 else { return [] }
        let path = items.compactMap(\.string)
        if path.count == items.count, path.count >= 2, table[path[0]] != nil, path.dropFirst().allSatisfy({ !$0.contains(" ") }) {
            var target = table[path[0]]
            for key in path.dropFirst() { target = target?[key] }
            return target.map { scripts($0, table: table, depth: depth + 1) } ?? []
        }
        return items.flatMap { scripts($0, table: table, depth: depth + 1) }
    }
}
