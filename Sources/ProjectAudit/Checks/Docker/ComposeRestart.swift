import PreflightCore

struct ComposeRestart: StaticCheck {
    static let description = CheckDescription(
        id: "docker.compose-restart", title: "Compose services have a restart policy", section: .docker,
        severity: .warning,
        rationale: "Without a restart policy a crashed server stays down until someone notices.",
        remediation: "Add `restart: unless-stopped` (or `deploy.restart_policy`) to every service.",
        failing: [Example(["compose.yaml": "services:\n  mcp:\n    image: srv:1\n"])],
        passing: [
            Example(["compose.yaml": "services:\n  mcp:\n    image: srv:1\n    restart: unless-stopped\n"]),
            Example([
                "compose.yaml":
                    "services:\n  mcp:\n    image: srv:1\n    deploy:\n      restart_policy:\n        condition: on-failure\n"
            ]),
            Example(
                [
                    "compose.yaml": "services:\n  mcp:\n    image: srv:1\n    restart: unless-stopped\n",
                    "test-services/docker-compose.yaml": "services:\n  db:\n    image: postgres:16\n",
                    "docker-compose.dev.yml": "services:\n  db:\n    image: postgres:16\n",
                    ".devcontainer/docker-compose.yml": "services:\n  dev:\n    image: python:3.12\n",
                ], note: "compose files for tests and development are not deployments"),
        ])

    func run(_ project: Project) -> CheckOutput {
        ComposeSupport.check(project, pass: "every compose service has a restart policy") { path, name, service in
            if let restart = service["restart"], !restart.isNullScalar { return nil }
            if service["deploy", "restart_policy"] != nil { return nil }
            return Finding("service `\(name)` has no restart policy", at: Location(path, line: service.line))
        }
    }
}
