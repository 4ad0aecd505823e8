import PreflightCore

struct DockerExecFormVariables: StaticCheck {
    static let description = CheckDescription(
        id: "docker.exec-form-variables", title: "Exec-form CMD/ENTRYPOINT holds no variables", section: .docker,
        severity: .error,
        rationale: """
            The exec form (`CMD ["srv", "--port", "$PORT"]`) runs without a shell, so `$PORT` reaches the server as \
            the literal text `$PORT`.
            """,
        remediation: "Read the variable in the server itself, or use a shell: `CMD [\"sh\", \"-c\", \"exec srv --port $PORT\"]`.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"srv\", \"--port\", \"$PORT\"]\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nENTRYPOINT [\"srv\", \"--host=${HOST}\"]\n"]),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nCMD [\"sh\", \"-c\", \"exec srv --port $PORT\"]\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nCMD srv --port $PORT\n"], note: "shell form expands variables"),
        ])

    func run(_ project: Project) -> CheckOutput {
        DockerSupport.check(project, pass: "exec-form CMD and ENTRYPOINT hold no unexpanded variables") { file in
            var findings: [Finding] = []
            for i in file.instructions where i.keyword == "CMD" || i.keyword == "ENTRYPOINT" {
                guard let argv = i.execForm, let first = argv.first else { continue }
                // `["sh", "-c", "... $X"]` hands the string to a shell, which expands it.
                if DockerSupport.shells.contains(first), argv.contains("-c") { continue }
                if let arg = argv.first(where: Self.hasVariable) {
                    findings.append(
                        Finding(
                            "`\(i.keyword)` exec form passes `\(arg)` literally: no shell expands it",
                            at: Location(file.path, line: i.line)))
                }
            }
            return findings
        }
    }

    static func hasVariable(_ arg: String) -> Bool {
        guard let dollar = arg.firstIndex(of: "$") else { return false }
        let next = arg[arg.index(after: dollar)...].first
        return next == "{" || (next.map { $0.isLetter || $0 == "_" } ?? false)
    }
}
