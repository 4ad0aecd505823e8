import Foundation
import PreflightCore
import ProjectAudit

/// What `preflight init` adapts its files to, read from the project: its name and entry point,
/// Python version, package manager, transport, port and the variables its code reads.
public struct ProjectFacts: Sendable {
    public enum PackageManager: String, Sendable { case uv, pip }

    public var root: String
    /// `[project].name` (or the folder name).
    public var name: String
    /// A Kubernetes-safe form of the name (lowercase letters, digits, `-`).
    public var slug: String
    public var version: String
    /// `3.12`: from `.python-version`, else the newest of 3.10-3.13 that `requires-python` allows.
    public var pythonVersion: String
    public var manager: PackageManager
    /// The `[project.scripts]` command that starts the server.
    public var entryPoint: String?
    /// The server file, relative, when there is no entry point (`src/srv/server.py`).
    public var serverScript: String?
    /// `[build-system]` is declared: `uv sync` installs the project (and its scripts) into the venv.
    public var packaged: Bool
    public var servesHTTP: Bool
    public var servesStdio: Bool
    public var port: Int
    /// A health route the code serves (`/health`), if any.
    public var healthPath: String?
    public var variables: [ProjectVariables.Variable]
    /// Why the variables are unknown (the Python source could not be analysed).
    public var variablesUnknown: String?
    /// The folder mypy checks (`src/`, or the package folder).
    public var typecheckTarget: String
    /// Dev tools declared in a dependency group or `[tool.uv] dev-dependencies`.
    public var devTools: Set<String>
    public var hasTests: Bool

    public init(_ project: Project) {
        root = project.root
        let pyproject = project.pyproject
        let folder = URL(fileURLWithPath: project.root).lastPathComponent
        let projectName = pyproject?["project"]?["name"]?.stringValue ?? folder
        name = projectName
        slug = Self.slug(projectName)
        version = pyproject?["project"]?["version"]?.stringValue ?? "0.1.0"
        let requires = pyproject?["project"]?["requires-python"]?.stringValue
        let candidates = ["3.10", "3.11", "3.12", "3.13"]
        let pinned = project.text(".python-version").flatMap { text -> String? in
            let first =
                text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            let parts = first.split(separator: ".").prefix(2).joined(separator: ".")
            return candidates.contains(parts) ? parts : nil
        }
        pythonVersion = pinned ?? requires.flatMap { RequiresPython.newest(allowedBy: $0, among: candidates) } ?? "3.12"
        manager =
            project.exists("uv.lock") || project.pyproject?["tool"]?["uv"] != nil || !project.exists("requirements.txt")
            ? .uv : .pip
        let scripts = (pyproject?["project"]?["scripts"]?.objectValue ?? []).map(\.0)
        entryPoint = scripts.first { $0 == projectName } ?? scripts.sorted().first
        packaged = pyproject?["build-system"] != nil || pyproject?["tool"]?["uv"]?["package"]?.boolValue == true
        let runFiles = project.serverPythonFiles.filter { !($0.runCalls ?? []).isEmpty }.map(\.path).sorted()
        serverScript = runFiles.first ?? project.serverPythonFiles.first { !($0.servers ?? []).isEmpty }?.path
        servesHTTP = ServerTransports.servesHTTP(project)
        servesStdio = ServerTransports.servesStdio(project)
        let sources = project.serverPythonFiles.compactMap { project.text($0.path) }
        let listenerVariables = ProjectVariables.read(project).map(\.name).filter {
            Listener.role(of: $0, project: projectName) != nil
        }
        let exposed = project.dockerfiles.flatMap { $0.instructions }.filter { $0.keyword == "EXPOSE" }.compactMap {
            Int($0.arguments.split(separator: " ").first?.split(separator: "/").first ?? "")
        }
        port = Listener.port(
            sources: sources,
            portVariables: listenerVariables.filter { Listener.role(of: $0, project: projectName) == .port }, exposed: exposed)
        transportValue = Listener.transportValue(sources: sources)
        bindsFastMCPSettings = project.serverPythonFiles.contains { file in
            (file.servers ?? []).contains { $0.class == "FastMCP" }
        }
        healthPath = ["/healthz", "/health", "/ready", "/livez"].first { path in
            sources.contains { $0.contains("\"\(path)\"") || $0.contains("'\(path)'") }
        }
        variables = ProjectVariables.read(project)
        if project.python == nil, let why = project.pythonUnavailable { variablesUnknown = why }
        let packages = Set(
            project.pythonFiles.filter { !ProjectPaths.isTestPath($0) }.compactMap { $0.split(separator: "/").first }.map(
                String.init))
        typecheckTarget =
            packages.contains("src") ? "src/" : (packages.filter { !$0.hasSuffix(".py") }.sorted().first.map { $0 + "/" } ?? ".")
        var dev: [JSONValue] = pyproject?["dependency-groups"]?["dev"]?.arrayValue ?? []
        dev += pyproject?["tool"]?["uv"]?["dev-dependencies"]?.arrayValue ?? []
        devTools = Set(
            dev.compactMap(\.stringValue).map { spec in
                String(spec.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }).lowercased()
            })
        hasTests = project.files.contains { ProjectPaths.isTestPath($0) && $0.hasSuffix(".py") }
    }

    static func slug(_ name: String) -> String {
        var out = ""
        for c in name.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
        }
        let trimmed = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "mcp-server" : String(trimmed.prefix(50))
    }

    /// The value the code accepts for Streamable HTTP in its transport variable.
    var transportValue: String
    /// A `FastMCP` server: its settings also read `FASTMCP_HOST` (an explicit `host=` wins over it).
    var bindsFastMCPSettings: Bool

    /// The variables of the server's own listener (host, port, transport), by their names.
    func listener(_ role: Listener.Role) -> [String] {
        variables.map(\.name).filter { Listener.role(of: $0, project: name) == role }
    }

    /// What the container sets so the server serves HTTP on all interfaces (the variables the code
    /// reads for its own listener; `FASTMCP_HOST` for a FastMCP server without one).
    public var containerSettings: [(String, String)] {
        guard servesHTTP else { return [] }
        var out: [(String, String)] = []
        for v in listener(.transport) { out.append((v, transportValue)) }
        let hosts = listener(.host)
        for v in hosts { out.append((v, "0.0.0.0")) }
        if hosts.isEmpty && bindsFastMCPSettings { out.append(("FASTMCP_HOST", "0.0.0.0")) }
        for v in listener(.port) { out.append((v, String(port))) }
        return out
    }

    /// The command that starts the server inside the image (its venv on PATH, WORKDIR /app).
    public var imageCommand: [String] {
        if packaged, let entryPoint { return [entryPoint] }
        if let serverScript { return ["python", serverScript] }
        return ["python", "-m", name.replacingOccurrences(of: "-", with: "_")]
    }
}
