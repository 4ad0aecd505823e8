import PreflightCore

struct K8sImagePinned: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.image-pinned", title: "Container images are pinned", section: .kubernetes, severity: .error,
        rationale: """
            An image without a tag is `:latest`, and `:latest` moves: two pods of one Deployment can run different \
            code, a node restart silently upgrades the server, and a rollback has nothing to go back to.
            """,
        remediation:
            "Use an immutable version tag or a digest: `image: ghcr.io/acme/mcp:1.4.2` or `image: ghcr.io/acme/mcp@sha256:…`.",
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(image: "ghcr.io/acme/mcp")], note: "no tag is latest"),
            Example(["k8s/deployment.yaml": K8sExamples.deployment(image: "ghcr.io/acme/mcp:latest")]),
            Example(
                ["k8s/deployment.yaml": K8sExamples.deployment(image: "registry.local:5000/mcp")],
                note: "a registry port is not a tag"),
        ],
        passing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(image: "registry.local:5000/acme/mcp:1.4.2")]),
            Example(["k8s/deployment.yaml": K8sExamples.deployment(image: "${IMAGE}")], note: "substituted at deploy time"),
            Example([
                "k8s/deployment.yaml": K8sExamples.deployment(
                    image: "ghcr.io/acme/mcp@sha256:" + String(repeating: "ab", count: 32))
            ]),
        ])

    /// The tag of an image reference, nil when there is none; a digest counts as pinned.
    static func problem(_ image: String) -> String? {
        if image.contains("@sha256:") || image.contains("@sha512:") { return nil }
        // `${IMAGE}` (envsubst) or `$(IMAGE)`: the reference is decided at deploy time, not here.
        if image.contains("${") || image.contains("$(") { return nil }
        let last = image.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let colon = last.lastIndex(of: ":") else { return "has no tag (that is `latest`)" }
        let tag = last[last.index(after: colon)...]
        if tag.isEmpty { return "has an empty tag" }
        return tag == "latest" ? "uses the moving `latest` tag" : nil
    }

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "every container image has a version tag or digest") {
            workload, _ in
            workload.containers.compactMap { container in
                guard let node = container.body["image"], let image = node.string?.trimmed, !image.isEmpty,
                    let problem = Self.problem(image)
                else { return nil }
                return Finding(
                    "image `\(image)` of container `\(container.name)` in \(workload.object.ref) \(problem)",
                    at: workload.object.line(node))
            }
        }
    }
}
