/// Checks and sample values for the `format`s MCP tools use. Hand-written (no regex) so they
/// are fast and cannot fail to compile; unknown formats are accepted, as the spec allows.
enum Formats {
    static let known: Set<String> = [
        "date-time", "date", "time", "email", "idn-email", "uri", "uri-reference", "iri", "url", "uuid",
        "ipv4", "ipv6", "hostname", "idn-hostname", "duration", "regex", "json-pointer",
    ]

    /// A fixed, clock-independent sample for each known format.
    static func sample(_ format: String) -> String? {
        switch format {
        case "date-time": return "2025-01-15T12:00:00Z"
        case "date": return "2025-01-15"
        case "time": return "12:00:00Z"
        case "email", "idn-email": return "user@example.com"
        case "uri", "iri", "url", "uri-reference": return "https://example.com"
        case "uuid": return "123e4567-e89b-12d3-a456-426614174000"
        case "ipv4": return "127.0.0.1"
        case "ipv6": return "::1"
        case "hostname", "idn-hostname": return "example.com"
        case "duration": return "PT1H"
        case "regex": return ".*"
        case "json-pointer": return "/"
        default: return nil
        }
    }

    static func isValid(_ value: String, format: String) -> Bool {
        switch format {
        case "date-time": return isDateTime(value)
        case "date": return isDate(value)
        case "time": return isTime(value)
        case "email", "idn-email": return isEmail(value)
        case "uri", "iri", "url": return isURI(value)
        case "uuid": return isUUID(value)
        case "ipv4": return isIPv4(value)
        case "ipv6": return isIPv6(value)
        case "hostname", "idn-hostname": return isHostname(value)
        case "duration": return value.hasPrefix("P") && value.count > 1
        case "json-pointer": return value.isEmpty || value.hasPrefix("/")
        default: return true
        }
    }

    private static func digits(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    static func isDate(_ v: String) -> Bool {
        let parts = v.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = digits(parts[0]), let month = digits(parts[1]), let day = digits(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// RFC 3339 full-time: HH:MM:SS[.frac](Z|±HH:MM).
    static func isTime(_ v: String) -> Bool {
        var body = Substring(v)
        if body.last == "Z" || body.last == "z" {
            body = body.dropLast()
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = body[body.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
            guard offset.count == 2, offset.allSatisfy({ $0.count == 2 }), let h = digits(offset[0]),
                let m = digits(offset[1]), h < 24, m < 60
            else { return false }
            body = body[..<sign]
        } else {
            return false
        }
        var fields = body.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return false }
        if let dot = fields[2].firstIndex(of: ".") {
            guard digits(fields[2][fields[2].index(after: dot)...]) != nil else { return false }
            fields[2] = fields[2][..<dot]
        }
        guard fields.allSatisfy({ $0.count == 2 }), let h = digits(fields[0]), let m = digits(fields[1]),
            let s = digits(fields[2])
        else { return false }
        return h < 24 && m < 60 && s <= 60
    }

    static func isDateTime(_ v: String) -> Bool {
        guard let t = v.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
        return isDate(String(v[..<t])) && isTime(String(v[v.index(after: t)...]))
    }

    static func isEmail(_ v: String) -> Bool {
        let parts = v.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(" ") else { return false }
        return isHostname(String(parts[1])) && parts[1].contains(".")
    }

    static func isURI(_ v: String) -> Bool {
        guard let colon = v.firstIndex(of: ":"), colon != v.startIndex else { return false }
        let scheme = v[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        let schemeOK = scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        return schemeOK && !v.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" })
    }

    static func isUUID(_ v: String) -> Bool {
        let groups = v.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func isIPv4(_ v: String) -> Bool {
        let parts = v.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { p in
            guard p.count <= 3, let n = digits(p), n <= 255 else { return false }
            return p.count == 1 || p.first != "0"
        }
    }

    static func isIPv6(_ v: String) -> Bool {
        guard v.contains(":"), v.count <= 45 else { return false }
        var text = Substring(v)
        var groupsNeeded = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon] + "0"
            groupsNeeded = 7
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ s: String) -> [Substring]? {
            if s.isEmpty { return [] }
            let g = s.split(separator: ":", omittingEmptySubsequences: false)
            return g.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) ? g : nil
        }
        guard let head = groups(halves[0]) else { return false }
        if halves.count == 1 { return head.count == groupsNeeded }
        guard let tail = groups(halves[1]) else { return false }
        return head.count + tail.count < groupsNeeded
    }

    static func isHostname(_ v: String) -> Bool {
        guard !v.isEmpty, v.utf8.count <= 253 else { return false }
        let labels = v.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.allSatisfy { $0 == "-" || ($0.isLetter || $0.isNumber) }
        }
    }
}

extension Substring {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = self
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
