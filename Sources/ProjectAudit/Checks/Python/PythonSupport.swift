import PreflightCore

enum PythonSupport {
    /// Folders of helper scripts and docs that do not run inside the server process.
    static let nonServerFolders: Set<String> = ["scripts", "examples", "example", "docs", "benchmarks", "bench", "tools", "ci"]

    /// Parsed Python files that make up the server, or the reason Python checks cannot run.
    static func serverFiles(_ project: Project) -> Result<[PythonFile], SkipReason> {
        guard !project.pythonFiles.isEmpty else { return .failure(SkipReason("no Python source in the project")) }
        guard project.python != nil else {
            return .failure(SkipReason(project.pythonUnavailable ?? "Python source could not be analysed"))
        }
        let files = project.serverPythonFiles.filter { file in
            let top = file.path.split(separator: "/").first.map(String.init) ?? ""
            return file.error == nil && !(file.path.contains("/") && nonServerFolders.contains(top))
        }
        guard !files.isEmpty else { return .failure(SkipReason("no parseable server Python source (see project.files-parse)")) }
        return .success(files)
    }

    /// Server files of a project that defines an MCP server, or why the check does not apply.
    static func mcpServerFiles(_ project: Project) -> Result<[PythonFile], SkipReason> {
        serverFiles(project).flatMap { files in
            files.contains { !($0.servers ?? []).isEmpty }
                ? .success(files)
                : .failure(
                    SkipReason("no MCP server (FastMCP, MCPServer, fastmcp or lowlevel Server) found in the Python source"))
        }
    }

    static func check(_ project: Project, requireServer: Bool = true, pass: String, _ body: ([PythonFile]) -> [Finding])
        -> CheckOutput
    {
        switch requireServer ? mcpServerFiles(project) : serverFiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files): return .from(body(files), pass: pass)
        }
    }

    /// The transports the server's `run()` calls use (nil = SDK default, stdio).
    static func transports(_ files: [PythonFile]) -> [String?] { files.flatMap { ($0.runCalls ?? []).map(\.transport) } }

    static func usesStdio(_ files: [PythonFile]) -> Bool {
        let t = transports(files)
        return t.isEmpty || t.contains { $0 == nil || $0 == "stdio" }
    }
}
