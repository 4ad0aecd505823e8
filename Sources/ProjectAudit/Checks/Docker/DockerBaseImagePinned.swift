import PreflightCore

struct DockerBaseImagePinned: StaticCheck {
    static let description = CheckDescription(
        id: "docker.base-image-pinned", title: "Base images are pinned", section: .docker, severity: .error,
        rationale: """
            `FROM python` or `:latest` silently changes the runtime (Python minor version, OS packages) between two \
            builds of the same commit: a rebuild can break production with no code change.
            """,
        remediation:
            "Pin every `FROM` to a version tag (`python:3.12-slim`) or, better, a digest (`python:3.12-slim@sha256:...`).",
        failing: [
            Example(["Dockerfile": "FROM python\n"]),
            Example(["Dockerfile": "FROM python:3.12 AS b\nFROM python:latest\n"]),
            Example(["Dockerfile": "ARG BASE=python\nFROM ${BASE}\n"]),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim AS builder\nFROM builder\nFROM scratch\n"]),
            Example([
                "Dockerfile":
                    "ARG PY=3.12\nFROM python:${PY}-slim\nFROM ghcr.io/astral-sh/uv@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
            ]),
            Example(["Dockerfile": "FROM registry.example.com:5000/team/python:3.12\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        DockerSupport.check(project, pass: "every FROM names a tag or digest other than latest") { file in
            let vars = DockerSupport.variables(file)
            var aliases: Set<String> = []
            var findings: [Finding] = []
            for stage in file.stages {
                defer { if let a = stage.alias { aliases.insert(a.lowercased()) } }
                let image = stage.image
                if aliases.contains(image.lowercased()) || image.lowercased() == "scratch" { continue }
                guard let resolved = DockerSupport.expand(image, vars) else {
                    findings.append(
                        Finding(
                            "`FROM \(image)` depends on a build argument with no default",
                            at: Location(file.path, line: stage.fromLine)))
                    continue
                }
                if let problem = Self.problem(resolved) {
                    findings.append(Finding("`FROM \(image)` \(problem)", at: Location(file.path, line: stage.fromLine)))
                }
            }
            return findings
        }
    }

    /// Why an image reference is not pinned, or nil when it is.
    static func problem(_ reference: String) -> String? {
        if reference.contains("@sha256:") { return nil }
        // The tag follows the last ':' after the last '/' (a registry port has a '/' after it).
        let lastSegment = reference.split(separator: "/").last.map(String.init) ?? reference
        guard let colon = lastSegment.lastIndex(of: ":") else { return "has no tag, so it means :latest" }
        let tag = lastSegment[lastSegment.index(after: colon)...]
        if tag.isEmpty { return "has an empty tag" }
        if tag.lowercased() == "latest" { return "uses the moving :latest tag" }
        return nil
    }
}
