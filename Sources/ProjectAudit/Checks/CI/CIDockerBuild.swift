import PreflightCore

struct CIDockerBuild: StaticCheck {
    static let description = CheckDescription(
        id: "ci.docker-build", title: "CI builds the container image", section: .cicd, severity: .warning,
        rationale: """
            A Dockerfile that CI never builds breaks silently: a base image tag disappears, a `COPY` path moves, the \
            frozen install fails. Applies only when the project has a Dockerfile. Counts: `docker build`, \
            `docker buildx build|bake`, `docker compose build`, `podman build`, `buildah bud`, kaniko, \
            `docker/build-push-action`, `docker/bake-action`.
            """,
        remediation: "Add a job with `docker build -t my-server:ci .` (or `docker/build-push-action` with `push: false`).",
        failing: [
            Example(
                [
                    "Dockerfile": "FROM python:3.12-slim\n",
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uv run pytest", "- run: echo docker build ."),
                ])
        ],
        passing: [
            Example([
                "Dockerfile": "FROM python:3.12-slim\n",
                ".github/workflows/ci.yml": CISupport.workflow("- run: docker buildx build --load -t app:ci ."),
            ]),
            Example(
                [
                    "Dockerfile": "FROM python:3.12-slim\n",
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- uses: docker/build-push-action@v6\n        with:\n          push: false"),
                ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        if case .failure(let reason) = DockerSupport.dockerfiles(project), !reason.message.contains("could not be parsed") {
            return .skip(reason.message)
        }
        return CISupport.requireStep(
            project, what: "builds the image", missing: "no CI step builds the container image",
            command: CIRecognize.isDockerBuild, actions: CIRecognize.buildActions)
    }
}
