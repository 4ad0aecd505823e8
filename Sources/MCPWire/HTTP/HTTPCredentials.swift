import PreflightCore

/// Headers the user gave for authentication (`--header "Name: value"`, `--bearer-env VAR`). They go
/// into every request unless a probe leaves them out on purpose, and nowhere else: records,
/// transcripts and descriptions show the names and a redacted form only.
public struct HTTPCredentials: Sendable, CustomStringConvertible, CustomReflectable {
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case malformedHeader(name: String)
        case missingVariable(String)
        case emptyVariable(String)

        public var description: String {
            switch self {
            case .malformedHeader(let name): return "--header \"\(name): …\" is not a valid `Name: value` header"
            case .missingVariable(let v): return "--bearer-env \(v): the variable is not set"
            case .emptyVariable(let v): return "--bearer-env \(v): the variable is empty"
            }
        }
    }

    public private(set) var headers = HeaderList()
    private var secretValues: [String] = []

    public init() {}

    public var isEmpty: Bool { headers.isEmpty }
    public var names: [String] { headers.map(\.name) }

    /// `Name: value`, as given on the command line. The error never repeats the value.
    public mutating func addHeader(_ line: String) throws(Problem) {
        guard let colon = line.firstIndex(of: ":") else { throw .malformedHeader(name: "?") }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard Self.isToken(name) else { throw .malformedHeader(name: name.isEmpty ? "?" : String(name.prefix(40))) }
        guard !value.isEmpty, !value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw .malformedHeader(name: name)
        }
        headers.add(name, value)
        remember(value)
        // `Authorization: Bearer X`: X alone is a secret too (a server may echo only the token).
        if let token = Self.bearerToken(value) { remember(token) }
    }

    /// `Authorization: Bearer <value of VAR>`.
    public mutating func addBearer(fromEnvironment variable: String, environment: [String: String]) throws(Problem) {
        guard let token = environment[variable] else { throw .missingVariable(variable) }
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyVariable(variable) }
        headers.set("Authorization", "Bearer \(trimmed)")
        remember(trimmed)
        remember("Bearer \(trimmed)")
    }

    private mutating func remember(_ secret: String) {
        if !secret.isEmpty, !secretValues.contains(secret) { secretValues.append(secret) }
    }

    /// Every credential value, for scrubbing output that Preflight does not build itself.
    public var secrets: [String] { secretValues }

    /// A header list as it may be recorded: credential headers and any value holding a secret redacted.
    public func redact(_ list: HeaderList) -> HeaderList {
        let credentialNames = Set(names.map { $0.lowercased() })
        return HeaderList(
            list.map { line in
                if credentialNames.contains(line.name.lowercased())
                    || secretValues.contains(where: { $0.count >= 4 && line.value.contains($0) })
                {
                    return HeaderList.Line(line.name, Self.redactedValue(line.value))
                }
                return line
            })
    }

    /// Every occurrence of a credential in `text`, replaced by its redacted form. Unlike
    /// `Redaction.scrub` this does not ask whether the value looks like a secret: the user said so.
    public func scrub(_ text: String) -> String {
        var out = text
        for secret in secretValues.sorted(by: { $0.count > $1.count }) where secret.count >= 4 && out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Redaction.redact(secret))
        }
        return out
    }

    public func scrub(_ bytes: [UInt8]) -> [UInt8] {
        guard !secretValues.isEmpty else { return bytes }
        let needles = secretValues.filter { $0.count >= 4 }.map { Array($0.utf8) }
        guard needles.contains(where: { bytes.firstRange(of: $0) != nil }) else { return bytes }
        return Array(scrub(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    public var description: String {
        isEmpty ? "no credentials" : "credentials in \(names.joined(separator: ", ")) (values redacted)"
    }

    public var customMirror: Mirror { Mirror(self, children: ["names": names]) }

    static func redactedValue(_ value: String) -> String {
        if let token = bearerToken(value) { return "Bearer " + Redaction.redact(token) }
        return Redaction.redact(value)
    }

    static func bearerToken(_ value: String) -> String? {
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// RFC 9110 `token`: the only header names that can go on the wire.
    static func isToken(_ s: some StringProtocol) -> Bool {
        !s.isEmpty
            && s.utf8.allSatisfy { b in
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                    || "!#$%&'*+-.^_`|~".utf8.contains(b)
            }
    }
}
