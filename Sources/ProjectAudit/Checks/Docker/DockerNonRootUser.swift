import PreflightCore

struct DockerNonRootUser: StaticCheck {
    static let description = CheckDescription(
        id: "docker.non-root-user", title: "Container runs as a non-root user", section: .docker, severity: .error,
        rationale: """
            A process running as root inside the container turns any code execution bug in a tool into root in the \
            container, one kernel bug away from the host. The final stage decides the runtime user.
            """,
        remediation: "Create a user (`RUN useradd --create-home app`) and end the final stage with `USER app`.",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nCMD [\"srv\"]\n"], note: "no USER at all"),
            Example(
                ["Dockerfile": "FROM python:3.12-slim AS b\nUSER app\nFROM python:3.12-slim\nCMD [\"srv\"]\n"],
                note: "USER only in the build stage"),
            Example(["Dockerfile": "FROM python:3.12-slim\nUSER app\nRUN x\nUSER 0:0\n"]),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nRUN useradd app\nUSER app\nCMD [\"srv\"]\n"]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim AS base\nUSER 10001\nFROM base\nCMD [\"srv\"]\n"],
                note: "inherited from the parent stage"),
            Example(["Dockerfile": "ARG UID=10001\nFROM python:3.12-slim\nUSER ${UID}\n"]),
            Example(["Dockerfile": "FROM gcr.io/distroless/python3-debian12:nonroot\nCMD [\"srv\"]\n"]),
            Example(
                [
                    "Dockerfile": "FROM python:3.12-slim\nRUN useradd app\nUSER app\n",
                    ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/python:3.10\n",
                    "Dockerfile.dev": "FROM python:3.12\n",
                ], note: "dev container and development images do not ship"),
        ])

    static let rootNames: Set<String> = ["root", "0"]

    func run(_ project: Project) -> CheckOutput {
        DockerSupport.check(project, pass: "the final stage of every Dockerfile sets a non-root USER") { file in
            guard let final = file.finalStage else { return [] }
            guard let user = DockerSupport.effective("USER", in: file) else {
                // Distroless and Chainguard images that default to a non-root user.
                let base = DockerSupport.finalLineage(file).first?.image.lowercased() ?? ""
                if base.hasSuffix(":nonroot") || base.contains(":nonroot-") || base.hasPrefix("cgr.dev/") { return [] }
                return [
                    Finding(
                        "the final stage of \(file.path) has no USER instruction, so it runs as root",
                        at: Location(file.path, line: final.fromLine))
                ]
            }
            let raw = String(user.arguments.split(separator: ":").first ?? "").trimmed
            let resolved = DockerSupport.expand(raw, DockerSupport.variables(file)) ?? raw
            if Self.rootNames.contains(resolved.lowercased()) {
                return [
                    Finding(
                        "\(file.path) ends with `USER \(user.arguments)`: the container runs as root",
                        at: Location(file.path, line: user.line))
                ]
            }
            return []
        }
    }
}
