import Foundation

/// Secrets never reach output: a value is shown as at most its first 4 characters and `…`.
/// Redaction rewrites only text that came from the project or the server; the report's own
/// vocabulary (ids, statuses, keys, enum values) is never touched (see `Report.redacted`).
public enum Redaction {
    public static func redact(_ secret: String) -> String {
        // Short secrets keep less, so that little of the value is disclosed.
        let keep = secret.count >= 16 ? 4 : (secret.count >= 8 ? 2 : 0)
        return String(secret.prefix(keep)) + "…"
    }

    /// Replaces every occurrence of each secret in `text` by its redacted form. Values that cannot
    /// be secrets (`SecretValue.canBeSecret`) are left alone wherever they appear.
    public static func scrub(_ text: String, secrets: some Collection<String>) -> String {
        var out = text
        // Longest first, so that a secret containing another is replaced whole.
        for secret in secrets.filter(SecretValue.canBeSecret).sorted(by: { $0.count > $1.count }) where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: redact(secret))
        }
        return out
    }

    /// Replaces every occurrence of each credential the user gave (`--header`, `--bearer-env`),
    /// whatever it looks like: unlike project values, these are secrets because the user said so.
    /// Values under 4 characters are left alone (they would rewrite ordinary words).
    public static func scrub(_ text: String, credentials: some Collection<String>) -> String {
        var out = text
        for value in credentials.filter({ $0.count >= 4 }).sorted(by: { $0.count > $1.count }) where out.contains(value) {
            out = out.replacingOccurrences(of: value, with: redact(value))
        }
        return out
    }

    /// Every string inside a JSON value, keys excepted (keys are the report's or a schema's words).
    public static func scrub(_ value: JSONValue, secrets: some Collection<String>) -> JSONValue {
        switch value {
        case .string(let s): return .string(scrub(s, secrets: secrets))
        case .array(let items): return .array(items.map { scrub($0, secrets: secrets) })
        case .object(let members): return .object(members.map { ($0.0, scrub($0.1, secrets: secrets)) })
        case .null, .bool, .number: return value
        }
    }
}

/// Whether a value can be a secret at all. Placeholders, words and short values are not: they are
/// neither reported as leaked or hard-coded credentials nor redacted (redacting `pass` everywhere
/// would rewrite `"status": "pass"`).
public enum SecretValue {
    public static let minimumLength = 8

    static let placeholderMarkers = [
        "example", "changeme", "change-me", "change_me", "your", "placeholder", "dummy", "redacted", "xxxx", "****",
        "...", "<", ">", "${", "{{", "todo", "replace", "insert", "fake", "sample", "-here", "_here", "not-a-real", "notreal",
        "foobar", "lorem", "secret", "password", "passwd", "token", "localhost",
    ]

    public static func canBeSecret(_ value: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard v.count >= minimumLength else { return false }
        if isPlaceholder(v) { return false }
        // One character repeated, or a run like 12345678 / abcdefgh.
        if Set(v).count <= 2 || isSequential(v) { return false }
        // A word, or words joined by - _ . or space, in one case: a name, not a credential.
        if isWordLike(v) { return false }
        return true
    }

    public static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        if value.hasPrefix("$") || value.hasPrefix("%(") { return true }
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
}

/// Names that conventionally hold secrets (API_KEY, DB_PASSWORD, githubToken, ...).
public enum SecretNames {
    static let markers = [
        "secret", "password", "passwd", "pwd", "token", "apikey", "api_key", "accesskey", "access_key",
        "privatekey", "private_key", "credential", "auth", "signing", "encryption_key", "client_secret", "dsn",
        "connection_string", "webhook",
    ]
    /// Names that look secret but conventionally are not (the value is a path, mode or switch).
    static let exclusions = [
        "_file", "_path", "_url", "_dir", "_url_env", "_enabled", "_mode", "_type", "_header", "_length", "_ttl", "_timeout",
        "_expiry", "_expires", "_name", "_id", "_method", "_provider", "_scope", "_issuer", "_audience",
        "_algorithm", "_endpoint", "_host", "_port", "_user", "_username", "author", "oauth_url", "_count",
    ]

    /// Names that contain a marker but are well-known non-secrets (the shell's working directory).
    static let knownPublic: Set<String> = ["pwd", "oldpwd", "auth_type", "authority"]

    public static func looksSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        if knownPublic.contains(lower) { return false }
        let flat = lower.replacingOccurrences(of: "-", with: "_")
        let squashed = flat.replacingOccurrences(of: "_", with: "")
        guard markers.contains(where: { flat.contains($0) || squashed.contains($0.replacingOccurrences(of: "_", with: "")) })
        else { return flat.hasSuffix("_key") || flat == "key" }
        if exclusions.contains(where: { flat.hasSuffix($0) || flat == $0.trimmingCharacters(in: ["_"]) }) { return false }
        return true
    }
}
