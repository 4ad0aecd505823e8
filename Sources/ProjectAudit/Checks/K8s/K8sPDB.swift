import PreflightCore

struct K8sPDB: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.pdb", title: "A PodDisruptionBudget covers the pods", section: .kubernetes, severity: .warning,
        rationale: """
            The checklist's "Pod Disruption Budget (PDB)": a node drain or cluster upgrade may otherwise evict every \
            replica at once. A PDB covers the pods its selector (`matchLabels` and `matchExpressions`) matches in its \
            own namespace; one that allows no disruption at all (`maxUnavailable: 0`, or `minAvailable` at the \
            replica count) blocks drains instead.
            """,
        remediation: """
            Add `apiVersion: policy/v1`, `kind: PodDisruptionBudget`, `spec: {maxUnavailable: 1, selector: \
            {matchLabels: {app: mcp}}}` in the workload's namespace.
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment()], note: "no PDB"),
            Example(
                ["k8s/app.yaml": K8sExamples.deployment() + "---\n" + pdb("matchLabels: {app: mcp, tier: web}")],
                note: "the selector has a key the pods lack"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(labels: "app: mcp\ntrack: canary") + "---\n"
                        + pdb("matchExpressions:\n    - {key: track, operator: NotIn, values: [canary]}")
                ], note: "matchExpressions NotIn excludes the pods"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment() + "---\n"
                        + pdb("matchLabels: {app: mcp}", budget: "maxUnavailable: 0")
                ],
                note: "a budget that blocks every drain"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(),
                    "samples/pdb.yaml": pdb("matchLabels: {app: mcp}"),
                ], note: "a budget under samples/ is not deployed"),
        ],
        passing: [
            Example(["k8s/app.yaml": K8sExamples.deployment() + "---\n" + pdb("matchLabels: {app: mcp}")]),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(labels: "app: mcp\ntrack: stable") + "---\n"
                        + pdb(
                            "matchLabels: {app: mcp}\n  matchExpressions:\n    - {key: track, operator: In, values: [stable, canary]}"
                        )
                ], note: "matchLabels and matchExpressions"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment() + "---\n" + pdb("matchLabels: {app: mcp}"),
                    K8sExamples.skillExample.path: K8sExamples.skillExample.text,
                ], note: "a skill's example manifest is not the deployment"),
        ])

    static func pdb(_ selector: String, budget: String = "maxUnavailable: 1") -> String {
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: mcp\nspec:\n  \(budget)\n  selector:\n    "
            + selector.replacingOccurrences(of: "\n", with: "\n  ") + "\n"
    }

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(
            project, Self.description.id, kinds: K8sWorkload.scalableKinds, pass: "a PodDisruptionBudget covers every workload"
        ) { workload, manifests in
            let object = workload.object
            let budgets = manifests.objects("PodDisruptionBudget", in: object.namespace).filter {
                LabelSelector($0.body["spec", "selector"])?.matches(workload.podLabels) ?? false
            }
            guard let budget = budgets.first else {
                return [
                    Finding(
                        "no PodDisruptionBudget in namespace `\(object.namespace)` selects the pods of \(object.ref) "
                            + "(\(workload.podLabels.labelDisplay))", at: object.location)
                ]
            }
            guard let blocking = Self.blocksDrains(budget, workload, manifests) else { return [] }
            return [Finding("\(budget.ref) \(blocking): node drains of \(object.ref) never complete", at: budget.location)]
        }
    }

    /// Why the budget allows no voluntary eviction, if it does not.
    static func blocksDrains(_ budget: K8sObject, _ workload: K8sWorkload, _ manifests: K8sManifests) -> String? {
        let spec = budget.body["spec"]
        if let max = spec?["maxUnavailable"]?.string, max == "0" || max == "0%" { return "has maxUnavailable: \(max)" }
        guard let min = spec?["minAvailable"]?.string else { return nil }
        if min == "100%" { return "has minAvailable: 100%" }
        guard let count = Int(min), manifests.autoscalers(for: workload).isEmpty else { return nil }
        let replicas = workload.object.body["spec", "replicas"].map { K8sValues.int($0) } ?? 1
        guard let replicas, count >= replicas else { return nil }
        return "has minAvailable: \(count) with \(replicas) replica(s)"
    }
}
