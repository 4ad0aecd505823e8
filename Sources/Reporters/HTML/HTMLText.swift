import Foundation

/// Escaping for everything the HTML report shows that came from the project, the server or the
/// user: element text and attribute values alike (inline SVG is parsed by the same HTML parser).
enum HTMLText {
    /// `&`, `<`, `>`, both quotes escaped; C0 and C1 control characters (but tab and line breaks)
    /// replaced by U+FFFD, so that nothing can close an element, open a tag or end an attribute.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r": break
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFEFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A fragment id from any text: letters, digits, `.`, `-` and `_` kept, the rest as `_`.
    static func id(_ s: String) -> String {
        String(
            s.unicodeScalars.map { c -> Character in
                let ok =
                    ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                    || "._-".unicodeScalars.contains(c)
                return ok ? Character(c) : "_"
            })
    }

    /// `text` with spans between backticks shown as code, everything escaped.
    static func inline(_ s: String) -> String {
        let parts = s.split(separator: "`", omittingEmptySubsequences: false)
        // An odd number of backticks leaves the last one literal.
        guard parts.count >= 3 else { return escape(s) }
        var out = ""
        for (i, part) in parts.enumerated() {
            let text = escape(String(part))
            if i % 2 == 1 && i < parts.count - 1 {
                out += "<code>\(text)</code>"
            } else if i % 2 == 1 {
                out += "`" + text
            } else {
                out += text
            }
        }
        return out
    }

    /// A number for a chart label: at most 3 significant figures, no exponent below a million.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        let a = abs(v)
        if a >= 1_000_000 { return String(format: "%.3g", v) }
        if a >= 100 || v == v.rounded() { return String(Int(v.rounded())) }
        if a >= 10 { return trim(String(format: "%.1f", v)) }
        if a >= 1 { return trim(String(format: "%.2f", v)) }
        return trim(String(format: "%.3g", v))
    }

    static func trim(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// Bytes as MB (10^6) for labels.
    static func megabytes(_ bytes: Double) -> String { number(bytes / 1_000_000) + " MB" }
}
