import PreflightCore

struct K8sReplicas: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.replicas", title: "Workloads run at least two replicas", section: .kubernetes, severity: .warning,
        rationale: """
            The checklist's "Deployment manifest with replicas": with one pod, every rollout, node drain or crash is \
            an outage for every connected client. An absent `replicas` is 1. When an HPA targets the workload, the \
            HPA decides the count, so its `minReplicas` (default 1) is what must be at least 2.
            """,
        remediation: """
            Run two or more pods: `spec.replicas: 2` on the Deployment, or, with an autoscaler, \
            `spec: {minReplicas: 2, maxReplicas: 6, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: mcp}}` \
            on the HorizontalPodAutoscaler.
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(replicas: nil)], note: "absent replicas means 1"),
            Example(["k8s/deployment.yaml": K8sExamples.deployment(replicas: "1")]),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(replicas: "3") + "---\n" + hpa(min: nil, target: "mcp")
                ], note: "the HPA may scale it down to its default minReplicas of 1"),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment(replicas: nil) + "---\n" + hpa(min: "3", target: "other")],
                note: "the HPA targets another Deployment"),
        ],
        passing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(replicas: "2")]),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment(replicas: nil) + "---\n" + hpa(min: "2", target: "mcp")],
                note: "the HPA keeps at least two"),
        ])

    static func hpa(min: String?, target: String) -> String {
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: mcp
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: \(target)}
        \(min.map { "  minReplicas: \($0)\n" } ?? "")  maxReplicas: 6

        """
    }

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(
            project, Self.description.id, kinds: K8sWorkload.scalableKinds, pass: "every workload runs at least two replicas"
        ) { workload, manifests in
            let object = workload.object
            if let scaler = manifests.autoscalers(for: workload).max(by: { $0.minReplicas < $1.minReplicas }) {
                guard scaler.minReplicas < 2 else { return [] }
                let field = scaler.object.kind == "ScaledObject" ? "minReplicaCount" : "minReplicas"
                return [
                    Finding(
                        "\(scaler.object.ref) lets \(object.ref) scale down to \(scaler.minReplicas) replica(s) "
                            + "(\(field) \(scaler.object.body["spec", field] == nil ? "is not set" : "is \(scaler.minReplicas)"))",
                        at: scaler.object.line(scaler.object.body["spec", field]))
                ]
            }
            let node = object.body["spec", "replicas"]
            // A placeholder (`${REPLICAS}`) is decided at deploy time, not here.
            guard let replicas = node == nil ? 1 : K8sValues.int(node), replicas < 2 else { return [] }
            let why = node == nil ? "sets no replicas (default 1)" : "has replicas: \(replicas)"
            return [Finding("\(object.ref) \(why) and no autoscaler targets it", at: object.line(node))]
        }
    }
}
