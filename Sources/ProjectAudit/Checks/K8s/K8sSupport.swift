import PreflightCore

/// Every Kubernetes object of the project: raw manifests anywhere, plus rendered charts and
/// kustomizations; and the charts/kustomizations that could not be rendered.
struct K8sManifests: Sendable {
    var objects: [K8sObject]
    /// Why some manifests could not be read ("helm is not installed: chart at deploy/chart not rendered").
    var unrendered: [String]
    /// Manifests left out because they illustrate rather than deploy (examples, docs, skills, tests):
    /// they describe someone's workload, not the server's (see `ProjectPaths.isDevelopmentOnly`).
    var illustrative: [String] = []

    init(_ project: Project) {
        let consumed = ManifestSources.consumed(project)
        var objects: [K8sObject] = []
        for path in project.yaml.keys.sorted() where !ManifestSources.isConsumed(path, consumed) {
            let illustrative = ProjectPaths.isDevelopmentOnly(path)
            for doc in project.yaml[path] ?? [] {
                if illustrative {
                    var ignored: [K8sObject] = []
                    Self.collect(doc, at: Location(path, line: doc.line), raw: true, into: &ignored)
                    if !ignored.isEmpty, !self.illustrative.contains(path) { self.illustrative.append(path) }
                    continue
                }
                Self.collect(doc, at: Location(path, line: doc.line), raw: true, into: &objects)
            }
        }
        for render in project.manifestRenders {
            for doc in render.documents { Self.collect(doc.value, at: doc.location, raw: false, into: &objects) }
        }
        self.objects = objects
        unrendered = project.manifestRenders.compactMap(\.failure)
    }

    /// `kind: List` (and `DeploymentList`, ...) hold their objects in `items`.
    static func collect(_ doc: YAMLValue, at location: Location, raw: Bool, into objects: inout [K8sObject]) {
        guard let kind = doc["kind"]?.string, let apiVersion = doc["apiVersion"]?.string else { return }
        if kind.hasSuffix("List"), let items = doc["items"]?.items {
            for item in items {
                collect(item, at: raw ? Location(location.path, line: item.line) : location, raw: raw, into: &objects)
            }
            return
        }
        // Knative (Cloud Run) Services are serverless configuration, not Kubernetes Services.
        guard let name = doc["metadata", "name"]?.string, !apiVersion.hasPrefix("serving.knative.dev") else { return }
        let namespace = doc["metadata", "namespace"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        objects.append(
            K8sObject(
                apiVersion: apiVersion, kind: kind, name: name, namespace: namespace, body: doc, location: location, isRaw: raw))
    }

    func objects(_ kind: String, in namespace: String) -> [K8sObject] {
        objects.filter { $0.kind == kind && $0.namespace == namespace }
    }

    var workloads: [K8sWorkload] {
        objects.compactMap { object in
            guard K8sWorkload.kinds.contains(object.kind), let template = object.body["spec", "template"] else { return nil }
            return K8sWorkload(object: object, template: template)
        }
    }

    /// HorizontalPodAutoscalers (v1, v2) and KEDA ScaledObjects whose `scaleTargetRef` names the workload.
    func autoscalers(for workload: K8sWorkload) -> [(object: K8sObject, minReplicas: Int)] {
        let hpas = objects(Kind.hpa, in: workload.object.namespace).compactMap { hpa -> (K8sObject, Int)? in
            let target = hpa.body["spec", "scaleTargetRef"]
            guard target?["kind"]?.string == workload.object.kind, target?["name"]?.string == workload.object.name else {
                return nil
            }
            return (hpa, K8sValues.int(hpa.body["spec", "minReplicas"]) ?? 1)
        }
        let keda = objects("ScaledObject", in: workload.object.namespace).compactMap { scaler -> (K8sObject, Int)? in
            let target = scaler.body["spec", "scaleTargetRef"]
            guard (target?["kind"]?.string ?? "Deployment") == workload.object.kind,
                target?["name"]?.string == workload.object.name
            else { return nil }
            return (scaler, K8sValues.int(scaler.body["spec", "minReplicaCount"]) ?? 0)
        }
        return hpas + keda
    }

    enum Kind {
        static let hpa = "HorizontalPodAutoscaler"
    }
}

enum K8sSupport {
    static let noManifests = "no Kubernetes manifests"

    /// Runs `body` over every workload (of `kinds`), applying `preflight/ignore` annotations, or skips.
    static func check(
        _ project: Project, _ id: CheckID, kinds: Set<String> = K8sWorkload.kinds, pass: String,
        _ body: (K8sWorkload, K8sManifests) -> [Finding]
    ) -> CheckOutput {
        let manifests = K8sManifests(project)
        let workloads = manifests.workloads.filter { kinds.contains($0.object.kind) }
        let unrendered = manifests.unrendered.joined(separator: "; ")
        guard !workloads.isEmpty else {
            if !unrendered.isEmpty { return .skip(unrendered) }
            if manifests.objects.isEmpty, let first = manifests.illustrative.first {
                return .skip("only example, documentation or test manifests (\(first)): no deployment to check")
            }
            if manifests.objects.isEmpty { return .skip(noManifests) }
            return .skip("no \(kindList(kinds)) in the Kubernetes manifests")
        }
        let findings = workloads.flatMap { workload in
            body(workload, manifests).map { suppressed($0, by: workload.object, id) }
        }
        if findings.isEmpty, !unrendered.isEmpty {
            // What was read passes, but a chart that could not be rendered may not: undecided.
            return .skip("\(unrendered) (the \(workloads.count) other workload(s) pass)")
        }
        let names = workloads.map { "\($0.object.kind)/\($0.object.name)" }.sorted()
        return .from(findings, pass: "\(pass) (\(names.joined(separator: ", ")))")
    }

    static func kindList(_ kinds: Set<String>) -> String {
        let ordered = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout"].filter(kinds.contains)
        return ordered.count <= 1 ? ordered.joined() : ordered.dropLast().joined(separator: ", ") + " or " + (ordered.last ?? "")
    }

    static let ignoreAnnotation = "preflight/ignore"
    static let reasonAnnotation = "preflight/ignore-reason"

    /// `preflight/ignore: "k8s.replicas,k8s.hpa"` on the object's metadata suppresses its findings for
    /// those ids; the reason is `preflight/ignore-reason`, or says where the annotation is.
    static func suppressed(_ finding: Finding, by object: K8sObject, _ id: CheckID) -> Finding {
        let annotations = object.body["metadata", "annotations"]
        guard let node = annotations?[ignoreAnnotation], let list = node.string else { return finding }
        let ids = list.split(separator: ",").map { CheckID(String($0).trimmed) }
        guard ids.contains(id) else { return finding }
        let given = annotations?[reasonAnnotation]?.string?.trimmed ?? ""
        let reason = given.isEmpty ? "annotation \(ignoreAnnotation) on \(object.kind)/\(object.name)" : given
        var out = finding
        let at = object.line(node)
        out.suppression = Suppression(path: at.path, line: at.line ?? 1, ids: ids, reason: reason)
        return out
    }
}
