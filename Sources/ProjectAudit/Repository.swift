import PreflightCore

/// The git repository around a project that is one folder of it (a monorepo package). CI,
/// pre-commit, task runners, the README and `.dockerignore` often live above the project, at the
/// repository's top; they are read here, keyed by their path as seen from the project
/// (`../../.github/workflows/ci.yml`), so that every finding says where a file came from.
public struct Repository: Sendable {
    /// The project folder relative to the repository top, without leading or trailing slashes: `src/fetch`.
    public var prefix: String
    /// Repository files read, keyed by their project-relative path (`../../Makefile`).
    public var texts: [String: String] = [:]
    public var yaml: [String: [YAMLValue]] = [:]
    public var markdown: [String: MarkdownDocument] = [:]
    /// Repository files that could not be parsed, by project-relative path.
    public var unreadable: Set<String> = []

    public init(prefix: String) { self.prefix = RepoPath.normalize(prefix) }

    /// `../../` for `src/fetch`: from the project folder to the repository top.
    public var up: String { String(repeating: "../", count: prefix.split(separator: "/").count) }

    /// A path relative to the repository top, as seen from the project.
    public func display(_ topRelative: String) -> String { RepoPath.relative(RepoPath.normalize(topRelative), from: prefix) }

    /// The folders above the project, nearest first, relative to the top (`src`, then ``).
    public var ancestors: [String] {
        var parts = prefix.split(separator: "/").map(String.init)
        var out: [String] = []
        while !parts.isEmpty {
            parts.removeLast()
            out.append(parts.joined(separator: "/"))
        }
        return out
    }

    /// The README of the nearest folder above the project that has one.
    public var nearestReadme: MarkdownDocument? {
        for dir in ancestors {
            for name in ProjectPaths.readmeNames {
                if let doc = markdown[display(dir.isEmpty ? name : dir + "/" + name)] { return doc }
            }
        }
        return nil
    }
}

/// `/`-separated relative paths: normalising, and re-basing between the repository top and the project.
public enum RepoPath {
    /// Drops `.` segments, empty segments and resolves `..` where it can: `./a//b/../c/` → `a/c`.
    public static func normalize(_ path: String) -> String {
        var out: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." {
                out.removeLast()
            } else {
                out.append(part)
            }
        }
        return out.joined(separator: "/")
    }

    /// `target` (relative to the top) as seen from `base` (relative to the top): `relative("a/x", from: "a/b")` → `../x`.
    public static func relative(_ target: String, from base: String) -> String {
        let t = target.split(separator: "/")
        let b = base.split(separator: "/")
        var common = 0
        while common < t.count, common < b.count, t[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: b.count - common)
        return (ups + t[common...].map(String.init)).joined(separator: "/")
    }

    /// Joins a directory and a path (which may be absolute-looking `/x`, meaning the top).
    public static func join(_ dir: String, _ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(dir.isEmpty ? path : dir + "/" + path)
    }

    /// Whether `path` is `dir` or inside it.
    public static func isInside(_ path: String, _ dir: String) -> Bool {
        dir.isEmpty || path == dir || path.hasPrefix(dir + "/")
    }
}
