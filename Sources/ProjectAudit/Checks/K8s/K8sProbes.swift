import PreflightCore

struct K8sProbes: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.probes", title: "Containers have liveness and readiness probes", section: .kubernetes,
        severity: .error,
        rationale: """
            The checklist's "Liveness and readiness probes": without a readiness probe a pod gets traffic before the \
            server listens and during shutdown; without a liveness probe a hung server (a deadlocked event loop) is \
            never restarted. A startup probe only delays them, it does not replace them.
            """,
        remediation: """
            Add both to every container, e.g. `livenessProbe: {httpGet: {path: /health, port: 8000}, periodSeconds: 10}` \
            and `readinessProbe: {httpGet: {path: /health, port: 8000}, periodSeconds: 5}` (`tcpSocket` or `exec` \
            for servers without an HTTP health path).
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(probes: false)]),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(probes: false).replacingOccurrences(
                        of: "          image:", with: "          readinessProbe: {tcpSocket: {port: 8000}}\n          image:")
                ], note: "readiness without liveness"),
        ],
        passing: [Example(["k8s/deployment.yaml": K8sExamples.deployment()])])

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "every container has liveness and readiness probes") {
            workload, _ in
            workload.containers.filter { !$0.isInit }.compactMap { container in
                let missing = ["livenessProbe", "readinessProbe"].filter {
                    container.body[$0] == nil || container.body[$0]?.isNullScalar == true
                }
                guard !missing.isEmpty else { return nil }
                return Finding(
                    "container `\(container.name)` of \(workload.object.ref) has no \(missing.joined(separator: " or "))",
                    at: workload.object.line(container.body))
            }
        }
    }
}
