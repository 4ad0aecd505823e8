import PreflightCore

struct DockerNoSecrets: StaticCheck {
    static let description = CheckDescription(
        id: "docker.no-secrets", title: "No secrets baked into the image", section: .docker, severity: .error,
        rationale: """
            `ENV` and `ARG` values are stored in the image metadata and layer history (`docker history` shows them) \
            for anyone who can pull the image.
            """,
        remediation:
            "Pass secrets at run time (`docker run -e`, orchestrator secrets) or use `RUN --mount=type=secret` at build time.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nENV API_TOKEN=abc123def456\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nARG DB_PASSWORD=hunter2\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nENV OPENAI_API_KEY sk-live-value\n"]),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nARG API_TOKEN\nENV API_TOKEN=${API_TOKEN} LOG_LEVEL=info\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nENV PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://x\n"]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nENV USE_GKE_GCLOUD_AUTH_PLUGIN=True AUTHOR_EMAIL=dev@example.org\n"],
                note: "a secret word inside the name is not a secret name"),
        ])

    func run(_ project: Project) -> CheckOutput {
        DockerSupport.check(project, pass: "no ENV or ARG gives a secret-named variable a literal value") { file in
            var findings: [Finding] = []
            for i in file.instructions where i.keyword == "ENV" || i.keyword == "ARG" {
                for (key, value) in KeyValueArguments.parse(i.arguments, legacySpaceForm: i.keyword == "ENV") {
                    guard let value, !value.isEmpty, SecretNames.looksSecret(key), !value.hasPrefix("$") else { continue }
                    findings.append(
                        Finding(
                            "`\(i.keyword) \(key)=\(Redaction.redact(value))` bakes a secret into the image",
                            at: Location(file.path, line: i.line)))
                }
            }
            return findings
        }
    }
}
