import PreflightCore

struct DockerNoSecrets: StaticCheck {
    static let description = CheckDescription(
        id: "docker.no-secrets", title: "No secrets baked into the image", section: .docker, severity: .error,
        rationale: """
            `ENV` and `ARG` values are stored in the image metadata and layer history (`docker history` shows them) \
            for anyone who can pull the image. A compose file that gives a secret-named variable a literal value \
            (`environment: {NEO4J_PASSWORD: password}`) commits the secret, or a default password every deployment \
            shares, to the repository; `${VAR}` references and empty values are fine, and dev/test compose files are not read.
            """,
        remediation:
            "Pass secrets at run time (`docker run -e`, orchestrator secrets) or use `RUN --mount=type=secret` at build time.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nENV API_TOKEN=abc123def456\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nARG DB_PASSWORD=hunter2\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nENV OPENAI_API_KEY sk-live-value\n"]),
            Example(
                [
                    "docker-compose.yml":
                        "services:\n  mcp:\n    image: demo:1.0\n    environment:\n      - NEO4J_URI=bolt://neo4j:7687\n      - NEO4J_PASSWORD=password\n"
                ], note: "a compose service"),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nARG API_TOKEN\nENV API_TOKEN=${API_TOKEN} LOG_LEVEL=info\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nENV PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://x\n"]),
            Example([
                "compose.yaml":
                    "services:\n  mcp:\n    image: demo:1.0\n    environment:\n      API_TOKEN: ${API_TOKEN}\n      DB_PASSWORD: \"${DB_PASSWORD:?set it}\"\n      LOG_LEVEL: info\n",
                "docker-compose.test.yml":
                    "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: devpass123\n",
            ]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nENV USE_GKE_GCLOUD_AUTH_PLUGIN=True AUTHOR_EMAIL=dev@example.org\n"],
                note: "a secret word inside the name is not a secret name"),
        ])

    func run(_ project: Project) -> CheckOutput {
        var findings: [Finding] = []
        for file in project.dockerfiles {
            for i in file.instructions where i.keyword == "ENV" || i.keyword == "ARG" {
                for (key, value) in KeyValueArguments.parse(i.arguments, legacySpaceForm: i.keyword == "ENV") {
                    guard let value, !value.isEmpty, SecretNames.looksSecret(key), !value.hasPrefix("$") else { continue }
                    findings.append(
                        Finding(
                            "`\(i.keyword) \(key)=\(Redaction.redact(value))` bakes a secret into the image",
                            at: Location(file.path, line: i.line)))
                }
            }
        }
        var services = 0
        for (path, document) in project.composeFiles {
            for (name, service) in document["services"]?.pairs ?? [] {
                services += 1
                for (key, value, line) in Self.environment(service) {
                    guard !value.isEmpty, !value.contains("${"), !value.hasPrefix("$"), SecretNames.looksSecret(key) else {
                        continue
                    }
                    findings.append(
                        Finding(
                            "compose service `\(name)` sets `\(key)=\(Redaction.redact(value))`: a literal secret in the repository",
                            at: Location(path, line: line)))
                }
            }
        }
        if project.dockerfiles.isEmpty && services == 0 {
            if case .failure(let reason) = DockerSupport.dockerfiles(project) { return .skip(reason.message) }
        }
        return .from(findings, pass: "no ENV, ARG or compose environment gives a secret-named variable a literal value")
    }

    /// A service's `environment:` as (name, value, line), from the mapping or the `NAME=value` list form.
    static func environment(_ service: YAMLValue) -> [(String, String, Int)] {
        guard let env = service["environment"] else { return [] }
        if let pairs = env.pairs { return pairs.compactMap { key, value in value.string.map { (key, $0, value.line) } } }
        return (env.items ?? []).compactMap { item in
            guard let text = item.string, let eq = text.firstIndex(of: "=") else { return nil }
            return (String(text[..<eq]), String(text[text.index(after: eq)...]), item.line)
        }
    }
}
