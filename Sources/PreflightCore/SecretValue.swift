import Foundation

/// What a value must look like to be a secret. Two levels, shared by the secret scanner, the
/// ledger of secrets and redaction so that the three agree:
/// - `canBeSecret`: the necessary condition. Placeholders, words, sequences, short values, file
///   paths, e-mail addresses and templates are never secrets: they are neither reported as leaked or
///   hard-coded credentials nor redacted (redacting `pass` everywhere would rewrite `"status": "pass"`,
///   redacting a path would rewrite a location).
/// - `looksLikeCredential`: what the scanner asks of a literal assigned to a secret-looking name, the
///   way gitleaks and detect-secrets judge values: no name, identifier, URL or prose, and enough
///   randomness (character classes, Shannon entropy per alphabet) for how secret the name sounds.
public enum SecretValue {
    public static let minimumLength = 8

    static let placeholderMarkers = [
        "example", "changeme", "change-me", "change_me", "your", "placeholder", "dummy", "redacted", "xxx", "***",
        "...", "<", ">", "${", "{{", "%(", "%s", "todo", "replace", "insert", "fake", "sample", "-here", "_here",
        "not-a-real", "notreal", "foobar", "lorem", "secret", "password", "passwd", "token", "localhost",
    ]

    public static func canBeSecret(_ value: String) -> Bool {
        let v = value.trimmed
        guard v.count >= minimumLength else { return false }
        if isPlaceholder(v) { return false }
        // One character repeated, or a run like 12345678 / abcdefgh.
        if Set(v).count <= 2 || isSequential(v) { return false }
        // A word, or words joined by - _ . or space, in one case: a name, not a credential.
        if isWordLike(v) { return false }
        if isPath(v) || isEmail(v) { return false }
        return true
    }

    public static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        if value.hasPrefix("$") || value.hasPrefix("%(") { return true }
        // `{name}`, `{0}`: a format string or template, filled in at run time.
        if let open = value.firstIndex(of: "{"), value[open...].contains("}") { return true }
        return placeholderMarkers.contains { lower.contains($0) }
    }

    static func isSequential(_ value: String) -> Bool {
        let scalars = value.unicodeScalars.map(\.value)
        guard scalars.count > 1 else { return true }
        return zip(scalars, scalars.dropFirst()).allSatisfy { $1 == $0 + 1 }
    }

    /// Letters only (with `-`, `_`, `.` or spaces between them), all one case or capitalised words,
    /// and no part longer than a long English word: `production`, `my-database`, `Hello World`.
    static func isWordLike(_ value: String) -> Bool {
        let parts = value.split(whereSeparator: { "-_. ".contains($0) })
        guard !parts.isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isLetter && $0.isASCII } }) else { return false }
        guard parts.allSatisfy({ $0.count <= 14 }) else { return false }
        return parts.allSatisfy { p in
            let rest = p.dropFirst()
            return p.allSatisfy(\.isLowercase) || p.allSatisfy(\.isUppercase) || rest.allSatisfy(\.isLowercase)
        }
    }

    static let fileExtensions: Set<String> = [
        "pem", "key", "crt", "cer", "der", "p12", "pfx", "jks", "keystore", "pub", "json", "yaml", "yml", "toml", "txt",
        "env", "ini", "cfg", "conf", "db", "sqlite", "log", "csv", "py", "sh",
    ]

    /// `/etc/ssl/private/server.key`, `~/.ssh/id_rsa`, `./certs/client.pem`, `C:\keys\a.pfx`,
    /// `certs/client.pem`: a reference to a file. Base64 (which may contain `/`) has `+`, `=` or
    /// random-looking segments, and no leading `/` with several name-like segments.
    static func isPath(_ value: String) -> Bool {
        let v = value
        if v.count > 2, v.dropFirst().hasPrefix(":\\") || v.dropFirst().hasPrefix(":/"), v.first?.isLetter == true {
            return true
        }
        let anchored = v.hasPrefix("/") || v.hasPrefix("./") || v.hasPrefix("../") || v.hasPrefix("~/")
        guard anchored || v.contains("/") else { return false }
        guard v.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-~@".contains($0)) }) else { return false }
        let segments = v.split(separator: "/").filter { !["", ".", "..", "~"].contains($0) }
        guard !segments.isEmpty,
            segments.allSatisfy({ s in
                let name = s.drop { $0 == "." }
                return isNameLike(String(name)) || isWordPart(name)
            })
        else { return false }
        let ext = segments.last.flatMap { $0.split(separator: ".").dropFirst().last }.map { $0.lowercased() }
        return (anchored && (segments.count >= 2 || ext != nil)) || ext.map(fileExtensions.contains) == true
    }

    /// `someone@example.com`: an address, not a credential.
    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty,
            parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) })
        else { return false }
        let domain = parts[1].split(separator: ".")
        guard domain.count >= 2, let tld = domain.last else { return false }
        return tld.count >= 2 && tld.allSatisfy { $0.isASCII && $0.isLetter }
            && domain.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }
    }

    // MARK: - Credential-likeness of a literal assigned to a secret-looking name

    /// How much the name says about the value: `password`, `api_key`, `client_secret` (strong) need
    /// a value that is not a name and has some randomness; `cache_key`, `key`, `auth` (weak) need a
    /// long random one.
    public enum Evidence: Sendable { case strongName, weakName }

    public static func looksLikeCredential(_ raw: String, _ evidence: Evidence) -> Bool {
        let v = withoutAuthScheme(raw.trimmed)
        guard canBeSecret(v), v.count <= 512 else { return false }
        // Prose, a URL (credentials inside one are judged by the URL rule), a name or a number.
        if v.contains(where: \.isWhitespace) || v.contains("://") { return false }
        if isNameLike(v) || v.allSatisfy(\.isNumber) { return false }
        let classes = characterClasses(v)
        let e = entropy(v)
        switch evidence {
        case .strongName:
            return (classes >= 2 && e >= 2.5) || (v.count >= 16 && e >= 3.5)
        case .weakName:
            guard v.count >= 16, v.contains(where: \.isLetter), v.contains(where: \.isNumber) else { return false }
            return e >= (isHex(v) ? 3.0 : 3.5)
        }
    }

    /// `Bearer abc...`, `Basic abc...`, `token abc...`: the credential is what follows the scheme.
    public static func withoutAuthScheme(_ v: String) -> String {
        for scheme in ["Bearer ", "bearer ", "Basic ", "basic ", "Token ", "token "] where v.hasPrefix(scheme) {
            return v.dropFirst(scheme.count).trimmed
        }
        return v
    }

    /// An identifier, env-var name, dotted, dashed or namespaced name: `workspace_project_index`,
    /// `PROJ-123`, `READ_OPERATIONS_ONLY`, `triggerauthentications.keda.sh`, `mdb-mcp-connection-string`,
    /// `agent:main:child-1`, `unauthenticatedClientAction`, `Return401`. Parts are words (camel case
    /// included), numbers, or a word with a short number; a single part counts only when it is letters alone.
    static func isNameLike(_ value: String) -> Bool {
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-:".contains($0)) })
        else { return false }
        let parts = value.split(whereSeparator: { "_.-:".contains($0) })
        guard !parts.isEmpty, parts.allSatisfy(isWordPart) else { return false }
        // One part: letters alone, or several camel-case words (`InstanceGroupSettings1`), not `Summer2024`.
        return parts.count >= 2 || value.allSatisfy(\.isLetter)
            || camelWords(value.prefix(while: \.isLetter)).count >= 2
    }

    /// `index`, `Client`, `HTTPServer`, `unauthenticatedClientAction`, `v2`, `Return401`, `123`.
    static func isWordPart(_ part: Substring) -> Bool {
        if part.allSatisfy(\.isNumber) { return true }
        let letters = part.prefix { $0.isLetter }
        let digits = part.dropFirst(letters.count)
        guard !letters.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber) else { return false }
        let words = camelWords(letters)
        let average = Double(letters.count) / Double(words.count)
        guard average >= 3 || letters.count <= 3 else { return false }
        // A long run of letters with almost no vowels is not a word.
        return words.allSatisfy { w in
            w.count < 8 || Double(w.filter { "aeiouyAEIOUY".contains($0) }.count) / Double(w.count) >= 0.2
        }
    }

    /// Splits `unauthenticatedClientAction` and `HTTPServer` into their words.
    static func camelWords(_ s: Substring) -> [Substring] {
        var words: [Substring] = []
        var start = s.startIndex
        var i = s.index(after: start)
        while i < s.endIndex {
            let prev = s[s.index(before: i)]
            let c = s[i]
            let next = s.index(after: i) < s.endIndex ? s[s.index(after: i)] : nil
            if c.isUppercase && (prev.isLowercase || (prev.isUppercase && next?.isLowercase == true)) {
                words.append(s[start..<i])
                start = i
            }
            i = s.index(after: i)
        }
        words.append(s[start...])
        return words
    }

    static func characterClasses(_ v: String) -> Int {
        var lower = false
        var upper = false
        var digit = false
        var other = false
        for c in v {
            if c.isLowercase {
                lower = true
            } else if c.isUppercase {
                upper = true
            } else if c.isNumber {
                digit = true
            } else {
                other = true
            }
        }
        return [lower, upper, digit, other].filter { $0 }.count
    }

    static func isHex(_ v: String) -> Bool { v.allSatisfy(\.isHexDigit) }

    /// Shannon entropy in bits per character.
    public static func entropy(_ s: String) -> Double {
        var counts: [Character: Int] = [:]
        for c in s { counts[c, default: 0] += 1 }
        let n = Double(s.count)
        return counts.values.reduce(0) { acc, c in
            let p = Double(c) / n
            return acc - p * log2(p)
        }
    }
}
