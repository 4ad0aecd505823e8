import PreflightCore

/// Reads `.gitlab-ci.yml` and its local includes: jobs are the top-level keys that are not
/// keywords or hidden templates (`.name`); `extends`, `!reference` and default `before_script`
/// are resolved. Template, remote, project and component includes are kept as actions.
struct GitLabPipeline {
    var project: Project
    var scope: CIScope

    static let keywords: Set<String> = [
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script",
        "after_script", "types", "spec",
    ]

    func read(_ root: YAMLValue, into pipeline: inout CIPipeline) {
        var keys: [(key: String, value: YAMLValue, file: String)] = []
        var seen: Set<String> = []
        var includes: [CIPipeline.Action] = []
        let main = scope.display(".gitlab-ci.yml")
        collect(root, file: main, into: &keys, seen: &seen, actions: &includes)
        let table = Dictionary(keys.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let globalEnv = table["variables"]?.stringMap ?? [:]
        let defaultBefore = table["default"]?["before_script"] ?? table["before_script"]
        var jobs: [CIPipeline.Job] = []
        for (name, value, file) in keys where !Self.keywords.contains(name) && !name.hasPrefix(".") {
            guard value.pairs != nil else { continue }
            let job = resolved(value, table: table, depth: 0)
            guard job["script"] != nil || job["trigger"] != nil else { continue }
            var entry = CIPipeline.Job(name: name, file: file)
            let changes = Self.changes(job)
            if !scope.prefix.isEmpty, !changes.isEmpty {
                let filter = scope.pathsFilter(changes)
                guard filter.covers else { continue }
                entry.namedByPaths = filter.specific
            }
            let env = globalEnv.merging(job["variables"]?.stringMap ?? [:]) { $1 }
            let before = job["before_script"] ?? defaultBefore
            let nonBlocking = GitHubWorkflow.isTrue(job["allow_failure"])
            for part in [before, job["script"]].compactMap({ $0 }) {
                for (text, line) in scripts(part, table: table, file: file) {
                    entry.commands += CIPipeline.scriptCommands(
                        text, file: file, line: line, job: name, env: env, dir: "", scope: scope, nonBlocking: nonBlocking)
                }
            }
            jobs.append(entry)
        }
        // Template and component includes apply to the whole repository.
        if !includes.isEmpty {
            var entry = CIPipeline.Job(name: "include", file: main)
            entry.actions = includes.map { ($0, .ancestor) }
            jobs.append(entry)
        }
        guard pipeline.add(jobs, file: main, repositoryLevel: !scope.prefix.isEmpty) else { return }
        pipeline.automatic = true
        pipeline.jobCount -= includes.isEmpty ? 0 : 1
    }

    /// `rules: [{changes: [...]}]` or `only: {changes: [...]}`: the paths that start the job.
    static func changes(_ job: YAMLValue) -> [String] {
        var out: [String] = []
        for rule in job["rules"]?.items ?? [] {
            let changes = rule["changes"]
            out += (changes?["paths"] ?? changes)?.items?.compactMap(\.string) ?? []
        }
        out += job["only", "changes"]?.items?.compactMap(\.string) ?? []
        return out
    }

    /// Top-level keys of the file and of its local includes, in include order.
    func collect(
        _ doc: YAMLValue, file: String, into keys: inout [(key: String, value: YAMLValue, file: String)],
        seen: inout Set<String>, actions: inout [CIPipeline.Action]
    ) {
        guard seen.insert(file).inserted, seen.count < 20 else { return }
        let includes = doc["include"].map { $0.items ?? [$0] } ?? []
        for include in includes {
            if let local = include.string ?? include["local"]?.string {
                let path = local.trimmingSlashes
                if local.contains("://") {
                    addAction("gitlab-remote:" + local, include, file: file, actions: &actions)
                } else if let included = project.anyYAML(scope.display(path))?.first {
                    collect(included, file: scope.display(path), into: &keys, seen: &seen, actions: &actions)
                }
            } else {
                for kind in ["template", "remote", "component", "project"] {
                    if let value = include[kind]?.string {
                        let files = include["file"].map { $0.items?.compactMap(\.string) ?? [$0.string ?? ""] } ?? []
                        addAction(
                            "gitlab-\(kind):" + ([value] + files).joined(separator: " "), include, file: file, actions: &actions)
                    }
                }
            }
        }
        for (key, value) in doc.pairs ?? [] where key != "include" { keys.append((key, value, file)) }
    }

    func addAction(_ name: String, _ node: YAMLValue, file: String, actions: inout [CIPipeline.Action]) {
        actions.append(
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
    func scripts(_ node: YAMLValue, table: [String: YAMLValue], file: String, depth: Int = 0) -> [(String, Int)] {
        if let text = node.string { return [(text, CIScriptLine.first(node, text: text, in: project.anyText(file)))] }
        guard let items = node.items, depth < 5 else { return [] }
        let path = items.compactMap(\.string)
        if path.count == items.count, path.count >= 2, table[path[0]] != nil, path.dropFirst().allSatisfy({ !$0.contains(" ") }) {
            var target = table[path[0]]
            for key in path.dropFirst() { target = target?[key] }
            return target.map { scripts($0, table: table, file: file, depth: depth + 1) } ?? []
        }
        return items.flatMap { scripts($0, table: table, file: file, depth: depth + 1) }
    }
}
