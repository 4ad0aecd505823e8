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
        /// The folder the command runs in, relative to the project: "" is the project, `../..` the repository top.
        var cwd: String = ""
        /// `continue-on-error: true`, `|| true`: the command's failure never fails the pipeline.
        var nonBlocking = false
        /// The pipeline file of the job (a composite action's commands have the action file as location).
        var workflow = ""

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
        var nonBlocking = false
        /// The step's environment (workflow, job and step `env:`): how MegaLinter and super-linter are configured.
        var env: [String: String] = [:]
    }

    /// One job as read, before deciding whether it concerns the project.
    struct Job {
        var name: String
        var file: String
        var commands: [(command: Command, relation: CIScope.Relation)] = []
        var actions: [(action: Action, relation: CIScope.Relation)] = []
        /// A `paths:` trigger filter that names the project.
        var namedByPaths = false

        /// Whether the job works on the project: a command or action in its folder (or a trigger
        /// filter naming it), or nothing scoped to another folder (a repository-wide job).
        var applies: Bool { targets || otherFolders.isEmpty }

        /// Whether the job names the project's folder (a command, an action or a trigger filter).
        var targets: Bool {
            namedByPaths || commands.contains { $0.relation == .target } || actions.contains { $0.relation == .target }
        }

        /// How the job reaches the project, for messages.
        var reason: String? {
            if namedByPaths { return "its `paths:` filter names this folder" }
            if commands.contains(where: { $0.relation == .target }) || actions.contains(where: { $0.relation == .target }) {
                return nil
            }
            return "it runs at the repository top"
        }

        var otherFolders: [String] {
            (commands.map(\.relation) + actions.map(\.relation)).compactMap {
                if case .elsewhere(let dir) = $0 { return dir } else { return nil }
            }
        }
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
    /// Repository pipelines (above a monorepo package) none of whose jobs works on the project,
    /// with an example of the folders they do work on.
    var unrelated: [(file: String, folders: [String])] = []
    /// Why repository pipeline jobs apply: file → reason (e.g. "it runs at the repository top").
    var reasons: [String: String] = [:]

    /// Where a "nothing does X" finding points: the first pipeline file.
    var anchor: Location { Location(files.first ?? ".github/workflows", line: 1) }

    /// The project's pipelines, read once per audit (eight checks ask).
    static func load(_ project: Project) -> CIPipeline { project.memo.pipeline { derive(project) } }

    private static func derive(_ project: Project) -> CIPipeline {
        var pipeline = CIPipeline()
        let own = CIScope(prefix: "")
        for path in workflowPaths(project) {
            guard let document = project.yaml[path]?.first else {
                pipeline.unreadable.append(path)
                continue
            }
            GitHubWorkflow(project: project, path: path, scope: own).read(document, into: &pipeline)
        }
        if project.exists(".gitlab-ci.yml") {
            if let document = project.yaml[".gitlab-ci.yml"]?.first {
                GitLabPipeline(project: project, scope: own).read(document, into: &pipeline)
            } else {
                pipeline.unreadable.append(".gitlab-ci.yml")
            }
        }
        if let repository = project.repository { loadRepository(repository, project: project, into: &pipeline) }
        return pipeline
    }

    /// The pipelines at the top of the repository the project is a folder of.
    static func loadRepository(_ repository: Repository, project: Project, into pipeline: inout CIPipeline) {
        let scope = CIScope(prefix: repository.prefix)
        let workflows = scope.display(".github/workflows") + "/"
        for path in repository.texts.keys.sorted() where path.hasPrefix(workflows) && ProjectPaths.isYAML(path) {
            guard !path.dropFirst(workflows.count).contains("/") else { continue }
            guard let document = repository.yaml[path]?.first else {
                pipeline.unreadable.append(path)
                continue
            }
            GitHubWorkflow(project: project, path: path, scope: scope).read(document, into: &pipeline)
        }
        let gitlab = scope.display(".gitlab-ci.yml")
        if repository.texts[gitlab] != nil {
            if let document = repository.yaml[gitlab]?.first {
                GitLabPipeline(project: project, scope: scope).read(document, into: &pipeline)
            } else {
                pipeline.unreadable.append(gitlab)
            }
        }
    }

    static func workflowPaths(_ project: Project) -> [String] {
        project.files.filter { path in
            guard path.hasPrefix(".github/workflows/"), ProjectPaths.isYAML(path) else { return false }
            return !path.dropFirst(".github/workflows/".count).contains("/")
        }
    }

    /// Keeps the jobs of one pipeline file that work on the project; notes the file when none does.
    mutating func add(_ jobs: [Job], file: String, repositoryLevel: Bool) -> Bool {
        // A workflow whose jobs work on other packages only is about them, helper jobs included
        // (the one that lists the packages runs at the top, but tests nothing).
        let aboutOthers = !jobs.contains(where: \.targets) && jobs.contains { !$0.otherFolders.isEmpty }
        let applying = repositoryLevel ? (aboutOthers ? [] : jobs.filter(\.applies)) : jobs
        guard !applying.isEmpty else {
            if repositoryLevel, !jobs.isEmpty {
                unrelated.append((file, Array(Set(jobs.flatMap(\.otherFolders))).sorted()))
            }
            return false
        }
        if !files.contains(file) { files.append(file) }
        if repositoryLevel, let reason = applying.compactMap(\.reason).first, applying.allSatisfy({ $0.reason != nil }) {
            reasons[file] = reason
        }
        for job in applying {
            jobCount += 1
            // Commands in another package's folder say nothing about this one, even in a job that applies.
            commands += job.commands.filter { if case .elsewhere = $0.relation { return false } else { return true } }.map(
                \.command)
            actions += job.actions.filter { if case .elsewhere = $0.relation { return false } else { return true } }.map(\.action)
        }
        return true
    }

    /// The pipeline, or why the ci.* checks other than ci.pipeline cannot be decided.
    static func require(_ project: Project) -> Result<CIPipeline, SkipReason> {
        let pipeline = load(project)
        if pipeline.jobCount == 0 {
            if let broken = pipeline.unreadable.first {
                return .failure(SkipReason("\(broken) could not be parsed (see project.files-parse)"))
            }
            if !pipeline.unrelated.isEmpty {
                return .failure(SkipReason("the repository's CI does not test this package: see ci.pipeline"))
            }
            return .failure(SkipReason("no CI pipeline (.github/workflows or .gitlab-ci.yml): see ci.pipeline"))
        }
        return .success(pipeline)
    }

    /// Every command, including those reached through task runners and pre-commit hooks.
    func expandedCommands(_ project: Project) -> [Command] {
        commands.flatMap { CIIndirect.expand($0, project: project) }
            + actions.flatMap { CIIndirect.expand($0, project: project) }
    }

    /// The commands of one script, resolving `export`/`VAR=value` assignments and `cd` as it goes.
    /// `dir` is the folder the script starts in, relative to the pipeline's top.
    static func scriptCommands(
        _ script: String, file: String, line: Int, job: String, env: [String: String], dir: String, scope: CIScope,
        nonBlocking: Bool
    ) -> [(command: Command, relation: CIScope.Relation)] {
        var out: [(command: Command, relation: CIScope.Relation)] = []
        var exported = env
        var current = dir
        let parsed = CIShell.split(script)
        for (index, command) in parsed.enumerated() {
            var words = command.words
            var local = exported
            while let first = words.first, let eq = first.firstIndex(of: "="), eq != first.startIndex,
                first[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                local[String(first[..<eq])] = String(first[first.index(after: eq)...])
                words.removeFirst()
            }
            if words.first == "export" {
                for pair in words.dropFirst() {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { exported[parts[0]] = parts[1] }
                }
                continue
            }
            guard let first = words.first else { continue }
            if first == "cd" || first == "pushd" {
                current = words.count > 1 && words[1] != "-" ? RepoPath.join(current, words[1]) : ""
                continue
            }
            // `bash -c "uv sync && pytest"`: the string is a script of its own.
            if ["bash", "sh", "zsh"].contains(CICommandLine.program(first)), let c = words.firstIndex(of: "-c"),
                c + 1 < words.count
            {
                out += scriptCommands(
                    words[c + 1], file: file, line: line + command.line, job: job, env: local, dir: current, scope: scope,
                    nonBlocking: nonBlocking)
                continue
            }
            let folder = CIDirectories.override(words).map { RepoPath.join(current, $0) } ?? current
            let (relation, cwd) = scope.classify(folder)
            let ignored = nonBlocking || Self.failureIgnored(parsed, at: index)
            let made = Command(
                words: words, location: Location(file, line: line + command.line), job: job, env: local, cwd: cwd,
                nonBlocking: ignored, workflow: file)
            out.append((made, relation))
        }
        return out
    }

    /// `cmd || true`, `cmd || :`, `cmd || exit 0`, `cmd || echo …` (without a later `exit 1`): a failure that is swallowed.
    static func failureIgnored(_ commands: [CIShell.Command], at index: Int) -> Bool {
        guard commands[index].separator == "||", index + 1 < commands.count else { return false }
        let fallback = commands[index + 1].words
        switch fallback.first {
        case "true", ":": return true
        case "exit": return fallback.count < 2 || fallback[1] == "0"
        case "echo", "printf":
            guard index + 2 < commands.count, ["&&", ";"].contains(commands[index + 1].separator) else { return true }
            let next = commands[index + 2].words
            return !(next.first == "false" || (next.first == "exit" && next.count > 1 && next[1] != "0"))
        default: return false
        }
    }
}

/// Options that make a command work in another folder: `uv --directory`, `make -C`, `task -d`.
enum CIDirectories {
    static func override(_ words: [String]) -> String? {
        guard let first = words.first else { return nil }
        let options: [String]
        switch CICommandLine.program(first) {
        case "uv", "uvx": options = ["--directory", "--project"]
        case "make", "gmake": options = ["-C", "--directory"]
        case "task", "go-task": options = ["-d", "--dir"]
        case "just": options = ["-d", "--working-directory"]
        case "npm": options = ["--prefix"]
        case "pnpm", "yarn": options = ["-C", "--dir", "--cwd"]
        case "poetry": options = ["-C", "--directory"]
        case "pdm": options = ["-p", "--project"]
        case "tox": options = ["-c", "--conf"]
        case "nox": options = ["-f", "--noxfile"]
        default: return nil
        }
        for (i, word) in words.enumerated() {
            for option in options {
                if word == option, i + 1 < words.count { return configFolder(words[i + 1], option: option) }
                if word.hasPrefix(option + "=") { return configFolder(String(word.dropFirst(option.count + 1)), option: option) }
            }
        }
        return nil
    }

    /// `tox -c servers/a/tox.ini` names a file: its folder is where the command works.
    static func configFolder(_ value: String, option: String) -> String {
        guard ["-c", "--conf", "-f", "--noxfile"].contains(option), value.contains(".") else { return value }
        return value.split(separator: "/").dropLast().joined(separator: "/")
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
