import PreflightCore

struct DockerBaseImagePinned: StaticCheck {
    static let description = CheckDescription(
        id: "docker.base-image-pinned", title: "Base images are pinned", section: .docker, severity: .error,
        rationale: """
            `FROM python` or `:latest` silently changes the runtime (Python minor version, OS packages) between two \
            builds of the same commit: a rebuild can break production with no code change. The same holds for images \
            copied from (`COPY --from=ghcr.io/astral-sh/uv:latest`), mounted (`RUN --mount=from=...`), and run by a \
            compose file (`image:` of a service that is not built from the project; dev and test compose files excluded).
            """,
        remediation:
            "Pin every `FROM` to a version tag (`python:3.12-slim`) or, better, a digest (`python:3.12-slim@sha256:...`).",
        failing: [
            Example(["Dockerfile": "FROM python\n"]),
            Example(["Dockerfile": "FROM python:3.12 AS b\nFROM python:latest\n"]),
            Example(["Dockerfile": "ARG BASE=python\nFROM ${BASE}\n"]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/\n"],
                note: "an image copied from"),
            Example(
                ["compose.yaml": "services:\n  mcp:\n    image: example/demo:latest\n    restart: unless-stopped\n"],
                note: "a compose service"),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim AS builder\nFROM builder\nFROM scratch\n"]),
            Example([
                "Dockerfile":
                    "ARG PY=3.12\nFROM python:${PY}-slim\nFROM ghcr.io/astral-sh/uv@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
            ]),
            Example(["Dockerfile": "FROM registry.example.com:5000/team/python:3.12\n"]),
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim AS base\nCOPY --from=ghcr.io/astral-sh/uv:0.9.8 /uv /bin/\nFROM base\nCOPY --from=base /app /app\nRUN --mount=from=base,source=/x,target=/x true\n",
                "compose.yaml": "services:\n  mcp:\n    build: .\n    image: demo:latest\n  db:\n    image: postgres:16.4\n",
                "tests/docker-compose.yml": "services:\n  db:\n    image: postgres\n",
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        var findings: [Finding] = []
        for file in project.dockerfiles { findings += Self.dockerfileFindings(file) }
        let services = project.composeFiles.flatMap { file in
            (file.document["services"]?.pairs ?? []).map { (file.path, $0.key, $0.value) }
        }
        for (path, name, service) in services where service["build"] == nil {
            // A service built from the project names its own image; only pulled images can move.
            guard let image = service["image"]?.string, !image.contains("$") else { continue }
            if let problem = Self.problem(image) {
                findings.append(
                    Finding(
                        "compose service `\(name)`: `image: \(image)` \(problem)",
                        at: Location(path, line: service["image"]?.line ?? service.line)))
            }
        }
        if project.dockerfiles.isEmpty && services.isEmpty {
            if case .failure(let reason) = DockerSupport.dockerfiles(project) { return .skip(reason.message) }
        }
        return .from(findings, pass: "every image (FROM, COPY --from, compose) names a tag or digest other than latest")
    }

    static func dockerfileFindings(_ file: Dockerfile) -> [Finding] {
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
            for i in stage.instructions where i.keyword == "COPY" || i.keyword == "RUN" {
                for source in Self.imageSources(i) {
                    // Stages are named or numbered; anything else is an image pulled for the copy.
                    guard !aliases.contains(source.lowercased()), stage.alias?.lowercased() != source.lowercased(),
                        Int(source) == nil, let ref = DockerSupport.expand(source, vars), let problem = Self.problem(ref)
                    else { continue }
                    findings.append(
                        Finding("`\(i.keyword) --from=\(source)` \(problem)", at: Location(file.path, line: i.line)))
                }
            }
        }
        return findings
    }

    /// `COPY --from=<x>` and `RUN --mount=...,from=<x>,...` references.
    static func imageSources(_ i: Dockerfile.Instruction) -> [String] {
        i.flags.compactMap { flag in
            if i.keyword == "COPY", flag.hasPrefix("--from=") { return String(flag.dropFirst("--from=".count)) }
            guard i.keyword == "RUN", flag.hasPrefix("--mount=") else { return nil }
            return flag.dropFirst("--mount=".count).split(separator: ",").first { $0.hasPrefix("from=") }.map {
                String($0.dropFirst("from=".count))
            }
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
