import PreflightCore

/// Shared look-ups for Dockerfile checks: which files apply, stage inheritance, ARG defaults.
enum DockerSupport {
    /// The Dockerfiles to check, or the reason the Docker checks do not apply.
    static func dockerfiles(_ project: Project) -> Result<[Dockerfile], SkipReason> {
        if !project.dockerfiles.isEmpty { return .success(project.dockerfiles) }
        if let broken = project.problems.first(where: { ProjectPaths.isDockerfile($0.path) }) {
            return .failure(SkipReason("\(broken.path) could not be parsed (see project.files-parse)"))
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
