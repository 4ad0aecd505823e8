import PreflightCore

struct DockerMultiStage: StaticCheck {
    static let description = CheckDescription(
        id: "docker.multi-stage", title: "Dockerfile uses a multi-stage build", section: .docker, severity: .warning,
        rationale: """
            Build tools, compilers, caches and uv itself have no place in the runtime image: a separate build stage \
            keeps the final image small and its attack surface narrow.
            """,
        remediation:
            "Install dependencies in a `builder` stage and `COPY --from=builder /app/.venv /app/.venv` into a slim final stage.",
        failing: [Example(["Dockerfile": "FROM python:3.12-slim\nRUN pip install uv\nUSER app\nCMD [\"srv\"]\n"])],
        passing: [
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim AS builder\nRUN pip install uv\nFROM python:3.12-slim\nCOPY --from=builder /app /app\nUSER app\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        DockerSupport.check(project, pass: "every Dockerfile has a build stage and a separate final stage") { file in
            guard file.stages.count < 2 else { return [] }
            return [
                Finding(
                    "\(file.path) has a single stage: build tools end up in the runtime image",
                    at: Location(file.path, line: file.stages.first?.fromLine))
            ]
        }
    }
}
