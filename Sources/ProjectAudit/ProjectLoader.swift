import Foundation
import PreflightCore
import Processes

public struct ProjectLoadError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Walks and parses a project folder once. Bounded: file count, file size and total bytes are
/// limited so that a huge or hostile tree still gives a finished report.
public struct ProjectLoader: Sendable {
    public static let maxFiles = 20_000
    public static let maxTextFileBytes = 2 << 20
    public static let maxTotalTextBytes = 256 << 20

    public var python: String?
    public var extraClientConfigs: [String] = []
    /// The analyzer reads every Python file in one process (about 15 s of CPU for 2,400 files).
    public var pythonTimeout: Duration = .seconds(300)
    public var searchPath: String? = ProcessInfo.processInfo.environment["PATH"]
    /// Where the analyzer's facts are kept between audits; nil analyses every unit.
    var factsCache: FactsCache? = FactsCache.open()

    public init(
        python: String? = nil, extraClientConfigs: [String] = [],
        searchPath: String? = ProcessInfo.processInfo.environment["PATH"]
    ) {
        self.python = python
        self.extraClientConfigs = extraClientConfigs
        self.searchPath = searchPath
    }

    public func load(_ path: String) async throws(ProjectLoadError) -> Project {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ProjectLoadError(description: "\(path): no such file or directory")
        }
        guard isDir.boolValue else { throw ProjectLoadError(description: "\(path): not a directory") }
        guard fm.isReadableFile(atPath: path), (try? fm.contentsOfDirectory(atPath: path)) != nil else {
            throw ProjectLoadError(description: "\(path): permission denied")
        }
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        var problems: [ParseProblem] = []
        let (files, walkProblems) = walk(root)
        problems += walkProblems
        var texts: [String: String] = [:]
        var totalBytes = 0
        for file in files where totalBytes < Self.maxTotalTextBytes {
            guard let data = fm.contents(atPath: root + "/" + file) else { continue }
            if data.count > Self.maxTextFileBytes {
                if Self.expectsText(file) {
                    problems.append(
                        ParseProblem(
                            path: file, line: 1, message: "file is larger than \(Self.maxTextFileBytes >> 20) MiB; not read"))
                }
                continue
            }
            guard let text = Self.text(data) else {
                if Self.expectsText(file) {
                    problems.append(
                        ParseProblem(
                            path: file, line: Self.firstBadLine(data),
                            message: "binary or non-UTF-8 content where text is expected"))
                }
                continue
            }
            totalBytes += data.count
            texts[file] = text
        }
        var project = Project(
            root: root, displayPath: path, files: files, texts: texts, gitTracked: nil, pyproject: nil, dockerfiles: [],
            yaml: [:], markdown: [:], envExample: nil, python: nil, pythonUnavailable: nil, clientConfigs: [],
            problems: [], suppressions: [], searchPath: searchPath, fileSet: Set(files))
        // The Python analyzer, a child process and the longest step on a large project, runs while git
        // lists the files and the other files are parsed and scanned here. It needs the root
        // pyproject.toml (requires-python, console scripts) before the others are parsed.
        var early = project
        early.pyproject = texts["pyproject.toml"].flatMap { try? TOMLDocument.parse($0) }
        async let pythonOutcome = analyzePython(early)
        var prefix: String?
        switch await gitState(root) {
        case .tracked(let tracked, let base):
            project.gitTracked = tracked
            prefix = base
        case .unavailable: prefix = RepositoryLoader.prefixByWalking(root)
        case .unversioned: prefix = nil
        }
        // The secret scan reads only the texts: it runs on another core while the files are parsed.
        async let secretMatches = SecretScanner.scanAll(texts)
        parseFiles(&project, problems: &problems)
        project.secretMatches = await secretMatches
        if let prefix {
            let ownReadme = files.contains { !$0.contains("/") && $0.lowercased().hasPrefix("readme") }
            project.repository = RepositoryLoader.load(root: root, prefix: prefix, sharedDocs: !ownReadme)
        }
        project.manifestRenders = await ManifestRenderer(searchPath: searchPath).render(project)
        await pythonOutcome.apply(to: &project, problems: &problems)
        project.problems = Array(Set(problems)).sorted { ($0.path, $0.line, $0.message) < ($1.path, $1.line, $1.message) }
        project.suppressions = texts.keys.sorted().flatMap { Suppression.scan(texts[$0] ?? "", path: $0) }
        return project
    }

    /// The Dockerfile and compose files a `devcontainer.json` names (relative to its folder).
    static func devcontainerFiles(path: String, text: String) -> [String] {
        guard let json = try? JSONParser.parse(JSONC.strip(text)) else { return [] }
        let dir = path.split(separator: "/").dropLast().joined(separator: "/")
        let compose = json["dockerComposeFile"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue ?? ""] } ?? []
        let dockerfile = [json["build"]?["dockerfile"]?.stringValue, json["dockerFile"]?.stringValue].compactMap { $0 }
        return (compose + dockerfile).filter { !$0.isEmpty }.map { RepoPath.join(dir, $0) }
    }

    /// The file as text: valid UTF-8 without a NUL byte, else nil (one pass each, no copies).
    static func text(_ data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { return "" }
            if memchr(base, 0, bytes.count) != nil { return nil }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// Files whose content Preflight parses: binary content there is worth a finding.
    static func expectsText(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ProjectPaths.isDockerfile(path) || ProjectPaths.isYAML(path) || name.hasSuffix(".toml")
            || name.hasSuffix(".json") || name.hasSuffix(".py") || name.hasSuffix(".md") || name.hasPrefix(".env")
            || name == ".dockerignore" || name == ".python-version" || name == "uv.lock"
    }

    static func firstBadLine(_ data: Data) -> Int {
        var line = 1
        var index = data.startIndex
        while index < data.endIndex {
            let b = data[index]
            if b == 0 { return line }
            if b == 0x0A { line += 1 }
            index += 1
        }
        return 1
    }

    func walk(_ root: String) -> ([String], [ParseProblem]) {
        var files: [String] = []
        var problems: [ParseProblem] = []
        var stack = [""]
        let fm = FileManager.default
        while let dir = stack.popLast() {
            let full = dir.isEmpty ? root : root + "/" + dir
            guard let names = try? fm.contentsOfDirectory(atPath: full) else {
                if !dir.isEmpty { problems.append(ParseProblem(path: dir, line: 1, message: "directory could not be read")) }
                continue
            }
            for name in names.sorted() {
                let rel = dir.isEmpty ? name : dir + "/" + name
                guard let attrs = try? fm.attributesOfItem(atPath: root + "/" + rel) else { continue }
                let type = attrs[.type] as? FileAttributeType
                if type == .typeDirectory {
                    if !ProjectPaths.skippedDirectories.contains(name), !name.hasSuffix(".egg-info") { stack.append(rel) }
                } else if type == .typeRegular {
                    files.append(rel)
                    if files.count >= Self.maxFiles {
                        problems.append(
                            ParseProblem(path: rel, line: 1, message: "more than \(Self.maxFiles) files; the rest were not read"))
                        return (files.sorted(), problems)
                    }
                }
                // Symbolic links are not followed: they may point outside the project or loop.
            }
        }
        return (files.sorted(), problems)
    }

    /// What git says about the project folder.
    enum GitState {
        /// git is not installed: whether the folder is versioned is unknown.
        case unavailable
        /// Not in a work tree, or ignored by the enclosing one: not under version control.
        case unversioned
        /// Tracked files (project-relative) and the folder's path from the repository top (`src/fetch/`).
        case tracked(Set<String>, prefix: String)
    }

    func gitState(_ root: String) async -> GitState {
        guard CommandRunner.which("git") != nil else { return .unavailable }
        // One rev-parse for both answers: "true" and the folder's path from the repository top.
        guard
            let inside = try? await CommandRunner.run(
                "git", ["-C", root, "rev-parse", "--is-inside-work-tree", "--show-prefix"], timeout: .seconds(20)),
            inside.succeeded,
            let listed = try? await CommandRunner.run(
                "git", ["-C", root, "ls-files", "-z", "--full-name", "."], timeout: .seconds(30)),
            listed.succeeded
        else { return .unversioned }
        // ls-files --full-name gives paths from the repository top; make them project-relative.
        let answers = inside.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        let base = answers.count > 1 ? String(answers[1]).trimmed : ""
        var tracked: Set<String> = []
        for entry in listed.stdout.split(separator: 0) {
            let path = String(decoding: entry, as: UTF8.self)
            if base.isEmpty {
                tracked.insert(path)
            } else if path.hasPrefix(base) {
                tracked.insert(String(path.dropFirst(base.count)))
            }
        }
        // A folder ignored by an enclosing repository (a download, a build output) is not under
        // version control at all: "untracked" findings there would be false alarms.
        return tracked.isEmpty ? .unversioned : .tracked(tracked, prefix: base)
    }

    func parseFiles(_ project: inout Project, problems: inout [ParseProblem]) {
        for (path, text) in project.texts.sorted(by: { $0.key < $1.key }) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if path == "pyproject.toml" {
                do {
                    project.pyproject = try TOMLDocument.parse(text)
                } catch {
                    problems.append(ParseProblem(path: path, line: error.line, message: "invalid TOML: \(error.message)"))
                }
            } else if name.hasSuffix(".toml"), !ProjectPaths.isTestPath(path) {
                do { _ = try TOMLDocument.parse(text) } catch {
                    problems.append(ParseProblem(path: path, line: error.line, message: "invalid TOML: \(error.message)"))
                }
            }
            if ProjectPaths.isDockerfile(path), !ProjectPaths.isTestPath(path) {
                do {
                    let parsed = try Dockerfile.parse(text, path: path)
                    // Dev containers and test images are not what ships.
                    if !ProjectPaths.isDevelopmentOnly(path) { project.dockerfiles.append(parsed) }
                } catch {
                    problems.append(ParseProblem(path: path, line: error.line, message: "invalid Dockerfile: \(error.message)"))
                }
            }
            if ProjectPaths.isYAML(path), !ProjectPaths.isTestPath(path) {
                // Helm templates are Go templates, not YAML, until rendered.
                if ManifestSources.isHelmTemplate(path, fileSet: project.fileSet)
                    || ((path.hasPrefix("templates/") || path.contains("/templates/")) && text.contains("{{"))
                {
                    continue
                }
                do {
                    project.yaml[path] = try YAMLDocuments.parse(text)
                } catch {
                    problems.append(ParseProblem(path: path, line: error.line, message: "invalid YAML: \(error.message)"))
                }
            }
            if name == "devcontainer.json" || name == ".devcontainer.json" {
                project.developmentOnly.formUnion(Self.devcontainerFiles(path: path, text: text))
            }
            if ProjectPaths.isDocument(path) { project.markdown[path] = MarkdownDocument(path: path, text: text) }
            if [".env.example", ".env.sample", ".env.template", "env.example"].contains(name), project.envExample == nil,
                !path.contains("/")
            {
                project.envExample = DotEnvFile(path: path, text: text)
            }
            if ClientConfigFile.knownPaths.contains(path) {
                do {
                    project.clientConfigs.append(try ClientConfigFile.parse(path: path, text: text, explicit: false))
                } catch {
                    problems.append(ParseProblem(path: path, line: error.line, message: "invalid JSON: \(error.message)"))
                }
            } else if ClientConfigFile.isCandidate(path), !ProjectPaths.isTestPath(path),
                let discovered = ClientConfigFile.discovered(path: path, text: text)
            {
                project.clientConfigs.append(discovered)
            } else if name.hasSuffix(".json"), !ProjectPaths.isTestPath(path), name != "package-lock.json" {
                do { _ = try JSONParser.parse(text) } catch {
                    // tsconfig-style JSON with comments is common; only flag what is broken as JSONC too.
                    if (try? JSONParser.parse(JSONC.strip(text))) == nil {
                        problems.append(ParseProblem(path: path, line: error.line, message: "invalid JSON: \(error.message)"))
                    }
                }
            }
        }
        let developmentOnly = project.developmentOnly
        project.dockerfiles.removeAll { developmentOnly.contains($0.path) }
        for extra in extraClientConfigs {
            let display = extra
            guard let data = FileManager.default.contents(atPath: extra), let text = String(data: data, encoding: .utf8) else {
                problems.append(ParseProblem(path: display, line: 1, message: "client config could not be read as UTF-8 text"))
                continue
            }
            do {
                project.clientConfigs.append(try ClientConfigFile.parse(path: display, text: text, explicit: true))
            } catch {
                problems.append(ParseProblem(path: display, line: error.line, message: "invalid JSON: \(error.message)"))
            }
        }
    }
}
