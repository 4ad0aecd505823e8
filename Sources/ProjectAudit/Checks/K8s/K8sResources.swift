import PreflightCore

struct K8sResources: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.resources", title: "Containers have CPU and memory requests and limits", section: .kubernetes,
        severity: .error,
        rationale: """
            The checklist's "Resource requests and limits": without requests the scheduler packs pods blindly and \
            the HPA has no utilisation to scale on; without limits one leaking server takes the node's memory and \
            the OOM killer picks victims among its neighbours. As in Kubernetes, a missing request defaults to the \
            limit, and a LimitRange of the namespace supplies defaults.
            """,
        remediation: """
            Give every container `resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}` \
            (sized from a load test), or a LimitRange with `default` and `defaultRequest` in the namespace.
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(resources: false)]),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(resources: false).replacingOccurrences(
                        of: "          image:",
                        with: "          resources: {requests: {cpu: 100m, memory: 128Mi}}\n          image:")
                ], note: "requests without limits"),
        ],
        passing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment()]),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(resources: false).replacingOccurrences(
                        of: "          image:",
                        with: "          resources: {limits: {cpu: 500m, memory: 256Mi}}\n          image:")
                ], note: "requests default to the limits"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(resources: false),
                    "k8s/limits.yaml": """
                    apiVersion: v1
                    kind: LimitRange
                    metadata: {name: defaults}
                    spec:
                      limits:
                        - type: Container
                          default: {cpu: 500m, memory: 256Mi}
                          defaultRequest: {cpu: 100m, memory: 128Mi}

                    """,
                ], note: "defaults from a LimitRange"),
        ])

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "every container has CPU and memory requests and limits") {
            workload, manifests in
            let object = workload.object
            let ranges = manifests.objects("LimitRange", in: object.namespace).flatMap { range in
                (range.body["spec", "limits"]?.items ?? []).filter { ($0["type"]?.string ?? "Container") == "Container" }
            }
            func fromRange(_ key: String, _ resource: String) -> Bool { ranges.contains { $0[key, resource] != nil } }
            return workload.containers.filter(\.isLongRunning).compactMap { container in
                var missing: [String] = []
                for resource in ["cpu", "memory"] {
                    let limit = container.body["resources", "limits", resource] != nil || fromRange("default", resource)
                    let request =
                        container.body["resources", "requests", resource] != nil || limit || fromRange("defaultRequest", resource)
                    if !request { missing.append("\(resource) request") }
                    if !limit { missing.append("\(resource) limit") }
                }
                guard !missing.isEmpty else { return nil }
                return Finding(
                    "container `\(container.name)` of \(object.ref) has no \(missing.joined(separator: ", "))",
                    at: object.line(container.body))
            }
        }
    }
}
