import PreflightCore

struct ComposeLimits: StaticCheck {
    static let description = CheckDescription(
        id: "docker.compose-limits", title: "Compose services have memory and CPU limits", section: .docker,
        severity: .warning,
        rationale: """
            A service without limits can take the host's whole memory (a leak, a huge tool result) and starve every \
            other container on it; the OOM killer then picks a victim, not necessarily the culprit.
            """,
        remediation: "Set `deploy.resources.limits` with `memory` and `cpus` (or `mem_limit` and `cpus`) on every service.",
        failing: [
            Example(["compose.yaml": "services:\n  mcp:\n    image: srv:1\n"]),
            Example(
                ["docker-compose.yml": "services:\n  mcp:\n    image: srv:1\n    mem_limit: 512m\n"],
                note: "memory but no CPU limit"),
        ],
        passing: [
            Example([
                "compose.yaml":
                    "services:\n  mcp:\n    image: srv:1\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n          memory: 512M\n"
            ]),
            Example([
                "compose.yaml":
                    "x-limits: &limits\n  mem_limit: 256m\n  cpus: 1\nservices:\n  mcp:\n    <<: *limits\n    image: srv:1\n"
            ]),
            Example(
                [
                    "compose.yaml": "services:\n  mcp:\n    image: srv:1\n    mem_limit: 256m\n    cpus: 1\n",
                    "test-services/docker-compose.yaml": "services:\n  db:\n    image: postgres:16\n",
                    "examples/compose.yaml": "services:\n  demo:\n    image: srv:1\n",
                ], note: "compose files for tests and examples are not deployments"),
        ])

    func run(_ project: Project) -> CheckOutput {
        ComposeSupport.check(project, pass: "every compose service has memory and CPU limits") { path, name, service in
            let limits = service["deploy", "resources", "limits"]
            let memory = limits?["memory"] ?? service["mem_limit"]
            let cpus = limits?["cpus"] ?? service["cpus"] ?? service["cpu_quota"] ?? service["cpu_count"]
            var missing: [String] = []
            if memory == nil || memory?.isNullScalar == true { missing.append("memory") }
            if cpus == nil || cpus?.isNullScalar == true { missing.append("CPU") }
            guard !missing.isEmpty else { return nil }
            return Finding(
                "service `\(name)` has no \(missing.joined(separator: " or ")) limit", at: Location(path, line: service.line))
        }
    }
}
