import PreflightCore

struct K8sConfigMap: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.configmap", title: "Configuration comes from a ConfigMap", section: .kubernetes, severity: .warning,
        rationale: """
            The checklist's "ConfigMap for configuration": settings written inline into the pod template change only \
            with a new rollout of the manifest and are repeated in every workload; a ConfigMap keeps them in one \
            place per environment. A referenced ConfigMap that no manifest defines leaves the pod stuck in \
            CreateContainerConfigError.
            """,
        remediation: """
            Move the settings into a ConfigMap (`kind: ConfigMap`, `data: {LOG_LEVEL: info}`) and read it with \
            `envFrom: [{configMapRef: {name: mcp-config}}]` (or `valueFrom.configMapKeyRef`, or a configMap volume).
            """,
        failing: [
            Example(
                ["k8s/deployment.yaml": K8sExamples.deployment(env: "- name: LOG_LEVEL\n  value: info")],
                note: "inline settings, no ConfigMap"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(env: "- name: LOG_LEVEL\n  value: info"),
                    "k8s/config.yaml": configMap(name: "mcp-config"),
                ], note: "a ConfigMap exists but the pods do not read it"),
        ],
        passing: [
            Example([
                "k8s/deployment.yaml": K8sExamples.deployment(
                    env: "- name: LOG_LEVEL\n  valueFrom:\n    configMapKeyRef: {name: mcp-config, key: LOG_LEVEL}"),
                "k8s/config.yaml": configMap(name: "mcp-config"),
            ]),
            Example(
                ["k8s/deployment.yaml": K8sExamples.deployment(env: "- name: PYTHONUNBUFFERED\n  value: \"1\"")],
                note: "a server without configuration of its own"),
        ])

    static func configMap(name: String, namespace: String? = nil) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n" + (namespace.map { "  namespace: \($0)\n" } ?? "")
            + "data:\n  LOG_LEVEL: info\n"
    }

    /// Interpreter and locale switches belong to the image's runtime, not to the server's configuration.
    static func isRuntimeKnob(_ name: String) -> Bool {
        ["PYTHON", "UV_", "LC_", "GODEBUG", "NODE_OPTIONS", "JAVA_TOOL_OPTIONS"].contains { name.hasPrefix($0) }
            || ["TZ", "LANG", "LANGUAGE", "HOME", "PATH"].contains(name)
    }

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "every workload reads its configuration from a ConfigMap") {
            workload, manifests in
            let object = workload.object
            let references = workload.references("ConfigMap")
            var findings: [Finding] = []
            let defined = Set(manifests.objects("ConfigMap", in: object.namespace).map(\.name))
            for ref in references where !ref.optional && !defined.contains(ref.name) {
                findings.append(
                    Finding(
                        "\(object.ref) reads ConfigMap `\(ref.name)`, which no manifest in namespace `\(object.namespace)` "
                            + "defines", at: object.line(ref.node), status: .warn))
            }
            guard references.isEmpty else { return findings }
            let inline = workload.containers.flatMap { container in
                container.env.filter {
                    let name = $0["name"]?.string ?? ""
                    return $0["value"] != nil && !SecretNames.looksSecret(name) && !Self.isRuntimeKnob(name)
                }
            }
            guard let first = inline.first else { return findings }
            let names = inline.compactMap { $0["name"]?.string }
            return [
                Finding(
                    "\(object.ref) sets \(names.joined(separator: ", ")) inline and reads no ConfigMap", at: object.line(first))
            ]
        }
    }
}
