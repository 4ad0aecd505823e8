import Foundation
import PreflightCore

/// A PEP 508 dependency string: `name[extra1,extra2] (>=1.0,<2) ; python_version >= "3.11"` or
/// `name @ git+https://host/repo@<ref> ; marker`.
struct PEP508Requirement {
    var name: String
    var extras: [String]
    /// The version specifier text, empty when there is none.
    var specifier: String
    var url: String?
    var marker: String?

    var normalizedName: String { PyprojectSupport.normalize(name) }

    static func parse(_ text: String) -> Result<PEP508Requirement, SpecifierError> {
        let source = text.trimmed
        let name = String(source.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" })
        guard let first = name.first, let last = name.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber,
            name.allSatisfy(\.isASCII)
        else {
            return .failure(SpecifierError("`\(source)` does not start with a package name"))
        }
        var rest = source.dropFirst(name.count).drop { $0.isWhitespace }
        var extras: [String] = []
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else {
                return .failure(SpecifierError("`\(source)`: the extras list is not closed with `]`"))
            }
            extras = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map { $0.trimmed }.filter {
                !$0.isEmpty
            }
            rest = rest[rest.index(after: close)...].drop { $0.isWhitespace }
        }
        if rest.first == "@" {
            let body = rest.dropFirst().trimmed
            // PEP 508: a marker after a URL must be preceded by whitespace (`;` is legal inside URLs).
            var url = body
            var marker: String?
            if let separator = body.range(of: #"\s+;"#, options: .regularExpression) {
                url = String(body[..<separator.lowerBound])
                marker = String(body[separator.upperBound...]).trimmed
            }
            guard !url.isEmpty else { return .failure(SpecifierError("`\(source)`: `@` is not followed by a URL")) }
            return .success(PEP508Requirement(name: name, extras: extras, specifier: "", url: url, marker: marker))
        }
        var specifier = rest.trimmed
        var marker: String?
        if let semicolon = specifier.firstIndex(of: ";") {
            marker = String(specifier[specifier.index(after: semicolon)...]).trimmed
            specifier = String(specifier[..<semicolon]).trimmed
        }
        if specifier.hasPrefix("(") && specifier.hasSuffix(")") { specifier = String(specifier.dropFirst().dropLast()).trimmed }
        if !specifier.isEmpty, case .failure(let error) = SpecifierSet.parse(specifier) {
            return .failure(SpecifierError("`\(source)`: \(error.message)"))
        }
        return .success(PEP508Requirement(name: name, extras: extras, specifier: specifier, url: nil, marker: marker))
    }
}

/// Whether a dependency's version is fixed, and if not, why.
enum PinJudgement: Equatable {
    case pinned(String)
    case unpinned(String)

    var isPinned: Bool { if case .pinned = self { return true } else { return false } }
}

enum DependencyPins {
    static let vcsSchemes = ["git+", "hg+", "svn+", "bzr+"]

    /// Direct references: a VCS URL is pinned only by a commit id (branches and tags move); an archive
    /// URL by a hash fragment or a version in its file name; a local path is the project's own code.
    static func judge(url: String) -> PinJudgement {
        let lower = url.lowercased()
        if lower.hasPrefix("file:") || url.hasPrefix("./") || url.hasPrefix("../") || url.hasPrefix("/") {
            return .pinned("a local path")
        }
        var withoutFragment = url
        var fragment = ""
        if let hash = url.firstIndex(of: "#") {
            withoutFragment = String(url[..<hash])
            fragment = String(url[url.index(after: hash)...]).lowercased()
        }
        if vcsSchemes.contains(where: { lower.hasPrefix($0) }) || withoutFragment.lowercased().hasSuffix(".git") {
            let afterScheme =
                withoutFragment.range(of: "://").map { String(withoutFragment[$0.upperBound...]) } ?? withoutFragment
            let path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? ""
            guard let at = path.lastIndex(of: "@") else {
                return .unpinned("`\(url)` names no commit: it installs whatever the default branch holds at install time")
            }
            let ref = String(path[path.index(after: at)...])
            if isCommitID(ref) { return .pinned("commit \(ref.prefix(12))") }
            return .unpinned("`\(url)` pins `\(ref)`, a branch or tag that can move; pin a commit id instead")
        }
        if ["sha256=", "sha384=", "sha512=", "sha1=", "md5="].contains(where: { fragment.contains($0) }) {
            return .pinned("a hash-checked archive")
        }
        let file = withoutFragment.split(separator: "?").first.map { $0.split(separator: "/").last.map(String.init) ?? "" } ?? ""
        if file.range(of: #"\d+\.\d+"#, options: .regularExpression) != nil
            || isCommitID(file.split(separator: ".").first.map(String.init) ?? "")
        {
            return .pinned("a versioned archive")
        }
        return .unpinned("`\(url)` is an archive with no version or hash in its name; its content can change")
    }

    /// A `[tool.uv.sources]` entry: nil when it only selects an index (the requirement's own specifier decides).
    static func judge(source: JSONValue) -> PinJudgement? {
        if let alternatives = source.arrayValue {
            let judged = alternatives.compactMap { judge(source: $0) }
            if judged.count < alternatives.count { return nil }
            return judged.first { !$0.isPinned } ?? judged.first
        }
        if source["workspace"]?.boolValue == true { return .pinned("a workspace member") }
        if let path = source["path"]?.stringValue { return .pinned("the local path `\(path)`") }
        if let git = source["git"]?.stringValue {
            if let rev = source["rev"]?.stringValue, isCommitID(rev) { return .pinned("commit \(rev.prefix(12))") }
            if let tag = source["tag"]?.stringValue {
                return .unpinned("its git source pins tag `\(tag)`, which can move; use `rev = \"<commit>\"`")
            }
            if let branch = source["branch"]?.stringValue ?? source["rev"]?.stringValue {
                return .unpinned("its git source follows `\(branch)`, which moves; use `rev = \"<commit>\"`")
            }
            return .unpinned("its git source `\(git)` names no commit; add `rev = \"<commit>\"`")
        }
        if let url = source["url"]?.stringValue { return judge(url: url) }
        return nil
    }

    static func isCommitID(_ text: String) -> Bool {
        (7...64).contains(text.count) && text.allSatisfy(\.isHexDigit) && text.contains { $0.isNumber }
    }
}
