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
        Scrubber(secrets).scrub(text)
    }

    /// Replaces every occurrence of each credential the user gave (`--header`, `--bearer-env`),
    /// whatever it looks like: unlike project values, these are secrets because the user said so.
    /// Values under 4 characters are left alone (they would rewrite ordinary words).
    public static func scrub(_ text: String, credentials: some Collection<String>) -> String {
        Scrubber([String](), credentials: credentials).scrub(text)
    }

    /// Every string inside a JSON value, keys excepted (keys are the report's or a schema's words).
    public static func scrub(_ value: JSONValue, secrets: some Collection<String>) -> JSONValue {
        Scrubber(secrets).scrub(value)
    }

    /// The secrets to remove, judged and ordered once, for scrubbing many texts.
    public struct Scrubber: Sendable {
        /// Values that can be secrets, longest first so that a secret containing another is replaced whole.
        let secrets: [String]

        /// `credentials` (values the user gave) are kept whatever they look like, from 4 characters on.
        public init(_ secrets: some Collection<String>, credentials: some Collection<String> = [String]()) {
            let kept = secrets.filter(SecretValue.canBeSecret) + credentials.filter { $0.count >= 4 }
            self.secrets = Set(kept).sorted {
                $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1
            }
        }

        public var isEmpty: Bool { secrets.isEmpty }

        public func scrub(_ text: String) -> String {
            var out = text
            for secret in secrets where ByteSearch.contains(out, secret) {
                out = out.replacingOccurrences(of: secret, with: Redaction.redact(secret))
            }
            return out
        }

        public func scrub(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let s): return .string(scrub(s))
            case .array(let items): return .array(items.map(scrub))
            case .object(let members): return .object(members.map { ($0.0, scrub($0.1)) })
            case .null, .bool, .number: return value
            }
        }
    }
}
