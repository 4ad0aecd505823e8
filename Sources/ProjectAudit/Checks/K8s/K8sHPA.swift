import PreflightCore

struct K8sHPA: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.hpa", title: "An autoscaler targets the workload", section: .kubernetes, severity: .warning,
        rationale: """
            The checklist's "Horizontal Pod Autoscaling (HPA)": MCP traffic comes in bursts (an agent fanning out \
            tool calls); a fixed replica count is either wasted or overloaded. An HPA (autoscaling/v2 or v1) or a \
            KEDA ScaledObject targets a workload by `scaleTargetRef` kind and name, in its own namespace.
            """,
        remediation: """
            Add `apiVersion: autoscaling/v2`, `kind: HorizontalPodAutoscaler`, `spec: {scaleTargetRef: {apiVersion: \
            apps/v1, kind: Deployment, name: mcp}, minReplicas: 2, maxReplicas: 6, metrics: [{type: Resource, \
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]}` (CPU requests must be set).
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment()], note: "no autoscaler"),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment() + "---\n" + K8sReplicas.hpa(min: "2", target: "mcp-worker")],
                note: "the HPA targets another Deployment"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment()
                        + "---\napiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: mcp, namespace: other}\n"
                        + "spec:\n  scaleTargetRef: {kind: Deployment, name: mcp}\n  minReplicas: 2\n  maxReplicas: 4\n"
                ], note: "the HPA is in another namespace"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(),
                    "docs/scaling/hpa.yaml": K8sReplicas.hpa(min: "2", target: "mcp"),
                ], note: "an HPA in the docs is not deployed"),
        ],
        passing: [
            Example(["k8s/app.yaml": K8sExamples.deployment() + "---\n" + K8sReplicas.hpa(min: "2", target: "mcp")]),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(namespace: "mcp")
                        + "---\napiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: mcp, namespace: mcp}\n"
                        + "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: mcp}\n  minReplicas: 2\n"
                        + "  maxReplicas: 4\n  targetCPUUtilizationPercentage: 70\n"
                ], note: "autoscaling/v1"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment() + "---\n" + K8sReplicas.hpa(min: "2", target: "mcp"),
                    K8sExamples.skillExample.path: K8sExamples.skillExample.text,
                ], note: "a skill's example manifest is not the deployment"),
        ])

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(
            project, Self.description.id, kinds: K8sWorkload.scalableKinds, pass: "an autoscaler targets every workload"
        ) { workload, manifests in
            guard manifests.autoscalers(for: workload).isEmpty else { return [] }
            return [
                Finding(
                    "no HorizontalPodAutoscaler in namespace `\(workload.object.namespace)` targets \(workload.object.ref)",
                    at: workload.object.location)
            ]
        }
    }
}
