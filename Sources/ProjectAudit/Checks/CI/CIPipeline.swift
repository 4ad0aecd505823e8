import PreflightCore

/// The project's CI pipelines (GitHub Actions workflows and `.gitlab-ci.yml`) reduced to what
/// the ci.* checks ask: which commands run, which actions are used, where.
struct CIPipeline: Sendable {
    /// One shell command of a job, with the variables in scope (workflow, job, step, `export`).
    struct Command: Sendable {
        var words: [String]
        var location: Location
        var job: String
        var env: [String: String]
        /// How the command is reached when it is not written in the pipeline itself: `make test`, `pre-commit`.
        var via: String?

        var display: String {
            let text = words.joined(separator: " ")
            return via.map { "`\(text)` (via `\($0)`)" } ?? "`\(text)`"
        }
    }

    /// A GitHub action (`uses: owner/repo@ref`) or a GitLab `include` that is not a local file.
    struct Action: Sendable {
        /// Lowercased, without the `@ref`: `aquasecurity/trivy-action`, `gitlab-template:jobs/sast.gitlab-ci.yml`.
        var name: String
        var with: [String: String]
        var location: Location
        var job: String
    }

    var files: [String] = []
    var commands: [Command] = []
    var actions: [Action] = []
    var jobCount = 0
    /// Whether some pipeline runs without a person starting it (push, pull request, merge request).
    var automatic = false
    /// Workflows whose triggers are only manual or scheduled: (file, line of `on:`).
    var manualOnly: [Location] = []
    /// Workflow files that exist but could not be parsed.
    var unreadable: [String] = []

    /// Where a "nothing does X" finding points: the first pipeline file.
    var anchor: Location { Location(files.first ?? ".github/workflows", line: 1) }

    static func load(_ project: Project) -> CIPipeline {
        var pipeline = CIPipeline()
        for path in workflowPaths(project) {
            guard let document = project.yaml[path]?.first else {
                pipeline.unreadable.append(path)
                continue
            }
            GitHubWorkflow(project: project, path: path).read(document, into: &pipeline)
        }
        if project.exists(".gitlab-ci.yml") {
            if let document = project.yaml[".gitlab-ci.yml"]?.first {
                GitLabPipeline(project: project).read(document, into: &pipeline)
            } else {
                pipeline.unreadable.append(".gitlab-ci.yml")
            }
        }
        return pipeline
    }

    static func workflowPaths(_ project: Project) -> [String] {
        project.files.filter { path in
            guard path.hasPrefix(".github/workflows/"), ProjectPaths.isYAML(path) else { return false }
            return !path.dropFirst(".github/workflows/".count).contains("/")
        }
    }

    /// The pipeline, or why the ci.* checks other than ci.pipeline cannot be decided.
    static func require(_ project: Project) -> Result<CIPipeline, SkipReason> {
        let pipeline = load(project)
        if pipeline.jobCount == 0 {
            if let broken = pipeline.unreadable.first {
                return .failure(SkipReason("\(broken) could not be parsed (see project.files-parse)"))
            }
            return .failure(SkipReason("no CI pipeline (.github/workflows or .gitlab-ci.yml): see ci.pipeline"))
        }
        return .success(pipeline)
    }

    /// Every command, including those reached through `make` targets and pre-commit hooks.
    func expandedCommands(_ project: Project) -> [Command] {
        commands.flatMap { CIIndirect.expand($0, project: project) }
            + actions.flatMap { CIIndirect.expand($0, project: project) }
    }

    /// Appends the commands of one script, resolving `export`/`VAR=value` assignments as it goes.
    mutating func addScript(
        _ script: String, file: String, line: Int, job: String, env: [String: String]
    ) {
        var scope = env
        for command in CIShell.split(script) {
            var words = command.words
            var local = scope
            while let first = words.first, let eq = first.firstIndex(of: "="), eq != first.startIndex,
                first[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                local[String(first[..<eq])] = String(first[first.index(after: eq)...])
                words.removeFirst()
            }
            if words.first == "export" {
                for pair in words.dropFirst() {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { scope[parts[0]] = parts[1] }
                }
                continue
            }
            guard let first = words.first else { continue }
            // `bash -c "uv sync && pytest"`: the string is a script of its own.
            if ["bash", "sh", "zsh"].contains(CICommandLine.program(first)), let c = words.firstIndex(of: "-c"),
                c + 1 < words.count
            {
                addScript(words[c + 1], file: file, line: line + command.line, job: job, env: local)
                continue
            }
            commands.append(
                Command(words: words, location: Location(file, line: line + command.line), job: job, env: local))
        }
    }
}

extension YAMLValue {
    /// A mapping of scalars (`env:`, `with:`, `variables:`) as a dictionary.
    var stringMap: [String: String] {
        var map: [String: String] = [:]
        for (key, value) in pairs ?? [] {
            if let s = value.string { map[key] = s } else if let v = value["value"]?.string { map[key] = v }
        }
        return map
    }
}

/// Line of the first script line: a block scalar (`run: |`) starts on the line after its key.
enum CIScriptLine {
    static func first(_ node: YAMLValue, text: String, in file: String?) -> Int {
        let firstLine = text.drop { $0 == "\n" }.prefix { $0 != "\n" }.trimmed
        guard let file, !firstLine.isEmpty, let line = Self.line(node.line, of: file) else { return node.line }
        return line.contains(firstLine) ? node.line : node.line + 1
    }

    /// Line `number` (1-based) of `text`, found by counting newlines (no array of all lines).
    static func line(_ number: Int, of text: String) -> Substring? {
        guard number >= 1 else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        for _ in 1..<number {
            guard let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            start = utf8.index(after: newline)
        }
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
        return text[start..<end]
    }
}
