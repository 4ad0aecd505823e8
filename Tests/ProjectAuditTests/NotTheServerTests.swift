import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// Files that look like the server's deployment or packaging but are not: they make a check skip
/// (nothing to judge), which a check's own examples cannot express (they pass or fail).
@Suite struct NotTheServerTests {
    static func result(_ type: any StaticCheck.Type, _ files: [String: String]) async throws -> CheckResult {
        let project = try await TestProject(files).load()
        return ResultAssembler(config: PreflightConfig(), suppressions: project.suppressions).assemble(
            type.description, type.init().run(project))
    }

    static let k8sChecks: [any StaticCheck.Type] = [
        K8sHPA.self, K8sNetworkPolicy.self, K8sNonRoot.self, K8sPDB.self, K8sReplicas.self, K8sResources.self,
        K8sProbes.self, K8sImagePinned.self, K8sConfigMap.self,
    ]

    @Test(arguments: [
        "skills/k8s-deploy/examples/app.yaml", "kubernetes-skills/claude/deploy/app.yaml", "docs/k8s/app.yaml",
        "samples/app.yaml", "demo/k8s.yaml",
    ])
    func illustrativeManifestsAreNotTheDeployment(_ path: String) async throws {
        for type in Self.k8sChecks {
            let r = try await Self.result(type, [path: K8sExamples.skillExample.text, "server.py": "print('x')\n"])
            #expect(r.status == .skip, "\(r.id) on \(path): \(r.status) \(r.message)")
            #expect(r.message.contains(path), "\(r.id): \(r.message)")
        }
    }

    @Test func deploymentFoldersStillCount() async throws {
        for path in ["deploy/k8s/app.yaml", "k8s/app.yaml", "manifests/app.yaml", "charts-static/app.yaml"] {
            let r = try await Self.result(K8sNonRoot.self, [path: K8sExamples.skillExample.text])
            #expect(r.status == .fail, "\(path): \(r.status) \(r.message)")
        }
    }

    @Test func helperPyprojectOfANodeServerSkips() async throws {
        let files = [
            "package.json": "{\"name\": \"md\", \"scripts\": {\"start\": \"bun dist/index.js\"}}\n",
            "src/index.ts": "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';\n",
            "pyproject.toml": "[project]\nname = \"ocr\"\nversion = \"0.1.0\"\ndependencies = [\"markitdown[all]>=0.1.5\"]\n",
        ]
        for type in [ConfigEntryPoint.self, ConfigDevDependenciesSeparated.self] as [any StaticCheck.Type] {
            let r = try await Self.result(type, files)
            #expect(r.status == .skip, "\(r.id): \(r.status) \(r.message)")
        }
    }
}
