import PreflightCore

struct DockerHealthcheck: StaticCheck {
    static let description = CheckDescription(
        id: "docker.healthcheck", title: "Image declares a HEALTHCHECK", section: .docker, severity: .warning,
        rationale: """
            Without a health check the orchestrator only knows the process exists, not that it serves. A stdio-only \
            server has no endpoint to probe, so there a missing HEALTHCHECK is a warning, not a failure.
            """,
        remediation:
            "Add `HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1` (or a Python one-liner) to the final stage.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nEXPOSE 8000\nUSER app\nCMD [\"srv\", \"--http\"]\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK NONE\n"]),
        ],
        passing: [
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        let stdioOnly = Self.isStdioOnly(project)
        return DockerSupport.check(project, pass: "the final stage of every Dockerfile has a HEALTHCHECK") { file in
            if let hc = DockerSupport.effective("HEALTHCHECK", in: file), hc.arguments.trimmed.uppercased() != "NONE" {
                return []
            }
            let exposes = DockerSupport.finalLineage(file).contains { !$0.all("EXPOSE").isEmpty }
            let line = file.finalStage?.fromLine
            if stdioOnly && !exposes {
                return [
                    Finding(
                        "\(file.path) has no HEALTHCHECK (the server looks stdio-only, so this is a warning)",
                        at: Location(file.path, line: line), status: .warn)
                ]
            }
            return [Finding("the final stage of \(file.path) has no HEALTHCHECK", at: Location(file.path, line: line))]
        }
    }

    /// True when every `run()` of the server uses stdio (the SDK default) and nothing serves HTTP.
    static func isStdioOnly(_ project: Project) -> Bool {
        let runs = project.serverPythonFiles.flatMap { $0.runCalls }
        let imports = Set(project.serverPythonFiles.flatMap { $0.imports })
        let webServer = imports.contains {
            ["uvicorn", "starlette", "fastapi", "hypercorn", "aiohttp"].contains(
                $0.split(separator: ".").first.map(String.init) ?? "")
        }
        return !webServer && runs.allSatisfy { $0.transport == nil || $0.transport == "stdio" }
    }
}
