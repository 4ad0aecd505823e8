/// Which folder a pipeline command works on, relative to the audited project. A monorepo's CI
/// lives at the repository top and tests each package in its own folder (`working-directory`,
/// `cd`, `--directory`, a matrix over the packages); a command in another package's folder says
/// nothing about this one.
struct CIScope: Sendable {
    enum Relation: Sendable, Equatable {
        /// The project folder or a folder inside it.
        case target
        /// A folder above the project (the repository top): repository-wide commands.
        case ancestor
        /// Another package's folder (top-relative).
        case elsewhere(String)
    }

    /// The project folder relative to the pipeline's repository top ("" for the project's own pipeline).
    var prefix: String
    /// Literal values of the job's matrix (`matrix.package: [a, b]`), substituted into directories.
    var matrix: [String: [String]] = [:]
    /// Matrix keys built by globbing (`find . -name pyproject.toml` in a job it `needs`): the file
    /// names that put a folder into the matrix.
    var globbed: [String: Set<String>] = [:]
    /// Names of the files at the project's top, to tell whether a glob-built matrix includes it.
    var projectFiles: Set<String> = []

    /// A project-relative path for a file given relative to the pipeline's top.
    func display(_ topRelative: String) -> String { RepoPath.relative(RepoPath.normalize(topRelative), from: prefix) }

    /// The relation of a directory (relative to the top, `${{ }}` expressions allowed) and the
    /// command's working folder relative to the project.
    func classify(_ dir: String) -> (relation: Relation, cwd: String) {
        var best: (Relation, String)?
        for candidate in expandMatrix(dir) {
            let (relation, cwd) = classifyOne(candidate)
            switch relation {
            case .target: return (relation, cwd)
            case .ancestor: if best == nil || best.map({ $0.0 != .ancestor }) == true { best = (relation, cwd) }
            case .elsewhere: if best == nil { best = (relation, cwd) }
            }
        }
        return best ?? (.ancestor, RepoPath.relative("", from: prefix))
    }

    /// Expressions GitHub and GitLab use for the repository top.
    static let rootExpressions = [
        "${{ github.workspace }}", "${{github.workspace}}", "$GITHUB_WORKSPACE", "${GITHUB_WORKSPACE}", "$CI_PROJECT_DIR",
        "${CI_PROJECT_DIR}", "$PWD", "${PWD}",
    ]

    private func classifyOne(_ raw: String) -> (Relation, String) {
        var dir = raw
        for root in Self.rootExpressions where dir.hasPrefix(root) { dir = String(dir.dropFirst(root.count)) }
        // Outside the repository (`/tmp`, `~`, `..` above the top): neutral, like the top itself.
        if dir.hasPrefix("/") || dir.hasPrefix("~") { return (.ancestor, RepoPath.relative("", from: prefix)) }
        let d = RepoPath.normalize(dir).split(separator: "/").map(String.init)
        if d.first == ".." { return (.ancestor, RepoPath.relative("", from: prefix)) }
        let p = prefix.split(separator: "/").map(String.init)
        if Self.covers(d[...], p[...]) {
            // Literal folders below the project keep their place (`tests`); a wildcard stands for the project itself.
            let literal = d.prefix { !Self.isExpression($0) }
            let rest = literal.count > p.count ? literal.dropFirst(p.count).joined(separator: "/") : ""
            return (.target, rest)
        }
        if d.count < p.count, d.allSatisfy({ !Self.isExpression($0) }), Array(p.prefix(d.count)) == d {
            return (.ancestor, RepoPath.relative(d.joined(separator: "/"), from: prefix))
        }
        let joined = d.joined(separator: "/")
        return (.elsewhere(joined), RepoPath.relative(joined, from: prefix))
    }

    /// Whether directory segments `d` name the project `p` or a folder inside it; an expression
    /// segment stands for one or more unknown segments.
    static func covers(_ d: ArraySlice<String>, _ p: ArraySlice<String>) -> Bool {
        guard let pFirst = p.first else { return true }
        guard let dFirst = d.first else { return false }
        if isExpression(dFirst) {
            return (1...p.count).contains { covers(d.dropFirst(), p.dropFirst($0)) }
        }
        return dFirst == pFirst && covers(d.dropFirst(), p.dropFirst())
    }

    static func isExpression(_ segment: String) -> Bool {
        segment.contains("${{") || segment.contains("$") || segment.contains("*")
    }

    /// `src/${{ matrix.package }}` with `package: [a, b]` → `src/a`, `src/b`; unknown values stay expressions.
    func expandMatrix(_ dir: String) -> [String] {
        var out = [dir]
        // A matrix over the folders holding `pyproject.toml` does not include a folder without one.
        for (key, names) in globbed where names.isDisjoint(with: projectFiles) {
            for form in ["${{ matrix.\(key) }}", "${{matrix.\(key)}}"] {
                out = out.map { $0.replacingOccurrences(of: form, with: "(not-in-matrix)") }
            }
        }
        for (key, values) in matrix where !values.isEmpty {
            let forms = ["${{ matrix.\(key) }}", "${{matrix.\(key)}}"]
            out = out.flatMap { d -> [String] in
                guard let form = forms.first(where: { d.contains($0) }) else { return [d] }
                return values.map { d.replacingOccurrences(of: form, with: $0) }
            }
        }
        return out
    }

    /// A `paths:` filter of a trigger: whether it lets changes of the project start the pipeline,
    /// and whether it names the project specifically (`servers/a/**`, not `**` or `src/**`).
    func pathsFilter(_ patterns: [String]) -> (covers: Bool, specific: Bool) {
        var covers = false
        var specific = false
        for pattern in patterns where !pattern.hasPrefix("!") {
            let segments = RepoPath.normalize(pattern).split(separator: "/").map(String.init)
            let literal = segments.prefix { !$0.contains(where: { "*?[{".contains($0) }) }.joined(separator: "/")
            if RepoPath.isInside(prefix, literal) || RepoPath.isInside(literal, prefix) { covers = true }
            if !prefix.isEmpty, RepoPath.isInside(literal, prefix) { specific = true }
        }
        return (covers, specific)
    }
}
