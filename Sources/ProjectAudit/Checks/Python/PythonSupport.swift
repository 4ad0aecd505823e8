import PreflightCore

enum PythonSupport {
    /// Parsed Python files that make up the server, or the reason Python checks cannot run.
    static func serverFiles(_ project: Project) -> Result<[PythonFile], SkipReason> {
        guard !project.pythonFiles.isEmpty else { return .failure(SkipReason("no Python source in the project")) }
        guard project.python != nil else {
            return .failure(SkipReason(project.pythonUnavailable ?? "Python source could not be analysed"))
        }
        if let tooOld = project.pythonTooOld { return .failure(SkipReason(tooOld)) }
        let files = project.serverPythonFiles.filter { $0.error == nil }
        guard !files.isEmpty else { return .failure(SkipReason("no parseable server Python source (see project.files-parse)")) }
        return .success(files)
    }

    /// Server files of a project that defines an MCP server, or why the check does not apply.
    static func mcpServerFiles(_ project: Project) -> Result<[PythonFile], SkipReason> {
        serverFiles(project).flatMap { files in
            files.contains { !$0.servers.isEmpty }
                ? .success(files)
                : .failure(
                    SkipReason(
                        "no MCP server (FastMCP, MCPServer, fastmcp, their subclasses or lowlevel Server) found in the Python source"
                    ))
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
    static func transports(_ files: [PythonFile]) -> [String?] { files.flatMap { $0.runCalls.map(\.transport) } }

    static func usesStdio(_ files: [PythonFile]) -> Bool {
        let t = transports(files)
        return t.isEmpty || t.contains { $0 == nil || $0 == "stdio" }
    }

    /// "tool `read` passes argument `path` (through `load`, `open_file`)": the flow's origin for a message.
    static func origin(tool: String, param: String, via: [String]) -> String {
        let through =
            via.isEmpty
            ? "" : " (through \(via.prefix(4).map { "`\($0)`" }.joined(separator: ", "))\(via.count > 4 ? ", ..." : ""))"
        return "tool `\(tool)` passes argument `\(param)`\(through)"
    }
}
