import PreflightCore

struct K8sNonRoot: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.non-root", title: "Pods run as non-root", section: .kubernetes, severity: .error,
        rationale: """
            With `runAsNonRoot: true` the kubelet refuses to start a container whose user is root, whatever the image \
            says, so a code execution bug in a tool is not root in the container. The container's securityContext \
            overrides the pod's; `runAsUser: 0` contradicts it. The Pod Security Standard "restricted" requires it.
            """,
        remediation: """
            Set it on the pod: `spec.template.spec.securityContext: {runAsNonRoot: true, runAsUser: 10001}` (and \
            `allowPrivilegeEscalation: false` on each container), with an image whose USER is numeric.
            """,
        failing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment(securityContext: nil)], note: "no securityContext"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment().replacingOccurrences(
                        of: "          image:", with: "          securityContext: {runAsNonRoot: false}\n          image:")
                ], note: "a container overrides the pod"),
            Example(
                ["k8s/deployment.yaml": K8sExamples.deployment(securityContext: "runAsNonRoot: true\nrunAsUser: 0")],
                note: "runAsUser 0"),
            Example(
                [
                    "deploy/k8s/deployment.yaml": K8sExamples.deployment(securityContext: nil),
                    "examples/deployment.yaml": K8sExamples.deployment(),
                ], note: "a correct example does not make up for the deployment"),
        ],
        passing: [
            Example(["k8s/deployment.yaml": K8sExamples.deployment()]),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(securityContext: nil).replacingOccurrences(
                        of: "          image:",
                        with: "          securityContext: {runAsNonRoot: true, runAsUser: 10001}\n          image:")
                ], note: "set on the container"),
            Example(
                [
                    "k8s/app.yaml": K8sExamples.deployment(),
                    K8sExamples.skillExample.path: K8sExamples.skillExample.text,
                ], note: "a skill's example manifest is not the deployment"),
        ])

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "every container runs with runAsNonRoot: true") {
            workload, _ in
            let object = workload.object
            let pod = workload.podSpec?["securityContext"]
            return workload.containers.compactMap { container in
                let own = container.body["securityContext"]
                let nonRoot = own?["runAsNonRoot"] ?? pod?["runAsNonRoot"]
                let user = own?["runAsUser"] ?? pod?["runAsUser"]
                if let user, K8sValues.int(user) == 0 {
                    return Finding(
                        "container `\(container.name)` of \(object.ref) has runAsUser: 0 (root)", at: object.line(user))
                }
                if K8sValues.isTrue(nonRoot) { return nil }
                let why = nonRoot == nil ? "does not set runAsNonRoot: true" : "has runAsNonRoot: \(nonRoot?.string ?? "")"
                return Finding(
                    "container `\(container.name)` of \(object.ref) \(why) (pod or container securityContext)",
                    at: object.line(nonRoot ?? container.body))
            }
        }
    }
}
