/// Building blocks of the k8s checks' examples: a production-grade Deployment and its companions,
/// so each example shows one defect against an otherwise correct manifest.
enum K8sExamples {
    static func deployment(
        name: String = "mcp", namespace: String? = nil, replicas: String? = "2", labels: String = "app: mcp",
        annotations: String? = nil, image: String = "ghcr.io/acme/mcp:1.4.2", securityContext: String? = "runAsNonRoot: true",
        resources: Bool = true, probes: Bool = true, env: String? = nil
    ) -> String {
        var out = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \(name)\n"
        if let namespace { out += "  namespace: \(namespace)\n" }
        if let annotations { out += "  annotations:\n" + indent(annotations, 4) }
        out += "spec:\n"
        if let replicas { out += "  replicas: \(replicas)\n" }
        out += "  selector:\n    matchLabels:\n" + indent(labels, 6)
        out += "  template:\n    metadata:\n      labels:\n" + indent(labels, 8)
        out += "    spec:\n"
        if let securityContext { out += "      securityContext:\n" + indent(securityContext, 8) }
        out += "      containers:\n        - name: server\n          image: \(image)\n"
        if let env { out += "          env:\n" + indent(env, 12) }
        if resources {
            out += """
                          resources:
                            requests: {cpu: 100m, memory: 128Mi}
                            limits: {cpu: 500m, memory: 256Mi}

                """
        }
        if probes {
            out += """
                          livenessProbe:
                            httpGet: {path: /health, port: 8000}
                          readinessProbe:
                            httpGet: {path: /health, port: 8000}

                """
        }
        return out
    }

    /// An agent skill's example manifest: a bare Deployment of someone else's app, no autoscaler, budget,
    /// policy or securityContext. It documents the user's workload, not the server's deployment.
    static let skillExample = (
        path: "skills/k8s-deploy/examples/app.yaml",
        text: deployment(
            name: "myapp", replicas: "3", labels: "app: myapp", image: "nginx:1.27", securityContext: nil, resources: false,
            probes: false)
    )

    static func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n").map { pad + $0 + "\n" }.joined()
    }
}
