import Foundation
import PreflightCore
import ProjectAudit

/// Which files `preflight init` may write.
public struct ScaffoldSelection: Sendable, Equatable {
    public var docker = false
    public var ci = false
    public var k8s = false
    public var envExample = false
    public var clientConfig = false
    /// `.python-version` (with `--all`, or when nothing is selected).
    public var pythonVersion = false

    public init() {}

    public static var all: ScaffoldSelection {
        var s = ScaffoldSelection()
        s.docker = true
        s.ci = true
        s.k8s = true
        s.envExample = true
        s.clientConfig = true
        s.pythonVersion = true
        return s
    }

    public var isEmpty: Bool { self == ScaffoldSelection() }
}

/// One file of the plan: written, overwritten (`--force`), kept as it is, or not applicable.
public struct ScaffoldFile: Sendable {
    public enum Action: String, Sendable {
        case write, overwrite, keep
        case notApplicable = "not-applicable"
    }

    /// Relative to the project root.
    public var path: String
    public var action: Action
    public var contents: String?
    /// What the file is (written) or why it was left alone.
    public var note: String
    /// The checks the written file makes pass.
    public var fixes: [CheckID]
}

/// `preflight init`: writes the files a project is missing, adapted to it. Never overwrites a file
/// without `force`.
public struct Scaffolder: Sendable {
    public var selection: ScaffoldSelection
    public var force = false
    /// The PATH used to find `uv`/`npx` for the client configuration's absolute command.
    public var searchPath: String?

    public init(selection: ScaffoldSelection, force: Bool = false, searchPath: String? = nil) {
        self.selection = selection.isEmpty ? .all : selection
        self.force = force
        self.searchPath = searchPath
    }

    public func plan(_ project: Project) -> [ScaffoldFile] {
        guard project.pyproject != nil || project.exists("requirements.txt") else {
            return [
                ScaffoldFile(
                    path: ".", action: .notApplicable, contents: nil,
                    note:
                        "no pyproject.toml (or requirements.txt) here: run init in the server's own folder (in a monorepo, each server's)",
                    fixes: [])
            ]
        }
        let f = ProjectFacts(project)
        var out: [ScaffoldFile] = []
        let exists = { (path: String) in FileManager.default.fileExists(atPath: project.root + "/" + path) }
        func file(_ path: String, _ contents: String, _ note: String, fixes: [CheckID], existing: String? = nil) {
            let present = existing ?? (exists(path) ? path : nil)
            if let present, !force {
                out.append(
                    ScaffoldFile(
                        path: path, action: .keep, contents: nil, note: "\(present) exists (--force overwrites)", fixes: []))
            } else {
                out.append(
                    ScaffoldFile(
                        path: path, action: present == nil ? .write : .overwrite, contents: contents, note: note, fixes: fixes))
            }
        }
        let anyDockerfile = project.files.first { ProjectPaths.isDockerfile($0) }
        let dockerfileWillExist = anyDockerfile != nil || selection.docker
        let dockerfilePath = exists("Dockerfile") ? "Dockerfile" : (anyDockerfile ?? "Dockerfile")
        if selection.pythonVersion {
            file(
                ".python-version", ConfigTemplates.pythonVersion(f), "Python \(f.pythonVersion) for uv, pyenv and the image",
                fixes: ["config.python-version-file"])
        }
        if selection.docker {
            var fixes: [CheckID] = [
                "docker.multi-stage", "docker.non-root-user", "docker.base-image-pinned", "docker.frozen-install",
                "docker.bytecode", "docker.no-secrets", "docker.exec-form-variables",
            ]
            var note =
                "multi-stage, \(f.manager == .uv ? "uv sync --frozen" : "pip install -r requirements.txt"), python:\(f.pythonVersion)-slim, non-root user, CMD \(f.imageCommand.joined(separator: " "))"
            if f.servesHTTP {
                fixes.append("docker.healthcheck")
                note += ", HEALTHCHECK on :\(f.port)\(f.healthPath ?? " (TCP: the code has no health route)")"
            } else {
                note += "; no HEALTHCHECK: a stdio server has no endpoint to probe (said in the file)"
            }
            if !f.containerSettings.isEmpty {
                note +=
                    "; sets " + f.containerSettings.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                    + " (check they are the server's own)"
            }
            if f.manager == .uv && !project.exists("uv.lock") { note += "; run `uv lock` first: the build installs from uv.lock" }
            // Dockerfiles elsewhere (a monorepo's servers/*/Dockerfile) are what the Docker checks read too.
            let otherDockerfile = project.files.first { ProjectPaths.isDockerfile($0) && $0 != "Dockerfile" }
            file(
                "Dockerfile", DockerTemplates.dockerfile(f), note, fixes: fixes,
                existing: exists("Dockerfile") ? "Dockerfile" : otherDockerfile.map { "a Dockerfile (\($0))" })
            file(
                ".dockerignore", DockerTemplates.dockerignore, "keeps .git, .venv, .env and caches out of the image",
                fixes: ["docker.dockerignore"])
        }
        if selection.ci {
            let existing = project.files.first {
                ($0.hasPrefix(".github/workflows/") && ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml"))) || $0 == ".gitlab-ci.yml"
            }
            var fixes: [CheckID] = ["ci.pipeline", "ci.tests", "ci.lint", "ci.typecheck", "ci.security-scan"]
            if f.manager == .uv { fixes.append("ci.frozen-sync") }
            if dockerfileWillExist { fixes.append("ci.docker-build") }
            file(
                ".github/workflows/ci.yml", CITemplate.workflow(f, dockerfile: dockerfileWillExist ? dockerfilePath : nil),
                "GitHub Actions: \(f.manager == .uv ? "uv sync --frozen, " : "")ruff, mypy \(f.typecheckTarget), pytest, pip-audit\(dockerfileWillExist ? ", docker build" : "")",
                fixes: fixes, existing: existing.map { "a CI pipeline (\($0))" })
        }
        if selection.k8s {
            if !f.servesHTTP {
                out.append(
                    ScaffoldFile(
                        path: K8sTemplates.folder + "/", action: .notApplicable, contents: nil,
                        note: "the server speaks stdio only: Kubernetes runs network services; serve streamable-http first",
                        fixes: []))
            } else {
                let existing = project.yaml.first { _, docs in docs.contains { ($0["kind"]?.string ?? "") == "Deployment" } }?.key
                for (path, text) in K8sTemplates.files(f) {
                    let fixes: [CheckID] =
                        switch (path as NSString).lastPathComponent {
                        case "deployment.yaml":
                            ["k8s.replicas", "k8s.resources", "k8s.probes", "k8s.non-root", "k8s.image-pinned", "k8s.secrets"]
                        case "service.yaml": ["k8s.service"]
                        case "configmap.yaml": ["k8s.configmap"]
                        case "hpa.yaml": ["k8s.hpa"]
                        case "pdb.yaml": ["k8s.pdb"]
                        case "networkpolicy.yaml": ["k8s.network-policy"]
                        default: []
                        }
                    file(path, text, "Kubernetes manifest", fixes: fixes, existing: existing.map { "a Deployment (\($0))" })
                }
            }
        }
        if selection.envExample {
            if let why = f.variablesUnknown {
                out.append(
                    ScaffoldFile(
                        path: ".env.example", action: .notApplicable, contents: nil,
                        note: "the variables the code reads are unknown: \(why)", fixes: []))
            } else {
                let existing = [".env.example", ".env.sample"].first { project.exists($0) }
                let required = f.variables.filter { !$0.optional }.count
                file(
                    ".env.example", ConfigTemplates.envExample(f),
                    "\(f.variables.count) variable\(f.variables.count == 1 ? "" : "s") the code reads (\(required) required)",
                    fixes: ["env.example-file", "docs.env-vars"], existing: existing)
            }
        }
        if selection.clientConfig {
            let existing = ClientConfigFile.knownPaths.first { project.exists($0) }
            let (text, command, resolved) = ConfigTemplates.clientConfig(f, searchPath: searchPath)
            var fixes: [CheckID] = ["client.absolute-paths", "client.env-strings"]
            if f.manager == .uv && (f.servesStdio || !f.servesHTTP) { fixes.append("client.uv-directory") }
            var note = "Claude Desktop entry: \(command) with absolute paths"
            if resolved {
                fixes.append("client.command-exists")
            } else {
                note += " (`\(command)` is not installed here: install it or fix the path)"
            }
            file("claude_desktop_config.json", text, note, fixes: fixes, existing: existing)
        }
        return out
    }

    /// Writes the planned files (`write` and `overwrite` only) under the project root.
    public static func write(_ plan: [ScaffoldFile], root: String) throws(ScaffoldError) {
        let fm = FileManager.default
        for file in plan where file.action == .write || file.action == .overwrite {
            guard let contents = file.contents else { continue }
            let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
            } catch {
                throw ScaffoldError(message: "cannot write \(file.path): \(error.localizedDescription)")
            }
        }
    }
}

public struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
