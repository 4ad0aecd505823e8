import PreflightCore

struct K8sService: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.service", title: "A Service selects the workload's pods", section: .kubernetes, severity: .warning,
        rationale: """
            The checklist's "Service for load balancing": clients reach an HTTP MCP server through a Service, which \
            spreads requests over the ready pods. A Service only routes to pods of its own namespace whose labels \
            carry every pair of its `spec.selector`; one differing label and it has no endpoints.
            """,
        remediation: """
            Add a Service in the workload's namespace whose selector matches the pod template labels: \
            `apiVersion: v1`, `kind: Service`, `spec: {selector: {app: mcp}, ports: [{port: 80, targetPort: 8000}]}`.
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment()], note: "no Service at all"),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment() + "---\n" + service(selector: "{app: mcp, tier: web}")],
                note: "the selector has a key the pods lack"),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment() + "---\n" + service(selector: "{app: mcp}", namespace: "other")],
                note: "the Service is in another namespace"),
        ],
        passing: [
            Example(["k8s/app.yaml": K8sExamples.deployment() + "---\n" + service(selector: "{app: mcp}")]),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(namespace: "mcp", labels: "app: mcp\nversion: v1"),
                    "k8s/service.yaml": service(selector: "{app: mcp}", namespace: "mcp"),
                ], note: "a subset of the pod labels, same namespace"),
        ])

    static func service(selector: String, namespace: String? = nil) -> String {
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: mcp\n" + (namespace.map { "  namespace: \($0)\n" } ?? "")
            + "spec:\n  selector: \(selector)\n  ports:\n    - port: 80\n      targetPort: 8000\n"
    }

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(
            project, Self.description.id, kinds: K8sWorkload.scalableKinds, pass: "a Service selects every workload's pods"
        ) { workload, manifests in
            let namespace = workload.object.namespace
            let labels = workload.podLabels
            let services = manifests.objects("Service", in: namespace)
            if services.contains(where: { ServiceSelector.matches(K8sObject.stringMap($0.body["spec", "selector"]), labels) }) {
                return []
            }
            let nearest = services.first.map {
                "; Service `\($0.name)` selects \(K8sObject.stringMap($0.body["spec", "selector"]).labelDisplay)"
            }
            return [
                Finding(
                    "no Service in namespace `\(namespace)` selects the pods of \(workload.object.ref) "
                        + "(\(labels.labelDisplay))\(nearest ?? "")",
                    at: workload.object.location)
            ]
        }
    }
}
