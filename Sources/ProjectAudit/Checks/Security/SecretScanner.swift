import Foundation
import PreflightCore

/// Finds secret-looking literals: known credential formats anywhere, and high-entropy values
/// assigned to secret-named keys in code and config. Values are kept only to be redacted.
public enum SecretScanner {
    public struct Match: Sendable, Hashable {
        public var path: String
        public var line: Int
        public var kind: String
        public var value: String
    }

    static let knownFormats: [(kind: String, regex: NSRegularExpression)] = [
        ("AWS access key id", #"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"#),
        ("GitHub token", #"\bgh[pousr]_[A-Za-z0-9]{36,255}\b"#),
        ("GitHub fine-grained token", #"\bgithub_pat_[A-Za-z0-9_]{22,255}\b"#),
        ("GitLab token", #"\bglpat-[A-Za-z0-9_-]{20,}\b"#),
        ("Slack token", #"\bxox[baprs]-[A-Za-z0-9-]{10,}\b"#),
        ("Stripe secret key", #"\b[rs]k_live_[A-Za-z0-9]{20,}\b"#),
        ("Anthropic API key", #"\bsk-ant-[A-Za-z0-9_-]{20,}\b"#),
        (
            "OpenAI API key",
            #"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b|\bsk-proj-[A-Za-z0-9_-]{40,}\b"#
        ),
        ("Google API key", #"\bAIza[0-9A-Za-z_-]{35}\b"#),
        ("Hugging Face token", #"\bhf_[A-Za-z]{34}\b"#),
        ("npm token", #"\bnpm_[A-Za-z0-9]{36}\b"#),
        ("PyPI token", #"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}\b"#),
        ("SendGrid key", #"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b"#),
        ("Twilio key", #"\bSK[0-9a-f]{32}\b"#),
        ("private key", #"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----"#),
        ("JSON Web Token", #"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b"#),
        ("credentials in a URL", #"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@"'`]{1,64}:([^\s:/@"'`$<>{}]{4,128})@[A-Za-z0-9.-]+"#),
    ].compactMap { kind, pattern in (try? NSRegularExpression(pattern: pattern)).map { (kind, $0) } }

    /// `NAME = "value"`, `name: "value"`, `"name": "value"`, `name="value"` and YAML `name: value`.
    static let assignment = try? NSRegularExpression(
        pattern:
            #"(?m)["']?\b([A-Za-z_][A-Za-z0-9_.-]*)\b["']?[ \t]*(?::[ \t]*[A-Za-z_\[\]|. ]+?)?[ \t]*(?:=|:)[ \t]*(?:["']([^"'\n]{8,256})["']|([^\s"'#,}]{8,256})[ \t]*$)"#
    )
    static let getenvDefault = try? NSRegularExpression(
        pattern: #"(?:getenv|environ\.get)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*["']([^"'\n]{8,256})["']"#)

    static let placeholders = [
        "example", "changeme", "change-me", "change_me", "your", "placeholder", "dummy", "redacted", "xxxx", "****",
        "...", "<", ">", "${", "{{", "todo", "replace", "insert", "fake", "sample", "secret-here", "not-a-real", "notreal",
        "none", "null", "true", "false", "password", "secret", "token", "localhost", "/run/secrets", "file:",
    ]

    static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        // AWS documents AKIA...EXAMPLE keys; they are still flagged by the known-format rules.
        return placeholders.contains { lower.contains($0) } || value.hasPrefix("$") || value.hasPrefix("%(")
    }

    static func entropy(_ s: String) -> Double {
        var counts: [Character: Int] = [:]
        for c in s { counts[c, default: 0] += 1 }
        let n = Double(s.count)
        return counts.values.reduce(0) { acc, c in
            let p = Double(c) / n
            return acc - p * log2(p)
        }
    }

    static func looksRandom(_ value: String) -> Bool {
        guard !value.contains(" "), !value.contains("/") || value.count >= 32 else { return false }
        let hasLetter = value.contains { $0.isLetter }
        let hasDigit = value.contains { $0.isNumber }
        let e = entropy(value)
        return (value.count >= 8 && hasLetter && hasDigit && e >= 2.8) || (value.count >= 20 && e >= 3.5)
    }

    static func shouldScan(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        if ProjectPaths.isTestPath(path) { return false }
        if name.hasSuffix(".md") || name.hasSuffix(".lock") || name.hasSuffix(".sum") || name == "package-lock.json" {
            return false
        }
        // A local, untracked `.env` is where secrets belong; committing one is env.dotenv-not-committed.
        if name == ".env" || (name.hasPrefix(".env.") && !["example", "sample", "template"].contains(String(name.dropFirst(5)))) {
            return false
        }
        return true
    }

    public static func scanAll(_ project: Project) -> [Match] {
        project.texts.keys.sorted().filter(shouldScan).flatMap { scan(project.texts[$0] ?? "", path: $0) }
    }

    public static func scan(_ text: String, path: String) -> [Match] {
        var matches: [Match] = []
        let ns = text as NSString
        let lineStarts = lineOffsets(text)
        func line(_ location: Int) -> Int {
            var lo = 0
            var hi = lineStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lineStarts[mid] <= location { lo = mid } else { hi = mid - 1 }
            }
            return lo + 1
        }
        let whole = NSRange(location: 0, length: ns.length)
        for (kind, regex) in knownFormats {
            for m in regex.matches(in: text, range: whole) {
                let range =
                    m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound && kind == "credentials in a URL"
                    ? m.range(at: 1) : m.range
                let value = ns.substring(with: range)
                if kind == "credentials in a URL" && isPlaceholder(value) { continue }
                matches.append(Match(path: path, line: line(m.range.location), kind: kind, value: value))
            }
        }
        let isDockerfile = ProjectPaths.isDockerfile(path)
        for regex in [assignment, getenvDefault].compactMap({ $0 }) {
            for m in regex.matches(in: text, range: whole) {
                let name = ns.substring(with: m.range(at: 1))
                let quoted = m.range(at: 2).location != NSNotFound
                let valueRange = quoted ? m.range(at: 2) : (m.numberOfRanges > 3 ? m.range(at: 3) : m.range(at: 2))
                guard valueRange.location != NSNotFound, SecretNames.looksSecret(name) else { continue }
                let value = ns.substring(with: valueRange)
                // Unquoted values are literals only in data files; in code they are expressions.
                if !quoted && (!unquotedValuesAreLiterals(path) || value.contains("(")) { continue }
                // Dockerfile ENV/ARG literals are docker.no-secrets' finding.
                if isDockerfile { continue }
                guard !isPlaceholder(value), looksRandom(value) else { continue }
                let at = line(m.range.location)
                if matches.contains(where: { $0.line == at && $0.path == path }) { continue }
                matches.append(Match(path: path, line: at, kind: "secret-named `\(name)` with a literal value", value: value))
            }
        }
        return matches
    }

    static func unquotedValuesAreLiterals(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        return ProjectPaths.isYAML(path) || name.hasPrefix(".env") || name.hasSuffix(".env") || name.hasSuffix(".ini")
            || name.hasSuffix(".cfg") || name.hasSuffix(".conf") || name.hasSuffix(".properties")
    }

    static func lineOffsets(_ text: String) -> [Int] {
        var offsets = [0]
        var i = 0
        for unit in text.utf16 {
            i += 1
            if unit == 0x0A { offsets.append(i) }
        }
        return offsets
    }
}
