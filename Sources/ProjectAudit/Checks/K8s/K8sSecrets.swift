import PreflightCore

struct K8sSecrets: StaticCheck {
    static let description = CheckDescription(
        id: "k8s.secrets", title: "Secrets come from Secret objects", section: .kubernetes, severity: .error,
        rationale: """
            The checklist's "Secret for sensitive data": a credential written into the manifest is in git, in every \
            `kubectl get -o yaml` and in the rollout history; one in a ConfigMap is readable by anyone who may read \
            configuration, and neither is encrypted at rest. Secret-named variables must come from a Secret. \
            Values are redacted in every report.
            """,
        remediation: """
            Create the Secret out of band (`kubectl create secret generic mcp-secrets --from-literal=API_KEY=...`, \
            sealed-secrets, external-secrets) and reference it: \
            `env: [{name: API_KEY, valueFrom: {secretKeyRef: {name: mcp-secrets, key: API_KEY}}}]` or \
            `envFrom: [{secretRef: {name: mcp-secrets}}]`.
            """,
        failing: [
            Example(
                ["k8s/deployment.yaml": K8sExamples.deployment(env: "- name: API_KEY\n  value: change-me-later")],
                note: "a literal value"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(
                        env: "- name: DB_PASSWORD\n  valueFrom:\n    configMapKeyRef: {name: mcp-config, key: DB_PASSWORD}")
                ], note: "from a ConfigMap"),
            Example(
                [
                    "k8s/deployment.yaml": K8sExamples.deployment(env: nil).replacingOccurrences(
                        of: "          image:", with: "          envFrom: [{configMapRef: {name: mcp-config}}]\n          image:"),
                    "k8s/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mcp-config\ndata:\n  API_TOKEN: x\n",
                ], note: "a secret-named key in a ConfigMap read with envFrom"),
        ],
        passing: [
            Example([
                "k8s/deployment.yaml": K8sExamples.deployment(
                    env: "- name: API_KEY\n  valueFrom:\n    secretKeyRef: {name: mcp-secrets, key: API_KEY}\n"
                        + "- name: LOG_LEVEL\n  value: info\n- name: TOKEN_URL\n  value: https://auth.example.com/token")
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        K8sSupport.check(project, Self.description.id, pass: "secret-named variables come from Secrets") { workload, manifests in
            let object = workload.object
            var findings: [Finding] = []
            for container in workload.containers {
                let fromSecrets = Set(
                    container.env.filter { $0["valueFrom", "secretKeyRef"] != nil }.compactMap { $0["name"]?.string })
                for entry in container.env {
                    guard let name = entry["name"]?.string, SecretNames.looksSecret(name) else { continue }
                    let place = "`\(name)` of container `\(container.name)` in \(object.ref)"
                    if let value = entry["value"] {
                        let text = value.string ?? ""
                        // `$(OTHER)` expands another variable of the container: fine if that one is a Secret.
                        if text.hasPrefix("$("), text.hasSuffix(")"), fromSecrets.contains(String(text.dropFirst(2).dropLast())) {
                            continue
                        }
                        let shown = text.isEmpty ? "an empty literal" : "the literal `\(Redaction.redact(text))`"
                        findings.append(Finding("\(place) is \(shown), not a secretKeyRef", at: object.line(value)))
                    } else if let ref = entry["valueFrom", "configMapKeyRef"] {
                        findings.append(
                            Finding(
                                "\(place) comes from ConfigMap `\(ref["name"]?.string ?? "?")`, not a Secret",
                                at: object.line(ref)))
                    }
                }
                for source in container.body["envFrom"]?.items ?? [] {
                    guard let name = source["configMapRef", "name"]?.string else { continue }
                    let prefix = source["prefix"]?.string ?? ""
                    for map in manifests.objects("ConfigMap", in: object.namespace) where map.name == name {
                        for (key, value) in map.body["data"]?.pairs ?? [] where SecretNames.looksSecret(prefix + key) {
                            findings.append(
                                Finding(
                                    "ConfigMap `\(name)` gives container `\(container.name)` of \(object.ref) the "
                                        + "secret-named variable `\(prefix + key)`", at: map.line(value)))
                        }
                    }
                }
            }
            return findings
        }
    }
}
