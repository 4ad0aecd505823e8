import PreflightCore

/// Reads one GitHub Actions workflow: jobs, their `run` steps and `uses` actions. Local composite
/// actions (`uses: ./path`) are followed; reusable workflows in the same folder are read anyway.
struct GitHubWorkflow {
    var project: Project
    var path: String

    static let automaticEvents: Set<String> = ["push", "pull_request", "pull_request_target", "merge_group"]

    func read(_ document: YAMLValue, into pipeline: inout CIPipeline) {
        guard let jobs = document["jobs"]?.pairs, !jobs.isEmpty else { return }
        pipeline.files.append(path)
        let on = document["on"] ?? document["true"]
        let events = Self.events(on)
        if !events.isDisjoint(with: Self.automaticEvents) || events.contains("workflow_call") {
            pipeline.automatic = true
        } else {
            pipeline.manualOnly.append(Location(path, line: on?.line ?? 1))
        }
        let workflowEnv = document["env"]?.stringMap ?? [:]
        for (name, job) in jobs {
            pipeline.jobCount += 1
            let env = workflowEnv.merging(job["env"]?.stringMap ?? [:]) { $1 }
            if let uses = job["uses"]?.string {
                // A reusable workflow of another repository: its steps are not visible here.
                pipeline.actions.append(
                    CIPipeline.Action(name: Self.actionName(uses), with: [:], location: Location(path, line: job.line), job: name)
                )
            }
            readSteps(job["steps"]?.items ?? [], file: path, job: name, env: env, depth: 0, into: &pipeline)
        }
    }

    func readSteps(
        _ steps: [YAMLValue], file: String, job: String, env: [String: String], depth: Int, into pipeline: inout CIPipeline
    ) {
        for step in steps {
            let stepEnv = env.merging(step["env"]?.stringMap ?? [:]) { $1 }
            if let run = step["run"], let script = run.string {
                let line = CIScriptLine.first(run, text: script, in: project.text(file))
                pipeline.addScript(script, file: file, line: line, job: job, env: stepEnv)
            }
            guard let uses = step["uses"]?.string else { continue }
            if uses.hasPrefix("./") {
                if depth < 3, let action = localAction(uses) {
                    readSteps(action.steps, file: action.path, job: job, env: stepEnv, depth: depth + 1, into: &pipeline)
                }
                continue
            }
            pipeline.actions.append(
                CIPipeline.Action(
                    name: Self.actionName(uses), with: step["with"]?.stringMap ?? [:],
                    location: Location(file, line: step["uses"]?.line ?? step.line), job: job))
        }
    }

    /// A composite action of this repository: `./.github/actions/setup` → its `action.yml` steps.
    func localAction(_ uses: String) -> (path: String, steps: [YAMLValue])? {
        let dir = String(uses.dropFirst(2)).trimmingSlashes
        for name in ["action.yml", "action.yaml"] {
            let candidate = dir.isEmpty ? name : dir + "/" + name
            if let doc = project.yaml[candidate]?.first, let steps = doc["runs", "steps"]?.items {
                return (candidate, steps)
            }
        }
        return nil
    }

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
