import PreflightCore

/// A file Preflight could not parse: it becomes a `project.files-parse` finding, never a crash.
public struct ParseProblem: Sendable, Hashable {
    public var path: String
    public var line: Int
    public var message: String
}

/// Everything static checks read, parsed once up front. Immutable, so checks run concurrently.
public struct Project: Sendable {
    public var root: String
    public var displayPath: String
    /// Every file walked, relative, sorted.
    public var files: [String]
    /// Text of files read as text (size-limited, valid UTF-8, no NUL byte).
    public var texts: [String: String]
    /// Files tracked by git; nil when the project is not in a git work tree (or git is missing).
    public var gitTracked: Set<String>?
    public var pyproject: JSONValue?
    public var dockerfiles: [Dockerfile]
    public var yaml: [String: [YAMLValue]]
    public var markdown: [String: MarkdownDocument]
    public var envExample: DotEnvFile?
    public var python: PythonFacts?
    /// Why Python facts are missing, when there are Python files but no facts.
    public var pythonUnavailable: String?
    public var clientConfigs: [ClientConfigFile]
    public var problems: [ParseProblem]
    public var suppressions: [Suppression]
    /// The PATH used to resolve client commands (the environment's, unless the loader was given one).
    public var searchPath: String?
    /// Helm charts and kustomizations, rendered when their tool is installed (see `ManifestRenderer`).
    public var manifestRenders: [ManifestRender] = []

    public func text(_ path: String) -> String? { texts[path] }
    public func exists(_ path: String) -> Bool { fileSet.contains(path) }
    public var fileSet: Set<String>

    /// The problem that stops a file from being understood, if any.
    public func problem(in path: String) -> ParseProblem? { problems.first { $0.path == path } }

    public var readme: MarkdownDocument? {
        let names = markdown.keys.filter { !$0.contains("/") && $0.lowercased().hasPrefix("readme") }.sorted()
        return names.first.flatMap { markdown[$0] }
    }

    /// README first, then other Markdown documentation (docs/, RUNBOOK.md, ...), test folders excluded.
    public var documentation: [MarkdownDocument] {
        let readmePath = readme?.path
        let others = markdown.keys.filter { $0 != readmePath && !ProjectPaths.isTestPath($0) }.sorted().compactMap {
            markdown[$0]
        }
        return (readme.map { [$0] } ?? []) + others
    }

    public var composeFiles: [(path: String, document: YAMLValue)] {
        yaml.keys.filter(ProjectPaths.isComposeFile).sorted().compactMap { path in
            yaml[path]?.first.map { (path, $0) }
        }
    }

    public var pythonFiles: [String] { files.filter { $0.hasSuffix(".py") } }

    /// Python facts of non-test files: what runs in production.
    public var serverPythonFiles: [PythonFile] {
        (python?.files ?? []).filter { !ProjectPaths.isTestPath($0.path) }
    }

    public var tools: [(file: PythonFile, tool: PythonFile.Tool)] {
        serverPythonFiles.flatMap { file in (file.tools ?? []).map { (file, $0) } }
    }

    public var isMCPServerProject: Bool { serverPythonFiles.contains { !($0.servers ?? []).isEmpty } }
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

    public static func isTestPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        if parts.dropLast().contains(where: {
            ["tests", "test", "testing", "fixtures", "__tests__", "e2e"].contains($0.lowercased())
        }) {
            return true
        }
        let name = parts.last.map(String.init) ?? path
        return name.hasPrefix("test_") || name.hasSuffix("_test.py") || name == "conftest.py"
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
}
