import Foundation
import PreflightCore

/// `preflight attest`: records one attestation in `preflight.toml` by appending an `[[attest]]`
/// table. The file's other content, comments and layout stay as they are; the result is parsed
/// before it is written, so a file Preflight could not read afterwards is never produced.
public enum Attestor {
    public struct Attestation: Sendable {
        public var id: String
        public var by: String
        public var date: String
        public var evidence: String?

        public init(id: String, by: String, date: String, evidence: String?) {
            self.id = id
            self.by = by
            self.date = date
            self.evidence = evidence
        }
    }

    /// The ids an attestation decides: process (`attest`) checks and operations checks.
    public static var attestable: [CheckDescription] {
        Catalog.all.filter { $0.kind == .attest || $0.section == .operations }
    }

    /// Today's date (UTC), as attestations write it.
    public static func today() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }

    /// Validates the attestation and returns the file's new text (nothing is written).
    public static func appended(_ a: Attestation, to existing: String, source: String) throws(AuditError) -> String {
        let id = CheckID(a.id)
        guard Catalog.ids.contains(id) else {
            let hint = Spelling.nearest(to: a.id, in: attestable.map(\.id.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
            throw .usage(
                "unknown check id '\(a.id)'\(hint); attestable ids: \(attestable.map(\.id.rawValue).joined(separator: ", "))")
        }
        guard attestable.contains(where: { $0.id == id }) else {
            throw .usage(
                "\(a.id) is decided from the project, not by an attestation; attestable ids: \(attestable.map(\.id.rawValue).joined(separator: ", "))"
            )
        }
        guard !a.by.trimmingCharacters(in: .whitespaces).isEmpty else { throw .usage("--by needs a name") }
        guard a.date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, validDate(a.date) else {
            throw .usage("--date must be a date written YYYY-MM-DD, got '\(a.date)'")
        }
        if let e = a.evidence, e.trimmingCharacters(in: .whitespaces).isEmpty { throw .usage("--evidence is empty") }
        do {
            _ = try PreflightConfig.parse(existing, source: source, knownChecks: Catalog.ids)
        } catch {
            throw .usage("\(error.description) (fix it before recording an attestation)")
        }
        var table = "[[attest]]\n"
        table += "id = \(quoted(a.id))\n"
        table += "by = \(quoted(a.by))\n"
        table += "date = \(quoted(a.date))\n"
        if let e = a.evidence { table += "evidence = \(quoted(e))\n" }
        var text = existing
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
        text += table
        let parsed: PreflightConfig
        do {
            parsed = try PreflightConfig.parse(text, source: source, knownChecks: Catalog.ids)
        } catch {
            throw .usage("appending [[attest]] would make the file invalid: \(error.description)")
        }
        guard parsed.attestations[id]?.by == a.by else { throw .usage("\(source): the attestation did not read back") }
        return text
    }

    static func validDate(_ text: String) -> Bool {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: text).map { f.string(from: $0) == text } ?? false
    }

    /// A TOML basic string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
