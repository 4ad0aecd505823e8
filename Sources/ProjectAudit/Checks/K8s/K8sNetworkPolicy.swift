import PreflightCore

struct K8sNetworkPolicy: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.network-policy", title: "A NetworkPolicy selects the pods", section: .kubernetes, severity: .warning,
        rationale: """
            The checklist's "Network policies for security": without one, every pod in the cluster can call the MCP \
            server's tools and the server can reach anything, which turns one compromised pod into access to every \
            tool. A NetworkPolicy applies to the pods its `podSelector` matches in its own namespace; the empty \
            selector `{}` selects them all.
            """,
        remediation: """
            Add `apiVersion: networking.k8s.io/v1`, `kind: NetworkPolicy`, `spec: {podSelector: {matchLabels: {app: mcp}}, \
            policyTypes: [Ingress, Egress], ingress: [{from: [{namespaceSelector: {matchLabels: \
            {kubernetes.io/metadata.name: gateway}}}], ports: [{port: 8000}]}], egress: [...]}`, or a namespace-wide \
            default deny with `podSelector: {}`.
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment()], note: "no NetworkPolicy"),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment() + "---\n" + policy("{matchLabels: {app: other}}")],
                note: "it selects other pods"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(namespace: "mcp") + "---\n" + policy("{}", namespace: "default")
                ], note: "an allow-all selector in another namespace"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(),
                    "examples/network-policy.yaml": policy("{matchLabels: {app: mcp}}"),
                ], note: "a policy under examples/ is not deployed"),
        ],
        passing: [
            Example(["k8s/app.yaml": K8sExamples.deployment() + "---\n" + policy("{matchLabels: {app: mcp}}")]),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment(namespace: "mcp") + "---\n" + policy("{}", namespace: "mcp")],
                note: "default deny for the namespace"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment() + "---\n"
                        + policy("{matchExpressions: [{key: app, operator: Exists}]}")
                ], note: "matchExpressions Exists"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment() + "---\n" + policy("{matchLabels: {app: mcp}}"),
                    K8sExamples.skillExample.path: K8sExamples.skillExample.text,
                ], note: "a skill's example manifest is not the deployment"),
        ])

    static func policy(_ selector: String, namespace: String? = nil) -> String {
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: mcp\n"
            + (namespace.map { "  namespace: \($0)\n" } ?? "") + "spec:\n  podSelector: \(selector)\n  policyTypes: [Ingress]\n"
    }

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "a NetworkPolicy selects every workload's pods") {
            workload, manifests in
            let object = workload.object
            let selected = manifests.objects("NetworkPolicy", in: object.namespace).contains {
                // `podSelector` is not optional in the API: absent decodes to the empty selector (all pods).
                (LabelSelector($0.body["spec", "podSelector"]) ?? LabelSelector(matchLabels: [:])).matches(workload.podLabels)
            }
            if selected { return [] }
            return [
                Finding(
                    "no NetworkPolicy in namespace `\(object.namespace)` selects the pods of \(object.ref) "
                        + "(\(workload.podLabels.labelDisplay))", at: object.location)
            ]
        }
    }
}
