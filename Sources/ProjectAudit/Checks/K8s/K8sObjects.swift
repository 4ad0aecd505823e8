import PreflightCore

/// One Kubernetes object from a manifest (raw, or rendered from a chart or kustomization).
struct K8sObject: Sendable {
    var apiVersion: String
    var kind: String
    var name: String
    /// `default` when the manifest names none: that is where `kubectl apply` puts it.
    var namespace: String
    var body: YAMLValue
    var location: Location
    /// Raw manifests: node lines are lines of `location.path`. Rendered ones: only the object's location is.
    var isRaw = true

    var ref: String { "\(kind) `\(name)`" }
    var labels: [String: String] { K8sObject.stringMap(body["metadata", "labels"]) }

    static func stringMap(_ value: YAMLValue?) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in value?.pairs ?? [] { out[key] = value.string ?? "" }
        return out
    }

    /// The line of `node` in a raw manifest; the object's location otherwise.
    func line(_ node: YAMLValue?) -> Location {
        guard isRaw, let node else { return location }
        return Location(location.path, line: node.line)
    }
}

/// A container of a workload's pod template.
struct K8sContainer: Sendable {
    var name: String
    var body: YAMLValue
    /// Init containers run to completion before the pod starts (unless they are sidecars).
    var isInit: Bool
    var isSidecar: Bool { isInit && body["restartPolicy"]?.string == "Always" }
    /// Long-running: regular containers and native sidecars.
    var isLongRunning: Bool { !isInit || isSidecar }
    var env: [YAMLValue] { body["env"]?.items ?? [] }
}

/// A Deployment, StatefulSet, DaemonSet, ReplicaSet or Argo Rollout, with its pod template.
struct K8sWorkload: Sendable {
    /// Kinds whose replica count is set in the manifest and can be autoscaled.
    static let scalableKinds: Set<String> = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"]
    /// DaemonSets run one pod per node: no replicas, HPA or PDB to speak of.
    static let kinds = scalableKinds.union(["DaemonSet"])

    var object: K8sObject
    var template: YAMLValue

    var podSpec: YAMLValue? { template["spec"] }
    var podLabels: [String: String] { K8sObject.stringMap(template["metadata", "labels"]) }
    var isScalable: Bool { Self.scalableKinds.contains(object.kind) }

    var containers: [K8sContainer] {
        let regular = (podSpec?["containers"]?.items ?? []).map {
            K8sContainer(name: $0["name"]?.string ?? "?", body: $0, isInit: false)
        }
        let initial = (podSpec?["initContainers"]?.items ?? []).map {
            K8sContainer(name: $0["name"]?.string ?? "?", body: $0, isInit: true)
        }
        return regular + initial
    }

    /// Names of ConfigMaps and Secrets the pod reads, by kind of reference.
    func references(_ kind: String) -> [(name: String, optional: Bool, node: YAMLValue)] {
        let keyRef = kind == "ConfigMap" ? "configMapKeyRef" : "secretKeyRef"
        let fromRef = kind == "ConfigMap" ? "configMapRef" : "secretRef"
        let volumeKey = kind == "ConfigMap" ? "configMap" : "secret"
        let nameKey = kind == "ConfigMap" ? "name" : "secretName"
        var out: [(String, Bool, YAMLValue)] = []
        func add(_ node: YAMLValue?, _ key: String) {
            guard let node, let name = node[key]?.string else { return }
            out.append((name, K8sValues.isTrue(node["optional"]), node))
        }
        for container in containers {
            for entry in container.env { add(entry["valueFrom", keyRef], "name") }
            for entry in container.body["envFrom"]?.items ?? [] { add(entry[fromRef], "name") }
        }
        for volume in podSpec?["volumes"]?.items ?? [] {
            add(volume[volumeKey], nameKey)
            for source in volume["projected", "sources"]?.items ?? [] { add(source[volumeKey], "name") }
        }
        return out
    }
}

enum K8sValues {
    /// YAML 1.1 booleans, as the Kubernetes YAML decoder reads them.
    static func isTrue(_ value: YAMLValue?) -> Bool {
        ["true", "yes", "on"].contains(value?.string?.lowercased() ?? "")
    }

    static func isFalse(_ value: YAMLValue?) -> Bool {
        ["false", "no", "off"].contains(value?.string?.lowercased() ?? "")
    }

    static func int(_ value: YAMLValue?) -> Int? { value?.string.flatMap { Int($0.trimmed) } }
}
