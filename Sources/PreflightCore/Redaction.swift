import Foundation

/// Secrets never reach output: a value is shown as at most its first 4 characters and `…`.
public enum Redaction {
    public static func redact(_ secret: String) -> String {
        // Short secrets keep less, so that little of the value is disclosed.
        let keep = secret.count >= 16 ? 4 : (secret.count >= 8 ? 2 : 0)
        return String(secret.prefix(keep)) + "…"
    }

    /// Replaces every occurrence of each secret in `text` by its redacted form.
    public static func scrub(_ text: String, secrets: some Collection<String>) -> String {
        var out = text
        // Longest first, so that a secret containing another is replaced whole.
        for secret in secrets.filter({ $0.count >= 4 }).sorted(by: { $0.count > $1.count }) where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: redact(secret))
        }
        return out
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
