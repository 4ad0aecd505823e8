/// Estimates cl100k_base token counts without the tokenizer's vocabulary: the text is split
/// exactly as cl100k's pre-tokenizer does (BPE never merges across those pieces), then each piece
/// is priced by shape. Calibrated against tiktoken on real MCP tool lists (see
/// Tests/MCPSchemaTests/TokenCorpus): within a few percent on JSON tool listings.
public enum TokenEstimator {
    public static let name = "cl100k_base estimate (pre-tokenizer emulation)"

    public static func count(_ text: String) -> Int {
        var total = 0.0
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            let (kind, end) = PreTokenizer.next(s, from: i)
            total += cost(kind, s[i..<end])
            i = end
        }
        return Int(total.rounded())
    }

    static func cost(_ kind: PreTokenizer.Kind, _ piece: ArraySlice<Unicode.Scalar>) -> Double {
        switch kind {
        // Every 1-3 digit group, contraction and whitespace run is a single token in cl100k.
        case .contraction, .digits, .whitespace: return 1
        case .letters: return letters(piece)
        case .punctuation: return punctuation(piece)
        }
    }

    /// Symbol runs: JSON glue like `":"` or `"},{"` merges into tokens of about four characters;
    /// non-ASCII symbols (CJK punctuation, emoji) are byte-level and cost more.
    static func punctuation(_ piece: ArraySlice<Unicode.Scalar>) -> Double {
        var core = piece
        while core.first == " " { core = core.dropFirst() }
        while let last = core.last, PreTokenizer.isNewline(last) { core = core.dropLast() }
        let nonASCII = core.count { !$0.isASCII }
        let ascii = core.count - nonASCII
        let asciiCost = ascii == 0 ? 0 : max(1, (Double(ascii) / 4).rounded(.up))
        return asciiCost + Double(nonASCII) * 1.5
    }

    /// A letter run with an optional leading non-letter: priced per camelCase part.
    static func letters(_ piece: ArraySlice<Unicode.Scalar>) -> Double {
        var body = piece
        var prefix: Unicode.Scalar?
        if let first = piece.first, !PreTokenizer.isLetter(first) {
            prefix = first
            body = piece.dropFirst()
        }
        let parts = camelParts(body)
        var total = 0.0
        for (index, part) in parts.enumerated() {
            total += word(part, spaced: index == 0 && prefix == " ")
        }
        // `_path`, `.com`, `/value` are single tokens; a symbol before a rare word usually is not merged.
        if let prefix, prefix != " ", let first = parts.first {
            let lowered = lowercase(first)
            if known(lowered) == nil && first.count > 4 { total += 0.6 }
        }
        return total
    }

    /// Cost of one word part. `spaced` words (after a space) are far more often whole tokens.
    static func word(_ part: ArraySlice<Unicode.Scalar>, spaced: Bool) -> Double {
        let length = Double(part.count)
        if part.allSatisfy(\.isASCII) {
            if part.count <= 2 { return 1 }
            let lowered = lowercase(part)
            if part.allSatisfy({ $0.properties.isUppercase }) {
                if part.count <= 3 { return 1 }
                return known(lowered).map { $0 + 0.5 } ?? length / 2.5
            }
            if let cost = known(lowered) { return cost }
            let limit = spaced ? 6.0 : 4.0
            return length <= limit ? 1 : 1 + (length - limit) / (spaced ? 4.0 : 3.5)
        }
        if part.allSatisfy(isCJK) { return 1.2 * length }
        if part.allSatisfy(isLatin) {
            let accented = Double(part.count { !$0.isASCII })
            return (length <= 6 ? 1 : 1 + (length - 6) / 4) + accented * 0.8
        }
        return length / 2
    }

    /// Cost of a word found in the frequency list, possibly with a common inflection.
    static func known(_ word: String) -> Double? {
        if commonWords.contains(word) { return 1 }
        for suffix in ["s", "es", "ed", "d", "ing", "ly", "er", "ers", "ation", "ations"] where word.hasSuffix(suffix) {
            if commonWords.contains(String(word.dropLast(suffix.count))) { return suffix.count == 1 ? 1.15 : 1.5 }
        }
        return nil
    }

    static let commonWords: Set<String> = Set(commonWordList.split(whereSeparator: \.isWhitespace).map(String.init))

    /// Splits `HTTPServerError` into HTTP, Server, Error; runs of caseless letters (CJK) stay whole.
    static func camelParts(_ s: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        func isUpper(_ c: Unicode.Scalar) -> Bool { c.properties.generalCategory == .uppercaseLetter }
        func isLower(_ c: Unicode.Scalar) -> Bool { c.properties.generalCategory == .lowercaseLetter }
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var i = s.startIndex
        while i < s.endIndex {
            var j = i
            if isUpper(s[i]) {
                while j < s.endIndex, isUpper(s[j]) { j += 1 }
                if j < s.endIndex, isLower(s[j]) {
                    if j - i > 1 {
                        j -= 1  // the last capital starts the next word
                    } else {
                        while j < s.endIndex, isLower(s[j]) { j += 1 }
                    }
                }
            } else if isLower(s[i]) {
                while j < s.endIndex, isLower(s[j]) { j += 1 }
            } else {
                while j < s.endIndex, !isUpper(s[j]), !isLower(s[j]) { j += 1 }
            }
            parts.append(s[i..<j])
            i = j
        }
        return parts
    }

    private static func lowercase(_ part: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(part)).lowercased()
    }

    private static func isCJK(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF: return true
        default: return false
        }
    }

    private static func isLatin(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return true
        default: return false
        }
    }
}
