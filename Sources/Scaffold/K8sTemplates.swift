import ProjectAudit

/// The Kubernetes manifests `preflight init --k8s` writes under `deploy/k8s/`, with a kustomization:
/// two replicas, requests and limits, probes, non-root, a Service, a ConfigMap, Secret references,
/// an HPA, a PDB and a NetworkPolicy.
enum K8sTemplates {
    static let folder = "deploy/k8s"

    static func files(_ f: ProjectFacts) -> [(String, String)] {
        [
            ("deployment.yaml", deployment(f)), ("service.yaml", service(f)), ("configmap.yaml", configMap(f)),
            ("hpa.yaml", hpa(f)), ("pdb.yaml", pdb(f)), ("networkpolicy.yaml", networkPolicy(f)),
            ("kustomization.yaml", kustomization),
        ].map { ("\(folder)/\($0.0)", $0.1) }
    }

    static func labels(_ f: ProjectFacts, indent: Int) -> String {
        String(repeating: " ", count: indent) + "app.kubernetes.io/name: \(f.slug)"
    }

    static let header = "# Written by `preflight init`. Apply with: kubectl apply -k deploy/k8s\n"

    static func secrets(_ f: ProjectFacts) -> [ProjectVariables.Variable] { f.variables.filter(\.secret) }

    static func deployment(_ f: ProjectFacts) -> String {
        let secretVars = secrets(f)
        let probe =
            f.healthPath.map { ["httpGet:", "  path: \($0)", "  port: http"] } ?? ["tcpSocket:", "  port: http"]
        var lines = [
            "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: \(f.slug)", "  labels:", labels(f, indent: 4),
            "spec:", "  replicas: 2", "  selector:", "    matchLabels:", labels(f, indent: 6), "  template:", "    metadata:",
            "      labels:", labels(f, indent: 8), "    spec:", "      securityContext:", "        runAsNonRoot: true",
            "        runAsUser: 10001", "        runAsGroup: 10001", "        seccompProfile:", "          type: RuntimeDefault",
            "      containers:", "        - name: server", "          image: \(f.slug):\(f.version)", "          ports:",
            "            - name: http", "              containerPort: \(f.port)", "          envFrom:",
            "            - configMapRef:", "                name: \(f.slug)-config",
        ]
        if !secretVars.isEmpty {
            lines.append("          env:")
            for v in secretVars {
                lines += [
                    "            - name: \(v.name)", "              valueFrom:", "                secretKeyRef:",
                    "                  name: \(f.slug)-secrets", "                  key: \(v.name)",
                ]
                if v.optional { lines.append("                  optional: true") }
            }
        }
        lines += [
            "          resources:", "            requests:", "              cpu: 100m", "              memory: 128Mi",
            "            limits:", "              cpu: 500m", "              memory: 256Mi", "          readinessProbe:",
        ]
        lines += probe.map { "            " + $0 }
        lines += ["            periodSeconds: 10", "          livenessProbe:"]
        lines += probe.map { "            " + $0 }
        lines += [
            "            initialDelaySeconds: 10", "            periodSeconds: 20", "          securityContext:",
            "            allowPrivilegeEscalation: false", "            readOnlyRootFilesystem: true",
            "            capabilities:",
            "              drop: [\"ALL\"]", "          volumeMounts:", "            - name: tmp",
            "              mountPath: /tmp",
            "      volumes:", "        - name: tmp", "          emptyDir: {}",
        ]
        var note = ""
        if !secretVars.isEmpty {
            let literals = secretVars.map { "--from-literal=\($0.name)=..." }.joined(separator: " ")
            note = "# Secret values never go in these files: kubectl create secret generic \(f.slug)-secrets \(literals)\n"
        }
        return header + note + lines.joined(separator: "\n") + "\n"
    }

    static func service(_ f: ProjectFacts) -> String {
        header + """
            apiVersion: v1
            kind: Service
            metadata:
              name: \(f.slug)
            spec:
              selector:
            \(labels(f, indent: 4))
              ports:
                - name: http
                  port: 80
                  targetPort: http

            """
    }

    /// The listener settings; required settings the code reads are listed for the user to fill in,
    /// commented out: an empty value would hide a missing one from the server's own startup check.
    static func configMap(_ f: ProjectFacts) -> String {
        let data = f.containerSettings
        let set = Set(data.map(\.0))
        let toFill = f.variables.filter { !$0.secret && !set.contains($0.name) && !$0.optional }
        var out = header + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(f.slug)-config\n"
        out += data.isEmpty ? "data: {}\n" : "data:\n"
        for (k, v) in data { out += "  \(k): \"\(v)\"\n" }
        if !toFill.isEmpty {
            out += "  # Required by the code (read without a default): set each, then uncomment it under data.\n"
            for v in toFill { out += "  # \(v.name): \"\"\n" }
        }
        return out
    }

    static func hpa(_ f: ProjectFacts) -> String {
        header + """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: \(f.slug)
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: \(f.slug)
              minReplicas: 2
              maxReplicas: 6
              metrics:
                - type: Resource
                  resource:
                    name: cpu
                    target:
                      type: Utilization
                      averageUtilization: 70

            """
    }

    static func pdb(_ f: ProjectFacts) -> String {
        header + """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: \(f.slug)
            spec:
              minAvailable: 1
              selector:
                matchLabels:
            \(labels(f, indent: 6))

            """
    }

    static func networkPolicy(_ f: ProjectFacts) -> String {
        header + """
            # Only the server's port is reachable; narrow `from` to your ingress controller's namespace.
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: \(f.slug)
            spec:
              podSelector:
                matchLabels:
            \(labels(f, indent: 6))
              policyTypes: ["Ingress"]
              ingress:
                - ports:
                    - port: \(f.port)
                      protocol: TCP

            """
    }

    static let kustomization =
        header + """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - deployment.yaml
              - service.yaml
              - configmap.yaml
              - hpa.yaml
              - pdb.yaml
              - networkpolicy.yaml

            """
}
