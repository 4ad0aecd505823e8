import PreflightCore

struct DockerHealthcheck: StaticCheck {
    static let description = CheckDescription(
        id: "docker.healthcheck", title: "Image declares a HEALTHCHECK", section: .docker, severity: .warning,
        rationale: """
            Without a health check the orchestrator only knows the process exists, not that it serves. A stdio-only \
            server has no endpoint to probe, so there a missing HEALTHCHECK is a warning, not a failure. The image's \
            transport is read from the image itself first: `ENV MCP_TRANSPORT=stdio` (any `*TRANSPORT*` variable), \
            `--transport stdio|sse|streamable-http`, `--http`/`--sse` in ENTRYPOINT/CMD, or a web server (uvicorn) as \
            the command. Only when the image says nothing does the source decide: a server whose every `run()` serves \
            HTTP, or one that can serve HTTP and whose image EXPOSEs a port, fails; otherwise the stdio default is assumed. \
            HTTP client libraries (aiohttp, httpx) are not web servers.
            """,
        remediation:
            "Add `HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1` (or a Python one-liner) to the final stage.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nEXPOSE 8000\nUSER app\nCMD [\"srv\", \"--http\"]\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK NONE\n"]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nENV MCP_TRANSPORT=streamable-http\nCMD [\"srv\"]\n"],
                note: "HTTP selected by the image's environment"),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nENV MCP_TRANSPORT=stdio\nCMD [\"srv\"]\n"],
                note: "stdio image: a warning"),
        ],
        passing: [
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1\n"
            ])
        ])

    enum Transport { case stdio, http }

    func run(_ project: Project) -> CheckOutput {
        let source = Self.sourceTransport(project)
        let files: [Dockerfile]
        switch DockerSupport.dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let found): files = found
        }
        let findings = files.flatMap { file -> [Finding] in
            if let hc = DockerSupport.effective("HEALTHCHECK", in: file), hc.arguments.trimmed.uppercased() != "NONE" {
                return []
            }
            let exposes = DockerSupport.finalLineage(file).contains { !$0.all("EXPOSE").isEmpty }
            let at = Location(file.path, line: file.finalStage?.fromLine)
            if let (transport, evidence) = Self.imageTransport(file) {
                if transport == .stdio {
                    return [
                        Finding(
                            "\(file.path) has no HEALTHCHECK; the image runs the server over stdio (\(evidence)), so this is a warning",
                            at: at, status: .warn)
                    ]
                }
                return [
                    Finding("the final stage of \(file.path) has no HEALTHCHECK, and the image serves HTTP (\(evidence))", at: at)
                ]
            }
            if source == .some(.http) || (exposes && source == nil) {
                return [Finding("the final stage of \(file.path) has no HEALTHCHECK", at: at)]
            }
            return [
                Finding(
                    "\(file.path) has no HEALTHCHECK (the server looks stdio-only, so this is a warning)", at: at, status: .warn)
            ]
        }
        return .from(findings, pass: "the final stage of every Dockerfile has a HEALTHCHECK")
    }

    /// The transport the image selects in ENV, ENTRYPOINT or CMD of its final stage, with the evidence.
    static func imageTransport(_ file: Dockerfile) -> (Transport, String)? {
        let lineage = DockerSupport.finalLineage(file)
        var found: (Transport, String)?
        for stage in lineage {
            for i in stage.instructions {
                if i.keyword == "ENV" {
                    for (key, value) in KeyValueArguments.parse(i.arguments, legacySpaceForm: true)
                    where key.uppercased().contains("TRANSPORT") {
                        if let t = value.flatMap(transport(named:)) { found = (t, "`ENV \(key)=\(value ?? "")`, line \(i.line)") }
                    }
                } else if i.keyword == "ENTRYPOINT" || i.keyword == "CMD" {
                    let words = i.execForm ?? KeyValueArguments.shellWords(i.body)
                    if let t = commandTransport(words) { found = (t, "`\(i.keyword) \(i.arguments.prefix(60))`, line \(i.line)") }
                }
            }
        }
        return found
    }

    static func transport(named value: String) -> Transport? {
        switch value.lowercased().trimmingQuotes {
        case "stdio": return .stdio
        case "sse", "http", "streamable-http", "streamable_http", "streamablehttp": return .http
        default: return nil
        }
    }

    /// `--transport stdio`, `--transport=sse`, `-t http`, `--http`, `--sse`, a bare `sse` argument, or uvicorn/gunicorn.
    static func commandTransport(_ words: [String]) -> Transport? {
        if let program = words.first.map(CICommandLine.program), ["uvicorn", "gunicorn", "hypercorn"].contains(program) {
            return .http
        }
        for (i, word) in words.enumerated() {
            let lower = word.lowercased()
            if ["--transport", "-t", "--mode"].contains(lower), i + 1 < words.count, let t = transport(named: words[i + 1]) {
                return t
            }
            if lower.hasPrefix("--transport="), let t = transport(named: String(lower.dropFirst("--transport=".count))) {
                return t
            }
            if ["--http", "--sse", "--streamable-http"].contains(lower) { return .http }
            if ["--stdio"].contains(lower) { return .stdio }
            if i > 0, ["sse", "streamable-http", "stdio"].contains(lower), let t = transport(named: lower) { return t }
        }
        return nil
    }

    /// What the source says: nil when it can serve both (or it is unknown), `.stdio` when every
    /// `run()` uses stdio (the SDK default) and no web server is imported, `.http` when every `run()` serves HTTP.
    static func sourceTransport(_ project: Project) -> Transport? {
        let runs = project.serverPythonFiles.flatMap { $0.runCalls }
        let imports = Set(project.serverPythonFiles.flatMap { $0.imports })
        let webServer = imports.contains { module in
            ["uvicorn", "starlette", "fastapi", "hypercorn", "sanic", "quart", "tornado"].contains(
                module.split(separator: ".").first.map(String.init) ?? "") || module.hasPrefix("aiohttp.web")
        }
        if !runs.isEmpty, runs.allSatisfy({ ($0.transport.flatMap(transport(named:))) == .http }) { return .http }
        if !webServer, runs.allSatisfy({ $0.transport == nil || $0.transport == "stdio" }) { return .stdio }
        return nil
    }
}
