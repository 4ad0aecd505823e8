import PreflightCore

struct DockerIgnore: StaticCheck {
    static let required = [".git", ".venv", ".env", "__pycache__"]

    static let description = CheckDescription(
        id: "docker.dockerignore", title: ".dockerignore excludes VCS, virtualenvs, secrets and caches",
        section: .docker, severity: .warning,
        rationale: """
            Without a .dockerignore, `COPY . .` sends `.git` history, local virtualenvs and `.env` secrets into the \
            build context and often into the image.
            """,
        remediation: "Add a `.dockerignore` with at least `.git`, `.venv`, `.env` and `__pycache__`.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\n"], note: "no .dockerignore"),
            Example(["Dockerfile": "FROM python:3.12-slim\n", ".dockerignore": ".git\n.venv\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\n", ".dockerignore": ".git\n.venv\n.env\n__pycache__\n!.env\n"]),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim\n", ".dockerignore": ".git/\n**/.venv\n.env*\n**/__pycache__/\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\n", ".dockerignore": "*\n!src\n!pyproject.toml\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch DockerSupport.dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var findings: [Finding] = []
            // Docker reads `<Dockerfile>.dockerignore` first, then the context root's `.dockerignore`.
            for file in files {
                let specific = file.path + ".dockerignore"
                let ignorePath = project.exists(specific) ? specific : ".dockerignore"
                guard let text = project.text(ignorePath) else {
                    findings.append(
                        Finding(
                            "no .dockerignore: `.git`, `.venv` and `.env` go into the build context of \(file.path)",
                            at: Location(file.path, line: 1)))
                    continue
                }
                let patterns = Self.patterns(text)
                let missing = Self.required.filter { !Self.excludes(patterns, $0) }
                if !missing.isEmpty {
                    findings.append(
                        Finding(
                            "\(ignorePath) does not exclude \(missing.map { "`\($0)`" }.joined(separator: ", "))",
                            at: Location(ignorePath, line: 1)))
                }
            }
            return .from(Array(Set(findings)), pass: ".dockerignore excludes \(Self.required.joined(separator: ", "))")
        }
    }

    static func patterns(_ text: String) -> [(pattern: String, negated: Bool)] {
        text.split(separator: "\n").compactMap { raw in
            var line = raw.trimmed
            if line.isEmpty || line.hasPrefix("#") { return nil }
            let negated = line.hasPrefix("!")
            if negated { line = String(line.dropFirst()).trimmed }
            while line.hasPrefix("/") { line.removeFirst() }
            if line.hasPrefix("./") { line.removeFirst(2) }
            while line.hasSuffix("/") { line.removeLast() }
            return (line, negated)
        }
    }

    /// Docker semantics: the last matching pattern wins; a pattern matching a parent excludes the path.
    static func excludes(_ patterns: [(pattern: String, negated: Bool)], _ path: String) -> Bool {
        var excluded = false
        for (pattern, negated) in patterns
        where Glob.matches(pattern, path) || Glob.matches(pattern, "sub/" + path) && pattern.hasPrefix("**") {
            excluded = !negated
        }
        return excluded
    }
}

/// Go `filepath.Match`-style globbing with `**` for any number of path segments.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.split(separator: "/", omittingEmptySubsequences: true)), Array(path.split(separator: "/")))
    }

    private static func match(_ p: [Substring], _ s: [Substring]) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "**" {
            let rest = Array(p.dropFirst())
            for i in 0...s.count where match(rest, Array(s[i...])) { return true }
            return false
        }
        guard let head = s.first, segment(Array(first), Array(head)) else { return false }
        return match(Array(p.dropFirst()), Array(s.dropFirst()))
    }

    static func segment(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0
        var si = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] && p[pi] != "*" && p[pi] != "[" {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == "[", let close = p[pi...].firstIndex(of: "]") {
                let set = p[(pi + 1)..<close]
                let negate = set.first == "!" || set.first == "^"
                let chars = negate ? set.dropFirst() : set[...]
                var hit = false
                var k = chars.startIndex
                while k < chars.endIndex {
                    if k + 2 < chars.endIndex, chars[k + 1] == "-" {
                        if chars[k] <= s[si] && s[si] <= chars[k + 2] { hit = true }
                        k += 3
                    } else {
                        if chars[k] == s[si] { hit = true }
                        k += 1
                    }
                }
                guard hit != negate else {
                    if star < 0 { return false }
                    pi = star + 1
                    mark += 1
                    si = mark
                    continue
                }
                pi = close + 1
                si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
