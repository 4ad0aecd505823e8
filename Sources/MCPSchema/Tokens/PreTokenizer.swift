/// A hand-written equivalent of cl100k_base's pre-tokenizer regex
/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
/// BPE never merges across these pieces, so a token count is a sum over pieces. Scanning scalars
/// directly keeps it linear and free of regex-engine differences.
enum PreTokenizer {
    enum Kind: Equatable { case contraction, letters, digits, punctuation, whitespace }

    struct Piece: Equatable {
        var kind: Kind
        var scalars: ArraySlice<Unicode.Scalar>
        var text: String { String(String.UnicodeScalarView(scalars)) }
    }

    static func pieces(_ text: String) -> [Piece] {
        let s = Array(text.unicodeScalars)
        var out: [Piece] = []
        var i = 0
        while i < s.count {
            let (kind, end) = next(s, from: i)
            out.append(Piece(kind: kind, scalars: s[i..<end]))
            i = end
        }
        return out
    }

    /// The kind and end of the piece starting at `i`; alternatives in the regex's order.
    static func next(_ s: [Unicode.Scalar], from i: Int) -> (Kind, Int) {
        let n = s.count
        let c = s[i]
        if c == "'", i + 1 < n {
            let a = lower(s[i + 1])
            if "stmd".unicodeScalars.contains(a) { return (.contraction, i + 2) }
            if i + 2 < n {
                let pair = String(String.UnicodeScalarView([a, lower(s[i + 2])]))
                if pair == "re" || pair == "ve" || pair == "ll" { return (.contraction, i + 3) }
            }
        }
        if isLetter(c) || (!isNewline(c) && !isNumber(c) && i + 1 < n && isLetter(s[i + 1])) {
            var j = i + 1
            while j < n, isLetter(s[j]) { j += 1 }
            return (.letters, j)
        }
        if isNumber(c) {
            var j = i + 1
            while j < n, j < i + 3, isNumber(s[j]) { j += 1 }
            return (.digits, j)
        }
        let start = c == " " ? i + 1 : i
        if start < n, isSymbol(s[start]) {
            var j = start + 1
            while j < n, isSymbol(s[j]) { j += 1 }
            while j < n, isNewline(s[j]) { j += 1 }
            return (.punctuation, j)
        }
        // Whitespace run: up to its last newline; else all but the last space before a non-space.
        var j = i
        while j < n, s[j].properties.isWhitespace { j += 1 }
        if let lastNewline = (i..<j).last(where: { isNewline(s[$0]) }) { return (.whitespace, lastNewline + 1) }
        if j < n, j - i >= 2 { return (.whitespace, j - 1) }
        return (.whitespace, max(j, i + 1))
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    /// `[^\s\p{L}\p{N}]`
    static func isSymbol(_ c: Unicode.Scalar) -> Bool { !c.properties.isWhitespace && !isLetter(c) && !isNumber(c) }

    private static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.isASCII && c.properties.isUppercase ? Unicode.Scalar(c.value + 32) ?? c : c
    }
}
