import Foundation
import PreflightCore

/// Reads the repository-level files above a monorepo package: a fixed, bounded list of names
/// (never a walk of the whole repository, which may hold thousands of other packages).
enum RepositoryLoader {
    static let maxFiles = 300

    /// Files that matter in every folder between the project and the top (task runners, README, .dockerignore).
    static let folderFiles =
        [
            "Makefile", "makefile", "GNUmakefile", "Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml",
            "justfile", "Justfile", ".justfile", "tox.ini", "noxfile.py", "pyproject.toml", "package.json", "hatch.toml",
            ".dockerignore",
        ] + ProjectPaths.readmeNames

    /// The project folder relative to the nearest enclosing folder with a `.git`, when git itself is not installed.
    static func prefixByWalking(_ root: String) -> String? {
        var parts = root.split(separator: "/").map(String.init)
        var below: [String] = []
        while !parts.isEmpty {
            if FileManager.default.fileExists(atPath: "/" + (parts + [".git"]).joined(separator: "/")) {
                return below.reversed().joined(separator: "/")
            }
            below.append(parts.removeLast())
        }
        return nil
    }

    /// The repository context, or nil when the project is the repository's top.
    /// `sharedDocs`: also read the top's `docs/` (for a package that has no README of its own).
    static func load(root: String, prefix: String, sharedDocs: Bool = false) -> Repository? {
        var repository = Repository(prefix: prefix)
        guard !repository.prefix.isEmpty else { return nil }
        var topParts = root.split(separator: "/").map(String.init)
        topParts.removeLast(min(topParts.count, repository.prefix.split(separator: "/").count))
        let top = "/" + topParts.joined(separator: "/")
        var reader = Reader(top: top, repository: repository)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: top + "/.github/workflows"))?.sorted() ?? []
        where ProjectPaths.isYAML(name) {
            reader.read(".github/workflows/" + name)
        }
        for action in actionFiles(top) { reader.read(action) }
        reader.readGitLab(".gitlab-ci.yml", depth: 0)
        reader.read(".pre-commit-config.yaml")
        reader.read(".pre-commit-config.yml")
        for dir in repository.ancestors {
            for name in folderFiles { reader.read(dir.isEmpty ? name : dir + "/" + name) }
        }
        if sharedDocs { for doc in documents(top, under: "docs") { reader.read(doc) } }
        repository = reader.repository
        return repository
    }

    /// Documents under a folder of the top (a few levels deep, at most 200).
    static func documents(_ top: String, under folder: String) -> [String] {
        var out: [String] = []
        var stack = [(folder, 0)]
        while let (dir, depth) = stack.popLast(), out.count < 200 {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: top + "/" + dir))?.sorted() ?? [] {
                let path = dir + "/" + name
                var isDir: ObjCBool = false
                guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: top + "/" + path, isDirectory: &isDir)
                else { continue }
                if isDir.boolValue {
                    if depth < 4, !ProjectPaths.skippedDirectories.contains(name) { stack.append((path, depth + 1)) }
                } else if ProjectPaths.isDocument(path) {
                    out.append(path)
                }
            }
        }
        return out
    }

    /// Composite actions under `.github/actions` (a few levels deep).
    static func actionFiles(_ top: String) -> [String] {
        var out: [String] = []
        var stack = [(".github/actions", 0)]
        while let (dir, depth) = stack.popLast(), out.count < 100 {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: top + "/" + dir))?.sorted() ?? [] {
                let path = dir + "/" + name
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: top + "/" + path, isDirectory: &isDir) else { continue }
                if isDir.boolValue {
                    if depth < 4 { stack.append((path, depth + 1)) }
                } else if name == "action.yml" || name == "action.yaml" {
                    out.append(path)
                }
            }
        }
        return out
    }

    struct Reader {
        var top: String
        var repository: Repository
        var count = 0

        /// Reads one file (relative to the top) when it exists, is small text, and parses what it can.
        mutating func read(_ topRelative: String) {
            let display = repository.display(topRelative)
            guard repository.texts[display] == nil, count < RepositoryLoader.maxFiles else { return }
            let full = top + "/" + topRelative
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                let data = FileManager.default.contents(atPath: full), data.count <= ProjectLoader.maxTextFileBytes,
                !data.contains(0), let text = String(data: data, encoding: .utf8)
            else { return }
            count += 1
            repository.texts[display] = text
            let name = topRelative.split(separator: "/").last.map(String.init) ?? topRelative
            if ProjectPaths.isYAML(name) {
                if let docs = try? YAMLDocuments.parse(text) {
                    repository.yaml[display] = docs
                } else {
                    repository.unreadable.insert(display)
                }
            }
            if ProjectPaths.readmeNames.contains(name) || ProjectPaths.isDocument(topRelative) {
                repository.markdown[display] = MarkdownDocument(path: display, text: text)
            }
        }

        /// `.gitlab-ci.yml` and the local files it includes.
        mutating func readGitLab(_ topRelative: String, depth: Int) {
            read(topRelative)
            guard depth < 5, let doc = repository.yaml[repository.display(topRelative)]?.first else { return }
            let includes = doc["include"].map { $0.items ?? [$0] } ?? []
            for include in includes {
                guard let local = include.string ?? include["local"]?.string, !local.contains("://") else { continue }
                readGitLab(local.trimmingSlashes, depth: depth + 1)
            }
        }
    }
}
