import PreflightCore

struct DockerIgnore: StaticCheck {
    static let description = CheckDescription(
        id: "docker.dockerignore", title: ".dockerignore excludes VCS, virtualenvs, secrets and caches",
        section: .docker, severity: .warning,
        rationale: """
            Without a .dockerignore, `COPY . .` sends `.git` history, local virtualenvs and `.env` secrets into the \
            build context and often into the image. What is required depends on what the Dockerfile takes from the \
            context: the whole context (`COPY . .`) needs `.git`, `.env` and the project's virtualenv and cache folders \
            (`.venv`, `__pycache__` for Python, `node_modules` for Node.js) excluded; copied directories (`COPY src/ …`) \
            need the cache folders (`__pycache__`, `node_modules`) excluded; named files only, or nothing from the context (a package installed from an index), need no \
            .dockerignore. A build stage's `COPY . .` needs `.git` and `.venv` excluded only as far as the final stages take \
            them over (`COPY --from=builder /app` all, `/app/.venv` the venv); what it builds (`/app/dist/*.whl`) still \
            carries stray caches, and the whole context, `.env` included, is sent to the builder. A Dockerfile that copies paths of a monorepo package from the repository's top is built \
            with the top as context, so the top's .dockerignore applies.
            """,
        remediation: "Add a `.dockerignore` with at least `.git`, `.venv`, `.env` and `__pycache__`.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", "app.py": "x = 1\n"], note: "no .dockerignore"),
            Example([
                "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n", ".dockerignore": ".git\n.venv\n", "app.py": "x = 1\n",
            ]),
            Example([
                "Dockerfile": "FROM python:3.12-slim\nADD . /app\n", "app.py": "x = 1\n",
                ".dockerignore": ".git\n.venv\n.env\n__pycache__\n!.env\n",
            ]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nCOPY src/ /app/src/\n", "src/srv/server.py": "x = 1\n"],
                note: "a copied directory brings its __pycache__"),
            Example(
                [
                    "Dockerfile": "FROM python:3.12-slim\nCOPY packages/srv /app\n",
                    "packages/srv/Dockerfile": "FROM python:3.12-slim\nCOPY packages/srv /app\n",
                    "packages/srv/server.py": "x = 1\n", ".dockerignore": "node_modules\n",
                ], audit: "packages/srv", note: "monorepo: built from the top, whose .dockerignore misses entries"),
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim AS builder\nWORKDIR /app\nCOPY . .\nRUN pip wheel -w dist .\nFROM python:3.12-slim\nCOPY --from=builder /app /app\n",
                    ".dockerignore": ".env\n", "app.py": "x = 1\n",
                ], note: "the final stage takes the builder's whole folder, .git with it"),
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim AS builder\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/.venv\n",
                    ".dockerignore": ".env\n__pycache__\n", "app.py": "x = 1\n",
                ], note: "the final stage takes the builder's .venv, which a local .venv would have overwritten"),
        ],
        passing: [
            Example([
                "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n", "app.py": "x = 1\n",
                ".dockerignore": ".git/\n**/.venv\n.env*\n**/__pycache__/\n",
            ]),
            Example([
                "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n", "app.py": "x = 1\n",
                ".dockerignore": "*\n!src\n!pyproject.toml\n",
            ]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nRUN pip install --no-cache-dir weather-mcp==1.0.0\nUSER app\n"],
                note: "nothing from the build context"),
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim\nCOPY pyproject.toml uv.lock README.md /app/\nCOPY --from=ghcr.io/astral-sh/uv:0.9.8 /uv /bin/\n",
                    "pyproject.toml": "[project]\nname = \"x\"\n", "uv.lock": "version = 1\n", "README.md": "# x\n",
                ], note: "named files only"),
            Example(
                [
                    "Dockerfile": "FROM node:22-slim\nCOPY . .\n", "package.json": "{}\n",
                    ".dockerignore": ".git\n.env\nnode_modules\n",
                ],
                note: "a Node.js project needs no Python entries"),
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim AS builder\nWORKDIR /src\nCOPY . .\nRUN pip wheel -w dist .\nFROM python:3.12-slim\nCOPY --from=builder /src/dist/*.whl /tmp/\nRUN pip install /tmp/*.whl\n",
                    ".dockerignore": ".env\n__pycache__\n", "app.py": "x = 1\n",
                ], note: "only the builder's wheel reaches the image; .git stays in the build stage"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch DockerSupport.dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var findings: [Finding] = []
            var passes: [String] = []
            for file in files {
                let context = BuildContext(file, project: project)
                let copies = context.copies
                guard !copies.isEmpty else {
                    passes.append("\(file.path) copies nothing from the build context")
                    continue
                }
                let whole = copies.filter { $0.kind == .whole }
                let dirs = copies.filter { $0.kind == .directory }
                guard whole.first ?? dirs.first != nil else {
                    passes.append("\(file.path) copies only named files from the build context")
                    continue
                }
                // A build stage's `COPY . .` reaches the image through what the final stages take over
                // from it and through what it builds (a wheel carries stray bytecode), never with `.git`.
                let wholeReach = whole.map { ($0, DockerReach.reach(file, copyLine: $0.line)) }
                let wholeInImage = wholeReach.filter { $0.1 == .all }.map(\.0)
                let caches = Self.caches(project).filter { $0 != ".venv" }
                let required: [String]
                let into: String
                if !wholeInImage.isEmpty {
                    (required, into) = (Self.required(project), "the image")
                } else if !whole.isEmpty {
                    // The whole context still goes to the builder, secrets included.
                    let taken = Self.required(project).filter { item in
                        item != ".env" && !caches.contains(item) && wholeReach.contains { DockerReach.takes($0.1, item) }
                    }
                    (required, into) = ([".env"] + caches + taken, "the build")
                } else {
                    (required, into) = (caches, "the image")
                }
                guard let first = wholeInImage.first ?? whole.first ?? dirs.first else { continue }
                let what = "`\(first.instruction) \(first.source)` (line \(first.line))"
                guard let ignorePath = context.ignoreFile, let text = project.anyText(ignorePath) else {
                    findings.append(
                        Finding(
                            "no .dockerignore: \(what) takes \(required.map { "`\($0)`" }.joined(separator: ", ")) into \(into)",
                            at: Location(file.path, line: first.line)))
                    continue
                }
                let patterns = Self.patterns(text)
                let missing = required.filter { !Self.excludes(patterns, $0) }
                if !missing.isEmpty {
                    findings.append(
                        Finding(
                            "\(ignorePath) does not exclude \(missing.map { "`\($0)`" }.joined(separator: ", ")), which \(what) copies",
                            at: Location(ignorePath, line: 1)))
                } else {
                    passes.append("\(ignorePath) excludes \(required.joined(separator: ", "))")
                }
            }
            return .from(Array(Set(findings)), pass: passes.joined(separator: "; "))
        }
    }

    /// Cache and environment folders of the project's languages.
    static func caches(_ project: Project) -> [String] {
        var out: [String] = []
        if project.files.contains(where: { $0.hasSuffix(".py") }) { out += [".venv", "__pycache__"] }
        if project.exists("package.json") { out.append("node_modules") }
        return out.isEmpty ? [".venv", "__pycache__"] : out
    }

    static func required(_ project: Project) -> [String] { [".git", ".env"] + caches(project) }

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
