import Foundation
import PreflightCore
import Processes
import TestSupport
import Testing

@testable import ProjectAudit

/// Kubernetes object matching as the API server does it: selectors, namespaces, List kinds,
/// annotation suppressions, and charts/kustomizations that cannot be rendered.
@Suite struct K8sSelectorTests {
    /// Loads files with a command search path (none by default: helm and kubectl are "not installed").
    static func load(_ files: [String: String], searchPath: String = "/nonexistent") async throws -> Project {
        let folder = try TestProject(files)
        let project = try await ProjectLoader(searchPath: searchPath).load(folder.root.path)
        // The loaded project holds everything in memory; the folder is removed once this returns.
        _ = folder.root
        return project
    }

    static func result(_ type: any StaticCheck.Type, _ project: Project) -> CheckResult {
        ResultAssembler(config: PreflightConfig(), suppressions: project.suppressions).assemble(
            type.description, type.init().run(project))
    }

    static let k8sChecks: [any StaticCheck.Type] = StaticRegistry.all.filter { $0.description.id.area == "k8s" }

    // MARK: selectors

    @Test func matchLabelsIsASubsetTest() throws {
        let labels = ["app": "mcp", "tier": "web"]
        #expect(LabelSelector(matchLabels: ["app": "mcp"]).matches(labels))
        #expect(!LabelSelector(matchLabels: ["app": "mcp", "track": "stable"]).matches(labels), "extra key")
        #expect(!LabelSelector(matchLabels: ["app": "mcp2"]).matches(labels), "one differing value")
        #expect(LabelSelector(matchLabels: [:]).matches(labels), "the empty selector selects everything")
    }

    @Test func matchExpressionOperators() throws {
        typealias R = LabelSelector.Requirement
        let labels = ["app": "mcp", "track": "stable"]
        func sel(_ r: R) -> LabelSelector { LabelSelector(matchLabels: [:], expressions: [r]) }
        #expect(sel(R(key: "track", op: "In", values: ["stable", "canary"])).matches(labels))
        #expect(!sel(R(key: "track", op: "In", values: ["canary"])).matches(labels))
        #expect(!sel(R(key: "zone", op: "In", values: ["a"])).matches(labels), "In needs the label")
        #expect(!sel(R(key: "track", op: "NotIn", values: ["stable"])).matches(labels))
        #expect(sel(R(key: "zone", op: "NotIn", values: ["a"])).matches(labels), "NotIn matches an absent label")
        #expect(sel(R(key: "app", op: "Exists", values: [])).matches(labels))
        #expect(!sel(R(key: "zone", op: "Exists", values: [])).matches(labels))
        #expect(sel(R(key: "zone", op: "DoesNotExist", values: [])).matches(labels))
        #expect(!sel(R(key: "app", op: "DoesNotExist", values: [])).matches(labels))
        #expect(!sel(R(key: "app", op: "Equals", values: ["mcp"])).matches(labels), "unknown operators select nothing")
        let both = LabelSelector(
            matchLabels: ["app": "mcp"], expressions: [R(key: "track", op: "NotIn", values: ["canary"])])
        #expect(both.matches(labels))
        #expect(!both.matches(["app": "mcp", "track": "canary"]), "matchLabels AND matchExpressions")
    }

    @Test func selectorsFromYAML() throws {
        let docs = try YAMLDocuments.parse(
            "a: {}\nb:\nc:\n  matchLabels: {app: mcp}\n  matchExpressions:\n    - {key: t, operator: NotIn, values: [x]}\n")
        let doc = try #require(docs.first)
        #expect(LabelSelector(doc["a"]) == LabelSelector(matchLabels: [:]), "{} is the empty selector")
        #expect(LabelSelector(doc["b"]) == nil, "null is no selector")
        #expect(LabelSelector(doc["missing"]) == nil)
        let c = try #require(LabelSelector(doc["c"]))
        #expect(c.matches(["app": "mcp"]) && !c.matches(["app": "mcp", "t": "x"]))
        #expect(!ServiceSelector.matches([:], ["app": "mcp"]), "a Service without selector has manual endpoints")
    }

    // MARK: look-alikes that do not match

    @Test func lookAlikesDoNotMatch() async throws {
        let deployment = K8sExamples.deployment(namespace: "mcp", labels: "app: mcp\ntrack: stable")
        let lookAlikes = """
            apiVersion: v1
            kind: Service
            metadata: {name: mcp, namespace: other}
            spec: {selector: {app: mcp}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: mcp2, namespace: mcp}
            spec: {selector: {app: mcp, track: canary}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: mcp3, namespace: mcp}
            spec: {selector: {app: mcp, tier: web}}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: mcp, namespace: mcp}
            spec:
              maxUnavailable: 1
              selector:
                matchLabels: {app: mcp}
                matchExpressions: [{key: track, operator: NotIn, values: [stable]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: all}
            spec: {podSelector: {}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: mcp, namespace: mcp}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: mcp}
              minReplicas: 2
              maxReplicas: 4

            """
        let project = try await Self.load(["k8s/app.yaml": deployment, "k8s/others.yaml": lookAlikes])
        for type in [K8sService.self, K8sPDB.self, K8sNetworkPolicy.self, K8sHPA.self] as [any StaticCheck.Type] {
            let r = Self.result(type, project)
            #expect(r.status == .fail, "\(r.id) gave \(r.status): \(r.message)")
            #expect(r.locations.first?.path == "k8s/app.yaml")
        }
        let service = Self.result(K8sService.self, project)
        #expect(service.message.contains("namespace `mcp`"), "\(service.message)")
    }

    @Test func matchingObjectsInTheSameNamespace() async throws {
        let deployment = K8sExamples.deployment(namespace: "mcp", labels: "app: mcp\ntrack: stable")
        let companions = """
            apiVersion: v1
            kind: Service
            metadata: {name: mcp, namespace: mcp}
            spec: {selector: {app: mcp}}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: mcp, namespace: mcp}
            spec:
              minAvailable: 1
              selector:
                matchExpressions: [{key: track, operator: In, values: [stable]}, {key: canary, operator: DoesNotExist}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: mcp}
            spec: {podSelector: {}, policyTypes: [Ingress]}

            """
        let project = try await Self.load(["k8s/app.yaml": deployment, "k8s/others.yml": companions])
        for type in [K8sService.self, K8sPDB.self, K8sNetworkPolicy.self] as [any StaticCheck.Type] {
            let r = Self.result(type, project)
            #expect(r.status == .pass, "\(r.id) gave \(r.status): \(r.message)")
        }
    }

    @Test func absentNamespaceIsDefault() async throws {
        let project = try await Self.load([
            "k8s/app.yaml": K8sExamples.deployment() + "---\n" + K8sService.service(selector: "{app: mcp}", namespace: "default")
        ])
        #expect(Self.result(K8sService.self, project).status == .pass)
    }

    // MARK: List kinds

    @Test func listItemsAreObjects() async throws {
        let list = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Service
                metadata: {name: mcp}
                spec: {selector: {app: mcp}}
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: mcp}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: mcp}}
                  template:
                    metadata: {labels: {app: mcp}}
                    spec:
                      containers: [{name: server, image: "ghcr.io/acme/mcp:1.4.2"}]

            """
        let project = try await Self.load(["k8s/list.yaml": list])
        let manifests = K8sManifests(project)
        #expect(manifests.objects.map(\.kind).sorted() == ["Deployment", "Service"])
        #expect(manifests.workloads.first?.object.location.line == 8)
        #expect(Self.result(K8sService.self, project).status == .pass)
        let hpa = Self.result(K8sHPA.self, project)
        #expect(hpa.status == .fail && hpa.locations == [Location("k8s/list.yaml", line: 8)])
    }

    // MARK: suppression by annotation

    @Test func annotationSuppressesListedIdsWithReason() async throws {
        let annotated = K8sExamples.deployment(
            replicas: "1", annotations: "preflight/ignore: \"k8s.replicas, k8s.hpa\"\npreflight/ignore-reason: staging canary")
        let project = try await Self.load(["k8s/deployment.yaml": annotated])
        for type in [K8sReplicas.self, K8sHPA.self] as [any StaticCheck.Type] {
            let r = Self.result(type, project)
            #expect(r.suppressed && r.suppressionReason == "staging canary", "\(r.id): \(r)")
            #expect(!r.failsRun(PreflightConfig()))
        }
        let pdb = Self.result(K8sPDB.self, project)
        #expect(pdb.status == .fail && !pdb.suppressed, "ids not listed stay open")
    }

    @Test func annotationWithoutReasonGetsADefault() async throws {
        let annotated = K8sExamples.deployment(name: "notes", replicas: "1", annotations: "preflight/ignore: k8s.replicas")
        let project = try await Self.load(["k8s/deployment.yaml": annotated])
        let r = Self.result(K8sReplicas.self, project)
        #expect(r.suppressed)
        #expect(r.suppressionReason == "annotation preflight/ignore on Deployment/notes")
    }

    @Test func annotationOnOneObjectDoesNotCoverAnother() async throws {
        let files = [
            "k8s/a.yaml": K8sExamples.deployment(name: "a", replicas: "1", annotations: "preflight/ignore: k8s.replicas"),
            "k8s/b.yaml": K8sExamples.deployment(name: "b", replicas: "1"),
        ]
        let project = try await Self.load(files)
        let r = Self.result(K8sReplicas.self, project)
        #expect(r.status == .fail && !r.suppressed)
        #expect(r.locations.map(\.path) == ["k8s/b.yaml"])
    }

    // MARK: applicability, charts and kustomizations

    @Test func noManifestsSkips() async throws {
        let project = try await Self.load([
            "compose.yaml": "services:\n  mcp:\n    image: x:1\n",
            "deploy/cloudrun/service.yaml": ServerlessExamples.cloudRun(),
        ])
        for type in Self.k8sChecks {
            let r = Self.result(type, project)
            #expect(r.status == .skip && r.message == "no Kubernetes manifests", "\(r.id): \(r.message)")
        }
    }

    static let chart: [String: String] = [
        "deploy/chart/Chart.yaml": "apiVersion: v2\nname: mcp\nversion: 0.1.0\n",
        "deploy/chart/values.yaml": "replicaCount: 2\nimage: {repository: ghcr.io/acme/mcp, tag: 1.4.2}\n",
        "deploy/chart/templates/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
          labels: {{- include "mcp.labels" . | nindent 4 }}
        spec:
          replicas: {{ .Values.replicaCount }}

        """,
        "deploy/chart/templates/_helpers.tpl": "{{- define \"mcp.labels\" -}}\napp: mcp\n{{- end }}\n",
    ]

    @Test func chartWithoutHelmSkipsAndIsNotABrokenFile() async throws {
        let project = try await Self.load(Self.chart)
        for type in Self.k8sChecks {
            let r = Self.result(type, project)
            #expect(r.status == .skip, "\(r.id): \(r.status)")
            #expect(r.message == "helm is not installed: chart at deploy/chart not rendered", "\(r.id): \(r.message)")
        }
        #expect(Self.result(FilesParse.self, project).status == .pass)
    }

    @Test func chartAtTheRootIsNotABrokenFile() async throws {
        var files: [String: String] = [:]
        for (path, text) in Self.chart { files[String(path.dropFirst("deploy/chart/".count))] = text }
        let project = try await Self.load(files)
        let parse = Self.result(FilesParse.self, project)
        #expect(parse.status == .pass, "\(parse.message)")
        #expect(Self.result(K8sProbes.self, project).message == "helm is not installed: chart at . not rendered")
    }

    @Test func unrenderedChartBesideFailingRawManifestsStillFails() async throws {
        var files = Self.chart
        files["k8s/deployment.yaml"] = K8sExamples.deployment(replicas: "1")
        files["k8s/ok.yaml"] = K8sExamples.deployment(name: "ok")
        let project = try await Self.load(files)
        #expect(Self.result(K8sReplicas.self, project).status == .fail)
        let probes = Self.result(K8sProbes.self, project)
        #expect(probes.status == .skip && probes.message.hasPrefix("helm is not installed"), "\(probes.message)")
    }

    /// A stand-in `helm` that prints what `helm template` would, so the rendering path runs everywhere.
    @Test func chartRenderedByHelm() async throws {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-helm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let rendered =
            "---\n# Source: mcp/templates/deployment.yaml\n"
            + K8sExamples.deployment(name: "release-name-mcp", replicas: "1")
        let script = "#!/bin/sh\n[ \"$1\" = template ] || exit 2\ncat <<'EOF'\n\(rendered)EOF\n"
        try Data(script.utf8).write(to: bin.appendingPathComponent("helm"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("helm").path)
        let project = try await Self.load(Self.chart, searchPath: bin.path)
        #expect(project.manifestRenders.first?.failure == nil, "\(project.manifestRenders)")
        let r = Self.result(K8sReplicas.self, project)
        #expect(r.status == .fail, "\(r.message)")
        #expect(r.locations == [Location("deploy/chart/templates/deployment.yaml", line: 2)], "\(r.locations)")
        #expect(Self.result(K8sProbes.self, project).status == .pass)
    }

    @Test func failedRenderSkipsWithTheToolsError() async throws {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-helm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let script = "#!/bin/sh\necho 'Error: found in Chart.yaml, but missing in charts/ directory: redis' >&2\nexit 1\n"
        try Data(script.utf8).write(to: bin.appendingPathComponent("helm"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("helm").path)
        let project = try await Self.load(Self.chart, searchPath: bin.path)
        let r = Self.result(K8sHPA.self, project)
        #expect(r.status == .skip)
        #expect(
            r.message
                == "helm template failed on chart at deploy/chart: Error: found in Chart.yaml, but missing in charts/ directory: redis"
        )
    }

    @Test func toolErrorsAreShortAndRelative() {
        let klog = "E1125 12:15:25.968386   20429 run.go:72] \"command failed\" err=\"missing '/tmp/p/k8s/x.yaml'\"\nmore\n"
        #expect(ManifestRenderer.firstError(klog, root: "/tmp/p") == "\"command failed\" err=\"missing 'k8s/x.yaml'\"")
        #expect(ManifestRenderer.firstError("\n\n", root: "/tmp/p") == nil)
    }

    static let kustomize: [String: String] = [
        "k8s/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
        "k8s/base/deployment.yaml": K8sExamples.deployment(replicas: "1"),
        "k8s/overlays/dev/kustomization.yaml": "resources:\n  - ../../base\nnamePrefix: dev-\n",
        "k8s/overlays/prod/kustomization.yaml":
            "resources:\n  - ../../base\nnamespace: mcp-prod\nreplicas:\n  - name: mcp\n    count: 3\n",
    ]

    @Test func kustomizationWithoutKubectlSkips() async throws {
        let project = try await Self.load(Self.kustomize)
        let r = Self.result(K8sReplicas.self, project)
        #expect(r.status == .skip)
        #expect(r.message == "kubectl (or kustomize) is not installed: kustomization at k8s/overlays/prod not rendered")
        #expect(Self.result(FilesParse.self, project).status == .pass)
    }

    @Test(.enabled(if: Executables.which("kubectl", path: ProcessInfo.processInfo.environment["PATH"]) != nil))
    func kustomizationRenderedByKubectl() async throws {
        let project = try await Self.load(
            Self.kustomize, searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        #expect(project.manifestRenders.map(\.directory) == ["k8s/overlays/prod"], "only the production overlay")
        let manifests = K8sManifests(project)
        let deployment = try #require(manifests.workloads.first)
        #expect(manifests.workloads.count == 1, "the base is not read a second time raw")
        #expect(deployment.object.namespace == "mcp-prod")
        #expect(deployment.object.location == Location("k8s/base/deployment.yaml", line: 1))
        #expect(Self.result(K8sReplicas.self, project).status == .pass, "the overlay sets 3 replicas")
    }

    @Test func cloudRunServiceIsNotAKubernetesService() async throws {
        let project = try await Self.load([
            "k8s/deployment.yaml": K8sExamples.deployment(),
            "deploy/service.yaml": ServerlessExamples.cloudRun().replacingOccurrences(
                of: "  name: mcp", with: "  name: mcp\n  labels: {app: mcp}"),
        ])
        #expect(K8sManifests(project).objects.map(\.kind) == ["Deployment"])
    }

    @Test func secretLiteralIsRedacted() async throws {
        let project = try await Self.load([
            "k8s/deployment.yaml": K8sExamples.deployment(env: "- name: API_TOKEN\n  value: Zx9kq2LmP04vT7wQ")
        ])
        let r = Self.result(K8sSecrets.self, project)
        #expect(r.status == .fail)
        #expect(!r.message.contains("Zx9kq2LmP04vT7wQ") && r.message.contains("Zx9k…"), "\(r.message)")
    }

    @Test func imageReferences() {
        #expect(K8sImagePinned.problem("python") != nil)
        #expect(K8sImagePinned.problem("python:latest") != nil)
        #expect(K8sImagePinned.problem("localhost:5000/python") != nil)
        #expect(K8sImagePinned.problem("localhost:5000/python:3.12") == nil)
        #expect(K8sImagePinned.problem("python@sha256:abc") == nil)
        #expect(K8sImagePinned.problem("python:latest@sha256:abc") == nil, "the digest wins")
    }
}
