import PreflightCore

/// The shape every "the pipeline runs X" check shares: skip without a pipeline, pass naming the
/// first command (or action) that does X, fail at the first pipeline file otherwise.
enum CISupport {
    static func requireStep(
        _ project: Project, what: String, missing: String, command: ([String]) -> Bool, actions: [String] = []
    ) -> CheckOutput {
        let pipeline: CIPipeline
        switch CIPipeline.require(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let p): pipeline = p
        }
        let hits = pipeline.expandedCommands(project).filter {
            let words = CICommandLine.normalize($0.words)
            return command(words) && CIRecognize.counts(words, for: project)
        }
        if let hit = hits.first(where: { !$0.nonBlocking }) {
            return .pass(
                "\(what): \(hit.display) in \(hit.location.display) (job \(hit.job))", evidence: evidence(hit.location, hit.job))
        }
        let actionHits = pipeline.actions.filter { action in actions.contains { action.name.hasPrefix($0) } }
        if let hit = actionHits.first(where: { !$0.nonBlocking }) {
            return .pass(
                "\(what): `\(hit.name)` in \(hit.location.display) (job \(hit.job))", evidence: evidence(hit.location, hit.job))
        }
        // `continue-on-error: true` or `|| true`: the step runs, but its failure never stops a change.
        if let ignored = hits.first {
            return .fail(
                "\(missing): \(ignored.display) in \(ignored.location.display) ignores its own failure "
                    + "(`continue-on-error` or `|| true`), so it gates nothing", at: ignored.location)
        }
        if let ignored = actionHits.first {
            return .fail(
                "\(missing): `\(ignored.name)` in \(ignored.location.display) has `continue-on-error: true`, so it gates nothing",
                at: ignored.location)
        }
        let read =
            pipeline.files.prefix(4).joined(separator: ", ")
            + (pipeline.files.count > 4 ? " and \(pipeline.files.count - 4) more" : "")
        return .fail("\(missing) (read \(read))", at: pipeline.anchor)
    }

    static func evidence(_ location: Location, _ job: String) -> JSONValue {
        var b = JSONObjectBuilder()
        b.set("location", location.display)
        b.set("job", job)
        return b.value
    }

    /// A minimal GitHub Actions workflow around `steps` (YAML list items, indented 6).
    static func workflow(_ steps: String...) -> String {
        """
        name: ci
        on: [push, pull_request]
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v5

        """ + steps.map { "      " + $0 + "\n" }.joined()
    }
}
