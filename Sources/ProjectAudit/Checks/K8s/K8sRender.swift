import PreflightCore

/// One YAML document of Kubernetes manifests, with the place a person would edit it.
public struct ManifestDocument: Sendable {
    public var value: YAMLValue
    /// The template or base file the document comes from; line numbers inside the rendered
    /// document do not apply to it.
    public var location: Location
}

/// A Helm chart or kustomization: the objects it renders to, or why it was not rendered.
public struct ManifestRender: Sendable {
    public enum Tool: String, Sendable { case helm, kustomize }
    public var tool: Tool
    /// The chart or kustomization folder, relative to the project root.
    public var directory: String
    public var documents: [ManifestDocument]
    /// Set when the source could not be rendered; the k8s checks then skip with this reason.
    public var failure: String?

    var what: String {
        let dir = directory.isEmpty ? "." : directory
        return tool == .helm ? "chart at \(dir)" : "kustomization at \(dir)"
    }
}

/// Finds Helm charts and kustomizations, which are not plain manifests: their YAML is a template or
/// an incomplete overlay until `helm template` / `kubectl kustomize` renders it.
public enum ManifestSources {
    static let kustomizationNames: Set<String> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func isUnder(_ path: String, _ dir: String) -> Bool { dir.isEmpty || path.hasPrefix(dir + "/") }

    static func join(_ dir: String, _ name: String) -> String { dir.isEmpty ? name : dir + "/" + name }

    /// Chart folders (holding `Chart.yaml`); subcharts under a parent's `charts/` render with the parent.
    public static func charts(_ files: [String]) -> [String] {
        let all = files.filter { name(of: $0) == "Chart.yaml" && !ProjectPaths.isTestPath($0) }.map(directory(of:))
        return all.filter { dir in !all.contains { $0 != dir && isUnder(dir, join($0, "charts")) } }
    }

    /// Whether a file is a Go template of a chart: never valid YAML to parse raw.
    public static func isHelmTemplate(_ path: String, fileSet: Set<String>) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated().dropLast() where part == "templates" {
            let chart = parts[..<i].joined(separator: "/")
            if fileSet.contains(chart.isEmpty ? "Chart.yaml" : chart + "/Chart.yaml") { return true }
        }
        return false
    }

    /// Kustomization folders, and the subset that no other kustomization includes (the ones to render).
    static func kustomizations(_ project: Project) -> (all: [String], roots: [String]) {
        let files = project.files.filter { kustomizationNames.contains(name(of: $0)) && !ProjectPaths.isTestPath($0) }
        let dirs = files.map(directory(of:))
        var included: Set<String> = []
        for file in files {
            for entry in references(project.yaml[file]?.first) {
                included.insert(normalize(directory(of: file), entry))
            }
        }
        let roots = dirs.filter { !included.contains($0) }
        // Several overlays (dev, staging, prod): the production one is what the checklist is about.
        let production = roots.filter { dir in
            dir.split(separator: "/").contains { ["prod", "production", "prd", "live"].contains($0.lowercased()) }
        }
        return (dirs, production.isEmpty ? roots : production)
    }

    /// Paths a kustomization pulls in: resources, bases, components and patch files.
    static func references(_ doc: YAMLValue?) -> [String] {
        guard let doc else { return [] }
        var out: [String] = []
        for key in ["resources", "bases", "components", "patchesStrategicMerge", "crds"] {
            out += (doc[key]?.items ?? []).compactMap(\.string)
        }
        for key in ["patches", "patchesJson6902"] {
            out += (doc[key]?.items ?? []).compactMap { $0["path"]?.string }
        }
        return out.filter { !$0.contains("://") && !$0.hasPrefix("github.com/") }
    }

    /// `base/../x` style joining without touching the file system.
    static func normalize(_ base: String, _ relative: String) -> String {
        var parts = base.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/").map(String.init) {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// Files that belong to a chart or a kustomization: read through the renderer, never as raw manifests.
    public static func consumed(_ project: Project) -> (dirs: [String], files: Set<String>) {
        let (kustomizations, _) = self.kustomizations(project)
        var files: Set<String> = []
        for dir in kustomizations {
            let file = project.files.first { directory(of: $0) == dir && kustomizationNames.contains(name(of: $0)) }
            for entry in references(file.flatMap { project.yaml[$0]?.first }) { files.insert(normalize(dir, entry)) }
        }
        return (charts(project.files) + kustomizations, files)
    }

    public static func isConsumed(_ path: String, _ consumed: (dirs: [String], files: Set<String>)) -> Bool {
        consumed.files.contains(path) || consumed.dirs.contains { isUnder(path, $0) }
    }
}
