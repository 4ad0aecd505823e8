import ArgumentParser
import Foundation
import PreflightCore
import ProjectAudit
import Scaffold

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the production files a project is missing, adapted to it (never overwriting without --force).",
        discussion: """
            Reads the project (entry point, Python version, uv or pip, stdio or HTTP, the environment variables the \
            code reads) and writes what is missing: Dockerfile and .dockerignore (--docker), a GitHub Actions \
            workflow (--ci), Kubernetes manifests with a kustomization (--k8s, HTTP servers), .env.example \
            (--env-example), a Claude Desktop entry with absolute paths (--client-config), and .python-version \
            (--all). Without a flag, all of them.
            """)

    @Argument(help: "The project folder (default: the current folder).")
    var path: String = "."

    @Flag(name: .long, help: "Dockerfile and .dockerignore.") var docker = false
    @Flag(name: .long, help: ".github/workflows/ci.yml.") var ci = false
    @Flag(name: .long, help: "deploy/k8s/ manifests and kustomization.yaml (HTTP servers).") var k8s = false
    @Flag(name: .customLong("env-example"), help: ".env.example from the variables the code reads.") var envExample = false
    @Flag(name: .customLong("client-config"), help: "claude_desktop_config.json with absolute paths.") var clientConfig = false
    @Flag(name: .long, help: "Everything above, and .python-version.") var all = false
    @Flag(name: .long, help: "Overwrite files that exist.") var force = false

    @Option(name: .long, help: "The Python interpreter that parses the project's source.")
    var python: String?

    func run() async throws {
        var selection = ScaffoldSelection()
        selection.docker = docker
        selection.ci = ci
        selection.k8s = k8s
        selection.envExample = envExample
        selection.clientConfig = clientConfig
        if all { selection = .all }
        let loader = ProjectLoader(python: python)
        let project: Project
        do {
            project = try await loader.load(path)
        } catch {
            throw UsageError(error.description)
        }
        let scaffolder = Scaffolder(
            selection: selection, force: force, searchPath: ProcessInfo.processInfo.environment["PATH"])
        let plan = scaffolder.plan(project)
        do {
            try Scaffolder.write(plan, root: project.root)
        } catch {
            throw UsageError(error.description)
        }
        print("preflight init: \(project.root)")
        let width = max(20, plan.map(\.path.count).max() ?? 20)
        for file in plan {
            let verb: String
            switch file.action {
            case .write: verb = "wrote    "
            case .overwrite: verb = "replaced "
            case .keep: verb = "kept     "
            case .notApplicable: verb = "skipped  "
            }
            print("  \(verb)\(file.path.padding(toLength: width, withPad: " ", startingAt: 0))  \(file.note)")
        }
        let fixed = plan.flatMap(\.fixes).map(\.rawValue)
        if !fixed.isEmpty {
            print("\nThese files make these checks pass: \(fixed.joined(separator: ", ")).")
            print("Run `preflight check \(path)` to see the rest.")
        }
    }
}
