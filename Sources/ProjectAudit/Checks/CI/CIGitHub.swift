import PreflightCore

/// Reads one GitHub Actions workflow: jobs, their `run` steps and `uses` actions. Local composite
/// actions (`uses: ./path`) are followed; reusable workflows in the same folder are read anyway.
/// For a workflow at the top of a monorepo, each job is kept only when it works on the project
/// (see `CIPipeline.Job.applies`).
struct GitHubWorkflow {
    var project: Project
    /// Project-relative (`../../.github/workflows/ci.yml` for a repository workflow).
    var path: String
    var scope: CIScope

    static let automaticEvents: Set<String> = ["push", "pull_request", "pull_request_target", "merge_group"]
    /// `with:` inputs of actions that name the folder they work on.
    static let folderInputs = ["working-directory", "context", "src", "directory", "project", "workdir", "file", "dockerfile"]

    var repositoryLevel: Bool { !scope.prefix.isEmpty }

    func read(_ document: YAMLValue, into pipeline: inout CIPipeline) {
        guard let jobs = document["jobs"]?.pairs, !jobs.isEmpty else { return }
        let on = document["on"] ?? document["true"]
        let events = Self.events(on)
        var namedByPaths = false
        if repositoryLevel {
            let filter = pathsFilter(on)
            guard filter.runs else {
                pipeline.unrelated.append((path, filter.folders))
                return
            }
            namedByPaths = filter.specific
        }
        let workflowEnv = document["env"]?.stringMap ?? [:]
        let workflowDir = document["defaults", "run", "working-directory"]?.string ?? ""
        let globs = Dictionary(jobs.map { ($0.key, Self.globbedNames($0.value)) }, uniquingKeysWith: { a, _ in a })
        var read: [CIPipeline.Job] = []
        let topFiles = Set(project.files.filter { !$0.utf8.contains(UInt8(ascii: "/")) })
        for (name, job) in jobs {
            var entry = CIPipeline.Job(name: name, file: path)
            entry.namedByPaths = namedByPaths
            var jobScope = scope
            jobScope.matrix = Self.matrix(job["strategy", "matrix"])
            jobScope.projectFiles = topFiles
            for (key, value) in job["strategy", "matrix"]?.pairs ?? [] {
                guard let expression = value.string else { continue }
                let names = globs.filter { expression.contains("needs.\($0.key).outputs") }.flatMap(\.value)
                if !names.isEmpty { jobScope.globbed[key] = Set(names) }
            }
            let env = workflowEnv.merging(job["env"]?.stringMap ?? [:]) { $1 }
            let dir = job["defaults", "run", "working-directory"]?.string ?? workflowDir
            let nonBlocking = Self.isTrue(job["continue-on-error"])
            if let uses = job["uses"]?.string {
                // A reusable workflow of another repository: its steps are not visible here.
                entry.actions.append(
                    (
                        CIPipeline.Action(
                            name: Self.actionName(uses), with: job["with"]?.stringMap ?? [:],
                            location: Location(path, line: job.line), job: name, nonBlocking: nonBlocking),
                        relation(ofInputs: job["with"]?.stringMap ?? [:], scope: jobScope)
                    ))
            }
            readSteps(
                job["steps"]?.items ?? [], file: path, job: name, env: env, dir: dir, scope: jobScope, nonBlocking: nonBlocking,
                depth: 0, into: &entry)
            read.append(entry)
        }
        guard pipeline.add(read, file: path, repositoryLevel: repositoryLevel) else { return }
        if !events.isDisjoint(with: Self.automaticEvents) || events.contains("workflow_call") {
            pipeline.automatic = true
        } else {
            pipeline.manualOnly.append(Location(path, line: on?.line ?? 1))
        }
    }

    func readSteps(
        _ steps: [YAMLValue], file: String, job: String, env: [String: String], dir: String, scope: CIScope,
        nonBlocking: Bool, depth: Int, into entry: inout CIPipeline.Job
    ) {
        for step in steps {
            let stepEnv = env.merging(step["env"]?.stringMap ?? [:]) { $1 }
            let stepDir = step["working-directory"]?.string ?? dir
            let stepNonBlocking = nonBlocking || Self.isTrue(step["continue-on-error"])
            if let run = step["run"], let script = run.string {
                let line = CIScriptLine.first(run, text: script, in: project.anyText(file))
                entry.commands += CIPipeline.scriptCommands(
                    script, file: file, line: line, job: job, env: stepEnv, dir: stepDir, scope: scope,
                    nonBlocking: stepNonBlocking
                ).map {
                    var c = $0
                    c.command.workflow = path
                    return c
                }
            }
            guard let uses = step["uses"]?.string else { continue }
            if uses.hasPrefix("./") {
                if depth < 3, let action = localAction(uses) {
                    readSteps(
                        action.steps, file: action.path, job: job, env: stepEnv, dir: stepDir, scope: scope,
                        nonBlocking: stepNonBlocking, depth: depth + 1, into: &entry)
                }
                continue
            }
            let with = step["with"]?.stringMap ?? [:]
            entry.actions.append(
                (
                    CIPipeline.Action(
                        name: Self.actionName(uses), with: with, location: Location(file, line: step["uses"]?.line ?? step.line),
                        job: job, nonBlocking: stepNonBlocking, env: stepEnv),
                    relation(ofInputs: with, scope: scope)
                ))
        }
    }

    /// Where an action works, from inputs such as `working-directory` or `context`.
    func relation(ofInputs with: [String: String], scope: CIScope) -> CIScope.Relation {
        var found: CIScope.Relation = .ancestor
        for key in Self.folderInputs {
            guard var value = with[key], !value.isEmpty else { continue }
            if key == "file" || key == "dockerfile" { value = value.split(separator: "/").dropLast().joined(separator: "/") }
            switch scope.classify(value).relation {
            case .target: return .target
            case .elsewhere(let dir): found = .elsewhere(dir)
            case .ancestor: break
            }
        }
        return found
    }

    /// A composite action of this repository: `./.github/actions/setup` → its `action.yml` steps.
    func localAction(_ uses: String) -> (path: String, steps: [YAMLValue])? {
        let dir = String(uses.dropFirst(2)).trimmingSlashes
        for name in ["action.yml", "action.yaml"] {
            let candidate = scope.display(dir.isEmpty ? name : dir + "/" + name)
            if let doc = project.anyYAML(candidate)?.first, let steps = doc["runs", "steps"]?.items {
                return (candidate, steps)
            }
        }
        return nil
    }

    /// Whether the workflow starts for changes of the project (`paths:`/`paths-ignore:` of its
    /// automatic triggers), and whether a filter names the project specifically.
    func pathsFilter(_ on: YAMLValue?) -> (runs: Bool, specific: Bool, folders: [String]) {
        guard let pairs = on?.pairs else { return (true, false, []) }
        var runs = false
        var specific = false
        var sawAutomatic = false
        var folders: [String] = []
        for (event, body) in pairs where Self.automaticEvents.contains(event) {
            sawAutomatic = true
            if let paths = body["paths"]?.items?.compactMap(\.string) {
                let filter = scope.pathsFilter(paths)
                runs = runs || filter.covers
                specific = specific || filter.specific
                folders += paths.map { $0.split(separator: "/").prefix { !$0.contains("*") }.joined(separator: "/") }
            } else if let ignored = body["paths-ignore"]?.items?.compactMap(\.string) {
                // Ignored only when a pattern takes the whole folder (`servers/a/**`).
                runs =
                    runs
                    || !ignored.contains { pattern in
                        let literal = pattern.split(separator: "/").prefix { !$0.contains("*") }.joined(separator: "/")
                        return pattern.hasSuffix("**") && RepoPath.isInside(scope.prefix, literal)
                    }
            } else {
                runs = true
            }
        }
        return (runs || !sawAutomatic, specific, Array(Set(folders.filter { !$0.isEmpty })).sorted())
    }

    /// Literal values of `strategy.matrix` keys (and of `include` entries); expressions are left out.
    static func matrix(_ node: YAMLValue?) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (key, value) in node?.pairs ?? [] {
            if key == "include" {
                for entry in value.items ?? [] {
                    for (k, v) in entry.pairs ?? [] { if let s = v.string { out[k, default: []].append(s) } }
                }
            } else if let items = value.items {
                let strings = items.compactMap(\.string)
                if strings.count == items.count { out[key, default: []] += strings }
            }
        }
        return out
    }

    /// File names a job globs for (`find . -name pyproject.toml`): how it builds a matrix of folders.
    static func globbedNames(_ job: YAMLValue) -> [String] {
        var names: [String] = []
        for step in job["steps"]?.items ?? [] {
            guard let script = step["run"]?.string else { continue }
            for command in CIShell.split(script) where command.words.first == "find" {
                for (i, word) in command.words.enumerated()
                where ["-name", "-iname"].contains(word) && i + 1 < command.words.count {
                    names.append(command.words[i + 1])
                }
            }
        }
        return names
    }

    static func isTrue(_ node: YAMLValue?) -> Bool { node?.string.map { $0.lowercased() == "true" } ?? false }

    static func actionName(_ uses: String) -> String {
        String(uses.split(separator: "@", maxSplits: 1).first ?? "").lowercased()
    }

    /// `on: push`, `on: [push, pull_request]` or `on: {push: {branches: …}}`.
    static func events(_ on: YAMLValue?) -> Set<String> {
        guard let on else { return [] }
        if let single = on.string { return [single] }
        if let items = on.items { return Set(items.compactMap(\.string)) }
        return Set((on.pairs ?? []).map(\.key))
    }
}

extension String {
    var trimmingSlashes: String {
        var s = Substring(self)
        while s.hasSuffix("/") { s = s.dropLast() }
        while s.hasPrefix("/") { s = s.dropFirst() }
        return String(s)
    }
}
