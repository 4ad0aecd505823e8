/// Names that conventionally hold secrets (API_KEY, DB_PASSWORD, githubToken, ...), judged on the
/// name's last word, not on substrings: `author_email` holds no `auth`, `TRIGGERAUTH_CRD` is a
/// resource name, `TOKEN_URL` and `PASSWORD_FILE` point at a secret without being one.
public enum SecretNames {
    public enum Strength: Int, Sendable, Comparable {
        case none, weak, strong
        public static func < (a: Strength, b: Strength) -> Bool { a.rawValue < b.rawValue }
    }

    /// Last words that name a secret by themselves.
    static let secretWords: Set<String> = [
        "password", "passwd", "passphrase", "pwd", "secret", "secrets", "token", "credential", "credentials", "creds",
        "apikey", "dsn", "authorization",
    ]
    /// One-word spellings of a qualified secret: `APIKEY`, `accesstoken`, `dbpassword`.
    static let compounds: Set<String> = [
        "accesskey", "secretkey", "privatekey", "signingkey", "encryptionkey", "masterkey", "apitoken", "authtoken",
        "accesstoken", "refreshtoken", "bearertoken", "clientsecret", "apisecret", "appsecret",
    ]
    /// `X_KEY` is a credential when X says so (`api`, `secret`, `private`, ...); any other `*_key`
    /// (`cache_key`, `issue_key`, `state_key`) is only weak evidence.
    static let keyQualifiers: Set<String> = [
        "api", "access", "secret", "private", "signing", "sign", "encryption", "encrypt", "master", "account", "app",
        "service", "auth", "license", "licence", "subscription", "hmac", "jwt", "crypto", "admin", "deploy",
        "ssh", "storage", "shared", "consumer", "webhook", "root", "partner", "merchant", "cipher", "aes", "gpg", "pgp",
        "client", "developer", "write", "read", "ingest", "management", "mgmt",
    ]
    static let notSecretQualifiers: Set<String> = [
        "hashed", "hash", "digest", "encrypted", "masked", "redacted", "public", "example", "sample", "dummy", "fake",
        "mock", "placeholder",
    ]
    /// Names that contain a secret word but are well-known non-secrets (the shell's working directory).
    static let knownPublic: Set<String> = ["pwd", "oldpwd"]

    public static func looksSecret(_ name: String) -> Bool { strength(name) != .none }

    public static func strength(_ name: String) -> Strength {
        let words = tokens(name)
        guard let last = words.last else { return .none }
        if knownPublic.contains(name.lowercased()) { return .none }
        let previous: String? = words.count >= 2 ? words[words.count - 2] : nil
        // `hashed_secret`, `public_key`, `example_token`: a digest, a public half, or a sample.
        if let previous, notSecretQualifiers.contains(previous) { return .none }
        if secretWords.contains(last) || compounds.contains(last) { return .strong }
        if last.hasSuffix("password") || last.hasSuffix("passwd") { return .strong }
        switch last {
        case "key":
            guard let previous, keyQualifiers.contains(previous) else { return .weak }
            return .strong
        case "pass": return previous == nil ? .weak : .strong
        case "auth": return .weak
        default: return .none
        }
    }

    /// Lower-cased words of an identifier: `OPENAI_API_KEY`, `openaiApiKey`, `x-api-key` and
    /// `APIKey` all end in `api`, `key`.
    public static func tokens(_ name: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current = []
        }
        for c in name {
            guard c.isLetter || c.isNumber else {
                flush()
                continue
            }
            if let prev = current.last {
                if c.isUppercase && (prev.isLowercase || prev.isNumber) {
                    flush()
                } else if c.isLowercase, prev.isUppercase, current.count >= 2, current[current.count - 2].isUppercase {
                    // `APIKey`: the K starts the next word.
                    let carried = current.removeLast()
                    flush()
                    current = [carried]
                }
            }
            current.append(c)
        }
        flush()
        return words
    }
}
