import PreflightCore

/// A file Preflight could not parse: it becomes a `project.files-parse` finding, never a crash.
public struct ParseProblem: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var message: String
}

/// Everything static checks read, parsed once up front. Immutable, so checks run concurrently.
public struct Project: Sendable {
    public var root: String { didSet { memo = ProjectMemo() } }
    public var displayPath: String { didSet { memo = ProjectMemo() } }
    /// Every file walked, relative, sorted.
    public var files: [String] { didSet { memo = ProjectMemo() } }
    /// Text of files read as text (size-limited, valid UTF-8, no NUL byte).
    public var texts: [String: String] { didSet { memo = ProjectMemo() } }
    /// Files tracked by git; nil when the project is not in a git work tree (or git is missing).
    public var gitTracked: Set<String>? { didSet { memo = ProjectMemo() } }
    public var pyproject: JSONValue? { didSet { memo = ProjectMemo() } }
    public var dockerfiles: [Dockerfile] { didSet { memo = ProjectMemo() } }
    public var yaml: [String: [YAMLValue]] { didSet { memo = ProjectMemo() } }
    public var markdown: [String: MarkdownDocument] { didSet { memo = ProjectMemo() } }
    public var envExample: DotEnvFile? { didSet { memo = ProjectMemo() } }
    public var python: PythonFacts? { didSet { memo = ProjectMemo() } }
    /// Why Python facts are missing, when there are Python files but no facts.
    public var pythonUnavailable: String? { didSet { memo = ProjectMemo() } }
    /// Set when files did not parse because the only Python found is older than the project requires
    /// ("needs Python >= 3.12 to parse ...; found 3.11.7"): the facts are incomplete.
    public var pythonTooOld: String? { didSet { memo = ProjectMemo() } }
    public var clientConfigs: [ClientConfigFile] { didSet { memo = ProjectMemo() } }
    public var problems: [ParseProblem] { didSet { memo = ProjectMemo() } }
    public var suppressions: [Suppression] { didSet { memo = ProjectMemo() } }
    /// The PATH used to resolve client commands (the environment's, unless the loader was given one).
    public var searchPath: String? { didSet { memo = ProjectMemo() } }
    /// Helm charts and kustomizations, rendered when their tool is installed (see `ManifestRenderer`).
    public var manifestRenders: [ManifestRender] = [] { didSet { memo = ProjectMemo() } }
    /// The enclosing repository when the project is a folder of one (a monorepo package); nil at the top.
    public var repository: Repository? = nil { didSet { memo = ProjectMemo() } }
    /// Secret-looking literals, found once at load (`SecretScanner`): security.hardcoded-secret
    /// reports them and the ledger redacts them.
    public var secretMatches: [SecretScanner.Match] = [] { didSet { memo = ProjectMemo() } }

    public func text(_ path: String) -> String? { texts[path] }

    /// A project file, or a repository file above the project given by its `../`-relative path.
    public func anyText(_ path: String) -> String? {
        let p = RepoPath.normalize(path)
        return texts[p] ?? (p.hasPrefix("../") ? repository?.texts[p] : nil)
    }

    public func anyYAML(_ path: String) -> [YAMLValue]? {
        let p = RepoPath.normalize(path)
        return yaml[p] ?? (p.hasPrefix("../") ? repository?.yaml[p] : nil)
    }

    /// Whether a project file, or a repository file above the project, exists.
    public func anyExists(_ path: String) -> Bool {
        let p = RepoPath.normalize(path)
        return fileSet.contains(p) || (p.hasPrefix("../") && repository?.texts[p] != nil)
    }
    public func exists(_ path: String) -> Bool { fileSet.contains(path) }
    public var fileSet: Set<String> { didSet { memo = ProjectMemo() } }
    /// Derived once per audit; replaced whenever a stored property changes.
    var memo = ProjectMemo()

    /// The problem that stops a file from being understood, if any.
    public func problem(in path: String) -> ParseProblem? { problems.first { $0.path == path } }

    /// The project's own README, else (in a monorepo) the README of the nearest folder above it.
    public var readme: MarkdownDocument? {
        let names = markdown.keys.filter { !$0.contains("/") && $0.lowercased().hasPrefix("readme") }.sorted {
            // README.md before README.rst before README.txt: the richest format first.
            (ProjectPaths.readmeNames.firstIndex(of: $0) ?? 99, $0) < (ProjectPaths.readmeNames.firstIndex(of: $1) ?? 99, $1)
        }
        return names.first.flatMap { markdown[$0] } ?? repository?.nearestReadme
    }

    /// README first, then the other user documentation (docs/, RUNBOOK.md, ...): see `ProjectPaths.isUserDocumentation`.
    public var documentation: [MarkdownDocument] {
        let readmePath = readme?.path
        let others = markdown.keys.filter { $0 != readmePath && ProjectPaths.isUserDocumentation($0, in: self) }.sorted()
            .compactMap { markdown[$0] }
        // A package without a README of its own is documented at the repository's top (its docs/ included).
        let shared = (repository?.markdown ?? [:]).filter {
            $0.key != readmePath && $0.key.contains("/docs/") && ProjectPaths.isUserDocumentation($0.key, in: self)
        }.sorted { $0.key < $1.key }.map(\.value)
        return (readme.map { [$0] } ?? []) + others + shared
    }

    /// Compose files of deployments: not those that only serve development, tests or examples (see `ProjectPaths.isDevelopmentOnly`).
    public var composeFiles: [(path: String, document: YAMLValue)] {
        yaml.keys.filter {
            ProjectPaths.isComposeFile($0) && !developmentOnly.contains($0) && !ProjectPaths.isDevelopmentOnly($0)
        }
        .sorted().compactMap { path in
            yaml[path]?.first.map { (path, $0) }
        }
    }

    public var pythonFiles: [String] { files.filter { $0.hasSuffix(".py") } }

    /// Dockerfiles and compose files a dev container configuration (`devcontainer.json`) builds or starts.
    public var developmentOnly: Set<String> = [] { didSet { memo = ProjectMemo() } }

    /// Python facts of the files that run in production: the import closure of the server's modules
    /// (so not clients, demos, installers, add-ons or scripts the server never imports); test files never.
    /// When no server was found, every file outside the usual helper folders. In a monorepo each package
    /// is judged apart, and a package without an MCP server (a benchmark suite, a CLI) is none of it
    /// when another package has one.
    public var serverPythonFiles: [PythonFile] { memo.serverPython { deriveServerPythonFiles() } }

    private func deriveServerPythonFiles() -> [PythonFile] {
        guard let python else { return [] }
        let serverUnits = Set(python.files.filter { !$0.servers.isEmpty }.map(\.unit))
        let scopes = Dictionary(python.units.map { ($0.root, $0.scope) }, uniquingKeysWith: { first, _ in first })
        var packages: Set<String>?
        return python.files.filter { file in
            if ProjectPaths.isTestPath(file.path) || !file.serverCode { return false }
            if !serverUnits.isEmpty && !serverUnits.contains(file.unit) { return false }
            guard scopes[file.unit] == "all-files" else { return true }
            // Helper folders are the package's own: a monorepo package's `scripts/`, not the repository's.
            if packages == nil { packages = PythonUnitInput.packageRoots(files) }
            let package = PythonUnitInput.unitRoot(of: file.path, roots: packages ?? [])
            let inPackage = package.isEmpty ? file.path : String(file.path.dropFirst(package.count + 1))
            guard inPackage.contains("/") else { return true }
            return !ProjectPaths.helperFolders.contains(inPackage.split(separator: "/").first.map(String.init) ?? "")
        }
    }
}

public enum ProjectPaths {
    /// Folders never walked: dependencies, caches and build output, not the project's own source.
    public static let skippedDirectories: Set<String> = [
        ".git", ".hg", ".svn", ".venv", "venv", ".env.d", "node_modules", "__pycache__", ".mypy_cache",
        ".ruff_cache", ".pytest_cache", ".tox", ".nox", ".build", "dist", "build", "site-packages", ".idea",
        ".eggs", "htmlcov", ".cache", ".uv-cache", ".terraform",
        // Preflight's own run history.
        ".preflight",
    ]

    /// Top-level folders of helper scripts and docs, excluded from server code when no server entry point
    /// tells which files the server imports.
    public static let helperFolders: Set<String> = [
        "scripts", "examples", "example", "docs", "benchmarks", "bench", "tools", "ci", "demo", "demos", "client",
        "clients",
    ]

    /// Folders of material that shows or documents a deployment rather than being one: examples, samples,
    /// demos, docs and agent skills (whose manifests describe the user's workloads, not the server's).
    static let illustrationFolders: Set<String> = [
        "examples", "example", "samples", "sample", "demo", "demos", "docs", "doc", "skills",
    ]

    /// Container files and manifests that serve development, tests or illustration, not a production image
    /// or deployment: under `.devcontainer/`, a test folder (`tests/`, `test-services/`, `e2e/`), an
    /// illustration folder (`examples/`, `samples/`, `demo/`, `docs/`, `skills/`, `agent-skills/`), or named
    /// for it (`docker-compose.test.yml`, `compose.dev.yaml`, `Dockerfile.dev`, `test.Dockerfile`).
    public static func isDevelopmentOnly(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/").map(String.init)
        for dir in parts.dropLast() {
            if dir == ".devcontainer" || dir == "e2e" || dir == "fixtures" || dir == "integration"
                || illustrationFolders.contains(dir) || dir.hasSuffix("-skills") || dir.hasSuffix("_skills")
                || dir.hasPrefix("test") || dir.hasSuffix("-tests") || dir.hasSuffix("_tests")
            {
                return true
            }
        }
        let name = parts.last ?? ""
        let words = Set(name.split { $0 == "." || $0 == "-" || $0 == "_" }.map(String.init))
        return !words.isDisjoint(with: ["test", "tests", "dev", "devcontainer", "ci", "local", "e2e", "override"])
    }

    static let testDirectories = ["tests", "test", "testing", "fixtures", "__tests__", "e2e"]

    /// Under a test folder (any case), or a pytest file. Called for every file by many checks:
    /// it compares path components in place instead of splitting the path.
    public static func isTestPath(_ path: String) -> Bool {
        let utf8 = path.utf8
        var start = utf8.startIndex
        while let slash = utf8[start...].firstIndex(of: UInt8(ascii: "/")) {
            let component = utf8[start..<slash]
            if testDirectories.contains(where: { equalsIgnoringASCIICase(component, $0) }) { return true }
            start = utf8.index(after: slash)
        }
        let name = path[start...]
        return name.hasPrefix("test_") || name.hasSuffix("_test.py") || name == "conftest.py"
    }

    /// `component` equals the lower-case ASCII `word`, letters compared without case.
    static func equalsIgnoringASCIICase(_ component: Substring.UTF8View, _ word: String) -> Bool {
        guard component.count == word.utf8.count else { return false }
        return zip(component, word.utf8).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a + 0x20 : a) == b }
    }

    public static func isComposeFile(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        return ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"].contains(name)
            || (name.hasPrefix("docker-compose.") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml")))
            || (name.hasPrefix("compose.") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml")))
    }

    public static func isDockerfile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == "Dockerfile" || name == "Containerfile" || name.hasPrefix("Dockerfile.")
            || name.hasSuffix(".Dockerfile") || name.hasSuffix(".dockerfile")
    }

    public static func isYAML(_ path: String) -> Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }

    /// README file names, the richest format first.
    public static let readmeNames = [
        "README.md", "README.mdx", "README.markdown", "README.rst", "README.adoc", "README.txt", "README", "Readme.md",
        "readme.md",
    ]

    /// Documentation formats read as documents: Markdown, MDX, reStructuredText, AsciiDoc.
    public static func isDocument(_ path: String) -> Bool {
        let lower = path.lowercased()
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        return [".md", ".mdx", ".markdown", ".rst", ".adoc"].contains { lower.hasSuffix($0) }
            || name == "readme" || name == "readme.txt"
    }

    /// Files about the repository or its tooling rather than about running the server.
    static let notUserDocs: Set<String> = [
        "changelog", "changes", "history", "news", "releases", "contributing", "code_of_conduct", "license", "licence",
        "agents", "claude", "gemini", "copilot-instructions", "notice", "authors", "maintainers", "codeowners",
        "pull_request_template",
    ]
    /// Folders whose documents serve agents, evaluations, examples or CI, not the server's users.
    static let notUserDocFolders: Set<String> = [
        "skills", "evals", "eval", "examples", "example", "samples", "sample", "prompts", "node_modules", "contributing",
        "specs", "rfcs", "adr", "adrs",
    ]

    /// Whether a document speaks to the server's users and operators: not a changelog or contributor
    /// guide, not under a hidden folder (`.github/`, `.claude/`), tests, examples, evals or agent skills,
    /// not package data (a folder with `__init__.py`), and not the README of a nested sub-project.
    public static func isUserDocumentation(_ path: String, in project: Project) -> Bool {
        isDocument(path) && isUserDocumentationPlace(path, in: project)
    }

    /// The folder and name rules of `isUserDocumentation`, whatever the file's format.
    public static func isUserDocumentationPlace(_ path: String, in project: Project) -> Bool {
        guard !isTestPath(path) else { return false }
        // Repository documents above a monorepo package (`../../docs/x.md`) are judged from the top.
        let parts = path.split(separator: "/").map(String.init).drop { $0 == ".." }
        let up = path.split(separator: "/").prefix { $0 == ".." }.map { _ in ".." }
        let stem = (parts.last ?? path).lowercased().split(separator: ".").first.map(String.init) ?? ""
        if notUserDocs.contains(stem) { return false }
        var dir = up.joined(separator: "/")
        for part in parts.dropLast() {
            let lower = part.lowercased()
            if part.hasPrefix(".") || notUserDocFolders.contains(lower) || lower.hasSuffix("-skills")
                || lower.hasSuffix("_skills")
            {
                return false
            }
            dir = dir.isEmpty ? part : dir + "/" + part
            if project.anyExists(dir + "/__init__.py") { return false }
            let docsSite = ["docs", "doc", "documentation", "website", "site"].contains(lower)
            if !docsSite,
                ["pyproject.toml", "package.json", "setup.py", "go.mod", "Cargo.toml"].contains(where: {
                    project.anyExists(dir + "/" + $0)
                })
            {
                return false
            }
        }
        return true
    }
}
