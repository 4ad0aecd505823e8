import PreflightCore

/// Shared look-ups for Dockerfile checks: which files apply, stage inheritance, ARG defaults.
enum DockerSupport {
    /// The Dockerfiles to check, or the reason the Docker checks do not apply.
    static func dockerfiles(_ project: Project) -> Result<[Dockerfile], SkipReason> {
        if !project.dockerfiles.isEmpty { return .success(project.dockerfiles) }
        if let broken = project.problems.first(where: { ProjectPaths.isDockerfile($0.path) }) {
            return .failure(SkipReason("\(broken.path) could not be parsed (see project.files-parse)"))
        }
        if let dev = project.files.first(where: { ProjectPaths.isDockerfile($0) && !ProjectPaths.isTestPath($0) }) {
            return .failure(SkipReason("only Dockerfiles for development or tests (\(dev)): no production image to check"))
        }
        return .failure(SkipReason("no Dockerfile in the project"))
    }

    /// Runs `body` on each Dockerfile, or skips with the reason none applies.
    static func check(_ project: Project, pass: String, _ body: (Dockerfile) -> [Finding]) -> CheckOutput {
        switch dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files): return .from(files.flatMap(body), pass: pass)
        }
    }

    /// The stages whose instructions the final image inherits: `FROM builder` continues `builder`.
    static func finalLineage(_ file: Dockerfile) -> [Dockerfile.Stage] {
        guard var stage = file.finalStage else { return [] }
        var lineage = [stage]
        var seen: Set<String> = []
        while let parent = file.stages.first(where: {
            $0.alias?.lowercased() == stage.image.lowercased() && $0.fromLine < stage.fromLine
        }),
            !seen.contains(parent.alias ?? "")
        {
            seen.insert(parent.alias ?? "")
            lineage.insert(parent, at: 0)
            stage = parent
        }
        return lineage
    }

    /// The last instruction of `keyword` that the final image ends up with.
    static func effective(_ keyword: String, in file: Dockerfile) -> Dockerfile.Instruction? {
        finalLineage(file).reversed().lazy.compactMap { $0.last(keyword) }.first
    }

    /// Default values of ARG/ENV visible in the file, for resolving `$VAR` references.
    static func variables(_ file: Dockerfile) -> [String: String] {
        var vars: [String: String] = [:]
        for instruction in file.instructions where instruction.keyword == "ARG" || instruction.keyword == "ENV" {
            for (key, value) in KeyValueArguments.parse(instruction.arguments, legacySpaceForm: instruction.keyword == "ENV") {
                if let value { vars[key] = value }
            }
        }
        return vars
    }

    /// Expands `$VAR`/`${VAR}`/`${VAR:-default}`; nil when a variable has no known value.
    static func expand(_ text: String, _ vars: [String: String]) -> String? {
        guard text.contains("$") else { return text }
        var out = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            var name: String
            var fallback: String?
            if rest.first == "{", let close = rest.firstIndex(of: "}") {
                let inner = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                if let sep = inner.range(of: ":-") ?? inner.range(of: "-") {
                    name = String(inner[..<sep.lowerBound])
                    fallback = String(inner[sep.upperBound...])
                } else {
                    name = String(inner)
                }
            } else {
                name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                rest = rest.dropFirst(name.count)
            }
            guard let value = vars[name] ?? fallback else { return nil }
            out += value
        }
        return out + rest
    }

    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/usr/bin/env"]

    /// All shell text the image build runs: RUN arguments and heredoc bodies.
    static func runText(_ instruction: Dockerfile.Instruction) -> String {
        [instruction.body, instruction.heredoc ?? ""].joined(separator: "\n")
    }
}

struct SkipReason: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// What a Dockerfile takes from its build context, and which .dockerignore governs that context.
struct BuildContext {
    enum Kind { case whole, directory, file }

    struct Copy {
        var instruction: String
        var source: String
        var line: Int
        var kind: Kind
    }

    var copies: [Copy] = []
    /// The .dockerignore that applies (project-relative, maybe `../../.dockerignore`), nil when none exists.
    var ignoreFile: String?

    init(_ file: Dockerfile, project: Project) {
        var raw: [(String, String, Int)] = []
        for i in file.instructions where i.keyword == "COPY" || i.keyword == "ADD" {
            // `--from=stage|image` copies from elsewhere, not from the context.
            guard !i.flags.contains(where: { $0.hasPrefix("--from=") }) else { continue }
            let words = i.execForm ?? KeyValueArguments.shellWords(i.body)
            for source in words.dropLast() where !source.contains("://") && !source.hasPrefix("git@") {
                raw.append((i.keyword, source, i.line))
            }
        }
        // Sources that name the package's own folder from the repository top: the top is the context.
        let prefix = project.repository?.prefix ?? ""
        let fromTop =
            !prefix.isEmpty
            && raw.contains { RepoPath.isInside(RepoPath.normalize($0.1), prefix) && !RepoPath.normalize($0.1).isEmpty }
        for (keyword, source, line) in raw {
            var path = RepoPath.normalize(source)
            if fromTop {
                guard RepoPath.isInside(path, prefix) else {
                    copies.append(
                        Copy(instruction: keyword, source: source, line: line, kind: path.isEmpty ? .whole : .directory))
                    continue
                }
                path = String(path.dropFirst(prefix.count)).trimmingSlashes
            }
            copies.append(Copy(instruction: keyword, source: source, line: line, kind: Self.kind(path, project: project)))
        }
        let dir = file.path.split(separator: "/").dropLast().joined(separator: "/")
        let candidates =
            [file.path + ".dockerignore"]
            + (fromTop
                ? [(project.repository.map { RepoPath.relative("", from: $0.prefix) } ?? "") + "/.dockerignore"]
                : [".dockerignore", RepoPath.join(dir, ".dockerignore")])
        ignoreFile = candidates.map(RepoPath.normalize).first { project.anyText($0) != nil }
    }

    static func kind(_ path: String, project: Project) -> Kind {
        if path.isEmpty || path == "*" || path == ".*" || path == "**" { return .whole }
        if project.exists(path) { return .file }
        if path.contains("*") { return path.contains("/") || path.hasPrefix("*.") ? .file : .whole }
        if project.files.contains(where: { $0.hasPrefix(path + "/") }) { return .directory }
        // Not in the project (generated, or a path outside it): a name with an extension is a file.
        return (path.split(separator: "/").last ?? "").contains(".") ? .file : .directory
    }
}
