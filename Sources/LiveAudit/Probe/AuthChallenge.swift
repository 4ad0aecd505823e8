/// One `WWW-Authenticate` challenge (RFC 9110 §11.6.1): `scheme [token68 / #auth-param]`, where a
/// parameter value is a token or a quoted-string with backslash escapes. Several challenges may share
/// one header line, separated by commas, and the header may repeat.
struct AuthChallenge: Sendable, Equatable {
    var scheme: String
    var token68: String?
    /// Parameter names lowercased (they are case-insensitive), values unquoted.
    var params: [String: String] = [:]

    static func parse(_ headerValues: [String]) -> [AuthChallenge] {
        Array(headerValues.prefix(16).flatMap { parse(line: $0) }.prefix(32))
    }

    static func parse(line: String) -> [AuthChallenge] {
        var s = Cursor(Array(line.prefix(8192)))
        var out: [AuthChallenge] = []
        while out.count < 32 {
            s.skip { $0 == " " || $0 == "\t" || $0 == "," }
            guard let scheme = s.token() else { break }
            var challenge = AuthChallenge(scheme: scheme)
            var first = true
            while true {
                let mark = s.index
                s.skip { $0 == " " || $0 == "\t" }
                // After the first parameter, each further one follows a comma.
                if !first {
                    guard s.peek == "," else { break }
                    s.skip { $0 == " " || $0 == "\t" || $0 == "," }
                }
                guard let name = s.token() else {
                    s.index = mark
                    break
                }
                s.skip { $0 == " " || $0 == "\t" }
                guard s.peek == "=" else {
                    // A bare token right after the scheme is its token68; after a comma, the next scheme.
                    if first, challenge.token68 == nil {
                        challenge.token68 = name
                        first = false
                        continue
                    }
                    s.index = mark
                    break
                }
                s.advance()
                s.skip { $0 == " " || $0 == "\t" }
                if first, s.atEnd || s.peek == "=" || s.peek == "," {
                    // token68 with its `=` padding: `Basic dXNlcg==`.
                    var value = name + "="
                    while s.peek == "=" {
                        value.append("=")
                        s.advance()
                    }
                    challenge.token68 = value
                    first = false
                    continue
                }
                challenge.params[name.lowercased()] = s.peek == "\"" ? s.quoted() : (s.token() ?? "")
                first = false
            }
            out.append(challenge)
        }
        return out
    }
}

private struct Cursor {
    let chars: [Character]
    var index = 0
    init(_ chars: [Character]) { self.chars = chars }

    var atEnd: Bool { index >= chars.count }
    var peek: Character? { atEnd ? nil : chars[index] }
    mutating func advance() { index += 1 }
    mutating func skip(_ matching: (Character) -> Bool) { while let c = peek, matching(c) { index += 1 } }

    /// RFC 9110 `token` characters, and `/` for token68 values (base64).
    mutating func token() -> String? {
        let start = index
        while let c = peek, c.isASCII, c.isLetter || c.isNumber || "!#$%&'*+-.^_`|~/".contains(c) { index += 1 }
        return index > start ? String(chars[start..<index]) : nil
    }

    mutating func quoted() -> String {
        advance()
        var value = ""
        while let c = peek {
            advance()
            if c == "\\", let next = peek {
                value.append(next)
                advance()
            } else if c == "\"" {
                break
            } else {
                value.append(c)
            }
        }
        return value
    }
}
