import Foundation
import PreflightCore

struct DockerImageSize: RunCheck {
    static let command = "docker build . && docker image inspect"
    static let description = CheckDescription(
        id: "docker.image-size", title: "The image is under 500 MB", section: .docker, kind: .run, severity: .warning,
        rationale: """
            Builds the image with the project's Dockerfile and reads its size (`docker image inspect`). Large images pull \
            slowly, start late on a fresh node and carry more to patch. Needs a Docker engine that answers; skipped \
            otherwise. The limit is `[thresholds] image-size-mb` (default 500, in MB of 10^6 bytes).
            """,
        remediation: "Use a slim base, a multi-stage build that copies only the virtualenv, and `uv sync --no-dev`.",
        failing: [Example(fixture: "run-fail", note: "needs a Docker engine")],
        passing: [Example(fixture: "run-pass", note: "needs a Docker engine")])

    func run(_ context: RunContext) async -> CheckOutput {
        let project = context.project
        let paths = project.dockerfiles.map(\.path).sorted()
        // The root Dockerfile is the image; others (Dockerfile.dev, tests) are variants.
        guard let dockerfile = paths.first(where: { $0 == "Dockerfile" }) ?? paths.first else {
            return .skip("no Dockerfile in the project")
        }
        guard context.which("docker") != nil else { return .skip("docker is not installed") }
        let info = await context.run("docker", ["info", "--format", "{{.ServerVersion}}"], seconds: 20)
        guard info.result?.succeeded == true else {
            return .skip("no Docker engine responds (`docker info`: \(info.lastLine(context.options)))")
        }
        let tag = "preflight-image-size:\(UUID().uuidString.prefix(8).lowercased())"
        let build = await context.run(
            "docker", ["build", "-q", "-f", dockerfile, "-t", tag, "."], seconds: context.options.buildTimeout)
        if let undecided = build.undecided(tool: "docker", context.options, network: true) { return undecided }
        guard build.result?.succeeded == true else {
            return .fail(
                "the image does not build (\(build.exitDescription)): \(build.lastLine(context.options))",
                at: Location(dockerfile), evidence: build.evidence(context.options))
        }
        let inspect = await context.run("docker", ["image", "inspect", "--format", "{{.Size}}", tag], seconds: 30)
        _ = await context.run("docker", ["image", "rm", "-f", tag], seconds: 60)
        guard let bytes = Int(inspect.output.trimmed) else {
            return .skip("`docker image inspect` gave no size: \(inspect.lastLine(context.options))")
        }
        let limitMB = context.config.thresholds.imageSizeMB
        let mb = Double(bytes) / 1_000_000
        var evidence = JSONObjectBuilder()
        evidence.set("dockerfile", dockerfile)
        evidence.set("bytes", bytes)
        evidence.set("limitMB", .double(limitMB))
        let size = String(format: "%.0f MB", mb)
        if mb < limitMB {
            return .pass("\(dockerfile) builds a \(size) image (limit \(Int(limitMB)) MB)", evidence: evidence.value)
        }
        return .fail(
            "\(dockerfile) builds a \(size) image, over the \(Int(limitMB)) MB limit", at: Location(dockerfile),
            evidence: evidence.value)
    }
}
