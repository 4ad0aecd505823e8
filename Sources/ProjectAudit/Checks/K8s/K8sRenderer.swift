import PreflightCore
import Processes

/// Renders charts and kustomizations with the tools that deploy them, when they are installed.
/// Rendering runs no project code: `helm template` and `kustomize` only expand templates locally.
struct ManifestRenderer: Sendable {
    static let maxSources = 8
    var searchPath: String?
    var timeout: Duration = .seconds(60)

    func render(_ project: Project) async -> [ManifestRender] {
        var out: [ManifestRender] = []
        for chart in ManifestSources.charts(project.files).prefix(Self.maxSources) {
            out.append(await renderChart(chart, project))
        }
        for dir in ManifestSources.kustomizations(project).roots.prefix(Self.maxSources) {
            out.append(await renderKustomization(dir, project))
        }
        return out
    }

    func renderChart(_ dir: String, _ project: Project) async -> ManifestRender {
        var render = ManifestRender(tool: .helm, directory: dir, documents: [])
        guard let helm = Executables.which("helm", path: searchPath) else {
            render.failure = "helm is not installed: \(render.what) not rendered"
            return render
        }
        guard let output = await run(helm, ["template", absolute(dir, project)], render: &render, project) else { return render }
        // `helm template` marks each document with `# Source: <chart>/templates/<file>`.
        for chunk in Self.documents(output) {
            let source = chunk.split(separator: "\n").first { $0.hasPrefix("# Source: ") }.map {
                String($0.dropFirst("# Source: ".count)).trimmed
            }
            let file = source.map { ManifestSources.join(dir, $0.split(separator: "/").dropFirst().joined(separator: "/")) }
            guard let docs = parse(chunk, render: &render) else { return render }
            for doc in docs {
                let path = file ?? ManifestSources.join(dir, "Chart.yaml")
                render.documents.append(
                    ManifestDocument(value: doc, location: Location(path, line: Self.kindLine(doc, in: project.text(path)))))
            }
        }
        return render
    }

    func renderKustomization(_ dir: String, _ project: Project) async -> ManifestRender {
        var render = ManifestRender(tool: .kustomize, directory: dir, documents: [])
        let command: (String, [String])
        if let kubectl = Executables.which("kubectl", path: searchPath) {
            command = (kubectl, ["kustomize", absolute(dir, project)])
        } else if let kustomize = Executables.which("kustomize", path: searchPath) {
            command = (kustomize, ["build", absolute(dir, project)])
        } else {
            render.failure = "kubectl (or kustomize) is not installed: \(render.what) not rendered"
            return render
        }
        guard let output = await run(command.0, command.1, render: &render, project),
            let docs = parse(output, render: &render)
        else { return render }
        let consumed = ManifestSources.consumed(project)
        let fallback =
            project.files.first {
                ManifestSources.directory(of: $0) == dir
                    && ManifestSources.kustomizationNames.contains(ManifestSources.name(of: $0))
            } ?? dir
        for doc in docs {
            render.documents.append(
                ManifestDocument(value: doc, location: Self.origin(of: doc, project, consumed) ?? Location(fallback)))
        }
        return render
    }

    private func absolute(_ dir: String, _ project: Project) -> String { dir.isEmpty ? project.root : project.root + "/" + dir }

    private func run(_ executable: String, _ arguments: [String], render: inout ManifestRender, _ project: Project) async
        -> String?
    {
        let tool = render.tool == .helm ? "helm template" : "kustomize build"
        do {
            let result = try await CommandRunner.run(executable, arguments, in: project.root, timeout: timeout)
            if result.timedOut {
                render.failure = "\(tool) timed out: \(render.what) not rendered"
                return nil
            }
            guard result.succeeded else {
                let why = Self.firstError(result.stderrText, root: project.root) ?? "exit \(result.exitCode ?? -1)"
                render.failure = "\(tool) failed on \(render.what): \(why)"
                return nil
            }
            return result.stdoutText
        } catch {
            render.failure = "\(tool) could not run: \(error)"
            return nil
        }
    }

    /// The first line of a tool's error output, without klog's `E1125 12:15:25.968 20429 run.go:72]` prefix
    /// and with project paths relative.
    static func firstError(_ stderr: String, root: String) -> String? {
        guard var line = stderr.split(separator: "\n").map({ String($0).trimmed }).first(where: { !$0.isEmpty }) else {
            return nil
        }
        if let first = line.first, "IWEF".contains(first), line.dropFirst().prefix(4).allSatisfy(\.isNumber),
            let close = line.firstIndex(of: "]")
        {
            line = String(line[line.index(after: close)...]).trimmed
        }
        line = line.replacingOccurrences(of: root + "/", with: "")
        return line.count > 240 ? String(line.prefix(240)) + "…" : line
    }

    private func parse(_ text: String, render: inout ManifestRender) -> [YAMLValue]? {
        do { return try YAMLDocuments.parse(text) } catch {
            render.failure = "the rendered \(render.what) is not valid YAML: \(error.message)"
            return nil
        }
    }

    /// Splits a rendered stream at `---` lines, keeping each document's leading comments.
    static func documents(_ text: String) -> [String] {
        var chunks: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" || line.hasPrefix("--- ") {
                chunks.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        chunks.append(current.joined(separator: "\n"))
        return chunks.filter { !$0.trimmed.isEmpty }
    }

    /// The `kind:` line of the template a document came from, so inline suppressions can apply.
    static func kindLine(_ doc: YAMLValue, in text: String?) -> Int? {
        guard let kind = doc["kind"]?.string, let text else { return nil }
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if line.trimmed == "kind: \(kind)" { return number }
        }
        return nil
    }

    /// The raw file of a kustomization that defines this object (same kind, name maybe prefixed).
    static func origin(of doc: YAMLValue, _ project: Project, _ consumed: (dirs: [String], files: Set<String>)) -> Location? {
        guard let kind = doc["kind"]?.string, let name = doc["metadata", "name"]?.string else { return nil }
        var best: Location?
        for path in project.yaml.keys.sorted() where ManifestSources.isConsumed(path, consumed) {
            for raw in project.yaml[path] ?? [] where raw["kind"]?.string == kind {
                guard let rawName = raw["metadata", "name"]?.string else { continue }
                if rawName == name { return Location(path, line: raw.line) }
                if best == nil, name.contains(rawName) { best = Location(path, line: raw.line) }
            }
        }
        return best
    }
}
