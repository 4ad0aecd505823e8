import PreflightCore

/// Finds secret-looking literals: known credential formats anywhere, and credential-like values
/// assigned to secret-named keys in code and config. Runs once per project, at load
/// (`Project.secretMatches`); the check and the ledger of secrets read that one result. Values are
/// kept only to be redacted, and every value satisfies `SecretValue.canBeSecret`.
public enum SecretScanner {
    public struct Match: Sendable, Hashable {
        public var path: String
        public var line: Int
        public var kind: String
        public var value: String
    }

    /// How much of a file is read.
    enum Depth { case skip, knownFormats, full }

    /// Data files above this size are generated (API metadata, fixtures, exports): only the
    /// known-format anchors are searched in them.
    static let largeDataBytes = 256 << 10

    static let lockFiles: Set<String> = [
        "uv.lock", "poetry.lock", "pipfile.lock", "pdm.lock", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
        "pnpm-lock.yaml", "bun.lock", "cargo.lock", "gemfile.lock", "composer.lock", "go.sum", "packages.lock.json",
    ]
    static let documentExtensions: Set<String> = ["md", "mdx", "markdown", "rst", "txt", "adoc", "html", "htm", "ipynb"]
    static let dataExtensions: Set<String> = ["json", "jsonl", "ndjson", "geojson", "csv", "tsv", "xml", "txt", "log"]
    static let unquotedLiteralExtensions: Set<String> = [
        "yaml", "yml", "ini", "cfg", "conf", "properties", "env", "sh", "bash", "zsh",
    ]

    static func depth(_ path: String, bytes: Int) -> Depth {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        let ext = name.split(separator: ".").dropFirst().last.map(String.init) ?? ""
        if isTestFile(path, name: name) { return .skip }
        if lockFiles.contains(name) || ext == "lock" || ext == "sum" || ext == "map" || name.hasSuffix(".min.js") {
            return .skip
        }
        // A local, untracked `.env` is where secrets belong; committing one is env.dotenv-not-committed.
        if name == ".env" || (name.hasPrefix(".env.") && !["example", "sample", "template"].contains(String(name.dropFirst(5)))) {
            return .skip
        }
        // Prose, and Dockerfile ENV/ARG (docker.no-secrets' finding): only unmistakable formats.
        if documentExtensions.contains(ext) || ProjectPaths.isDockerfile(path) { return .knownFormats }
        if dataExtensions.contains(ext) && bytes > largeDataBytes { return .knownFormats }
        return .full
    }

    /// Test folders and test files of any language (`x.test.ts`, `x.spec.js`, `x_test.go`): their
    /// credentials are fixtures.
    static func isTestFile(_ path: String, name: String) -> Bool {
        if ProjectPaths.isTestPath(path) { return true }
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return name.contains(".test.") || name.contains(".spec.") || stem.hasSuffix("_test") || stem.hasPrefix("test_")
            || stem.hasSuffix("_spec")
    }

    static func syntax(_ path: String) -> SecretAssignments.Syntax {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        let ext = name.split(separator: ".").dropFirst().last.map(String.init) ?? ""
        return unquotedLiteralExtensions.contains(ext) || name.hasPrefix(".env") ? .data : .code
    }

    /// Every match in the project's texts, by path and line.
    public static func scanAll(_ texts: [String: String]) -> [Match] {
        texts.keys.sorted().flatMap { scan(texts[$0] ?? "", path: $0) }
    }

    public static func scan(_ text: String, path: String) -> [Match] {
        let depth = depth(path, bytes: text.utf8.count)
        guard depth != .skip else { return [] }
        return ByteSearch.withBytes(text) { bytes in
            let text = ScanText(bytes: bytes)
            var found: [(offset: Int, kind: String, value: String)] = []
            for format in KnownSecretFormat.all {
                for anchor in format.anchors {
                    for at in ByteSearch.offsets(of: Array(anchor.utf8), in: bytes) {
                        guard let range = format.match(text, at) else { continue }
                        let value = text.string(range)
                        guard SecretValue.canBeSecret(value) else { continue }
                        found.append((at, format.kind, value))
                    }
                }
            }
            if depth == .full {
                for item in SecretAssignments.find(in: text, syntax: syntax(path)) {
                    found.append((item.nameStart, "secret-named `\(item.name)` with a literal value", item.value))
                }
            }
            found.sort { $0.offset < $1.offset }
            let lines = text.lineNumbers(of: found.map(\.offset))
            let knownLines = Set(zip(found, lines).filter { !$0.0.kind.hasPrefix("secret-named") }.map(\.1))
            var matches: [Match] = []
            for (item, line) in zip(found, lines) {
                // A known format assigned to a secret name is reported once, as the format.
                if item.kind.hasPrefix("secret-named") && knownLines.contains(line) { continue }
                if matches.contains(where: { $0.line == line && $0.value == item.value }) { continue }
                matches.append(Match(path: path, line: line, kind: item.kind, value: item.value))
            }
            return matches
        }
    }
}
