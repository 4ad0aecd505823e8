/// Finds example values quoted in descriptions: `e.g. 'America/New_York'`, `(e.g., "UTC")`,
/// ``for example: `Europe/Paris` ``, `such as 'x'`, `like "x"`, `Examples: 'a', 'b'`.
/// Unquoted examples are taken only after e.g./for example/such as, and only when they look like
/// a value (contain a digit or symbol, or are capitalised and not a common word).
enum DescriptionExamples {
    struct Example: Equatable {
        var text: String
        /// Character offset of the marker in the description, to relate examples to property names.
        var offset: Int
        var quoted: Bool
    }

    private static let markers: [(text: String, unquoted: Bool)] = [
        ("e.g.", true), ("e. g.", true), ("eg.", true), ("e.g", true), ("for example", true), ("for instance", true),
        ("such as", true), ("examples", false), ("example", false), ("like", false), ("z. b.", true), ("z.b.", true),
    ]
    private static let quotes: [Character: Character] = [
        "'": "'", "\"": "\"", "`": "`", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}", "\u{00AB}": "\u{00BB}",
        "\u{201E}": "\u{201C}", "\u{300C}": "\u{300D}",
    ]
    private static let stopWords: Set<String> = ["The", "A", "An", "This", "That", "If", "When", "Use", "It", "You"]

    static func extract(from description: String) -> [Example] {
        let chars = Array(description)
        let lowered = chars.map { Character($0.lowercased()) }
        var found: [Example] = []
        var i = 0
        while i < chars.count {
            guard let marker = marker(at: i, in: lowered) else {
                i += 1
                continue
            }
            var j = i + marker.text.count
            while j < chars.count, chars[j] == ":" || chars[j] == "," || chars[j] == " " { j += 1 }
            let start = j
            var list = quotedList(chars, from: &j)
            let quoted = !list.isEmpty
            if !quoted, marker.unquoted, let token = unquoted(chars, from: start) { list = [token] }
            found += list.map { Example(text: $0, offset: i, quoted: quoted) }
            i = max(j, i + marker.text.count)
        }
        var seen: Set<String> = []
        return found.filter { !$0.text.isEmpty && seen.insert($0.text).inserted }
    }

    /// Every quoted value in a description, marker or not (`('local')`): weaker evidence, used
    /// after marked examples and only for the property's own description.
    static func quoted(in description: String) -> [String] {
        let chars = Array(description)
        var values: [String] = []
        var i = 0
        while i < chars.count {
            // An apostrophe inside a word (don't, user's) is not an opening quote.
            let opensWord = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
            if opensWord, quotes[chars[i]] != nil {
                var j = i
                let list = quotedList(chars, from: &j)
                if !list.isEmpty {
                    values += list.filter { !values.contains($0) }
                    i = j
                    continue
                }
            }
            i += 1
        }
        return values
    }

    /// A marker at `i` that starts a word (so "likely" and "unlike" do not count).
    private static func marker(at i: Int, in lowered: [Character]) -> (text: String, unquoted: Bool)? {
        if i > 0, lowered[i - 1].isLetter { return nil }
        for marker in markers {
            let m = Array(marker.text)
            guard i + m.count <= lowered.count, Array(lowered[i..<i + m.count]) == m else { continue }
            let after = i + m.count
            if marker.text.last?.isLetter == true, after < lowered.count, lowered[after].isLetter { continue }
            return marker
        }
        return nil
    }

    /// `'a'`, `'a', 'b'`, `'a' or 'b'` starting at `j`; advances `j` past what was read.
    private static func quotedList(_ chars: [Character], from j: inout Int) -> [String] {
        var values: [String] = []
        while j < chars.count, let close = quotes[chars[j]] {
            var k = j + 1
            while k < chars.count, chars[k] != close, chars[k] != "\n" { k += 1 }
            guard k < chars.count, chars[k] == close, k - j - 1 <= 200 else { break }
            values.append(String(chars[(j + 1)..<k]))
            j = k + 1
            var next = j
            while next < chars.count, chars[next] == "," || chars[next] == " " { next += 1 }
            if next + 3 <= chars.count, String(chars[next..<next + 3]) == "or " { next += 3 }
            guard next < chars.count, quotes[chars[next]] != nil else { break }
            j = next
        }
        return values
    }

    private static func unquoted(_ chars: [Character], from start: Int) -> String? {
        var k = start
        while k < chars.count, !chars[k].isWhitespace, !",;)]".contains(chars[k]) { k += 1 }
        var token = String(chars[start..<k])
        while let last = token.last, ".:".contains(last) { token.removeLast() }
        guard !token.isEmpty, token.count <= 100 else { return nil }
        let valueLike = token.contains { $0.isNumber || "/:.@-_#".contains($0) }
        let capitalised = token.first?.isUppercase == true && !stopWords.contains(token)
        return valueLike || capitalised ? token : nil
    }
}
