import PreflightCore

/// Literals assigned to secret-looking names: `API_KEY = "…"`, `password: …`, `"token": "…"`,
/// `api_key: str = "…"`, `Client(api_key="…")`, `os.getenv("API_KEY", "…")`. Found from the name's
/// last word (searched literally, so only lines naming a secret are read), then judged on the name
/// (`SecretNames.strength`) and on the value (`SecretValue.looksLikeCredential`).
enum SecretAssignments {
    /// How a file writes values.
    enum Syntax {
        /// Code: only quoted strings are literals (`KEY = other` is an expression); `name: type = "…"`.
        case code
        /// YAML, `.env`, INI, properties, shell: unquoted values are literals too.
        case data
    }

    struct Found {
        var nameStart: Int
        var name: String
        var value: String
    }

    /// A secret word as it ends a name, and the spellings that may complete it (`pass` → `password`).
    static let keywords: [(word: String, completions: [String])] = [
        ("pass", ["", "word", "wd", "phrase"]), ("pwd", [""]), ("secret", ["", "s"]), ("token", [""]),
        ("credential", ["", "s"]), ("creds", [""]), ("dsn", [""]), ("auth", ["", "orization"]), ("key", [""]),
    ]

    /// Each keyword in the three casings names are written in: `api_key`, `API_KEY`, `apiKey`.
    static let anchors: [(bytes: [UInt8], word: String, completions: [String])] = keywords.flatMap { word, completions in
        [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()].map {
            (Array($0.utf8), word, completions)
        }
    }

    static func find(in text: ScanText, syntax: Syntax) -> [Found] {
        var found: [Found] = []
        var seen: Set<Int> = []
        for anchor in anchors {
            for at in ByteSearch.offsets(of: anchor.bytes, in: text.bytes) {
                guard let item = assignment(in: text, anchorAt: at, anchor: anchor, syntax: syntax),
                    seen.insert(item.nameStart).inserted
                else { continue }
                found.append(item)
            }
        }
        return found.sorted { $0.nameStart < $1.nameStart }
    }

    static func assignment(
        in text: ScanText, anchorAt at: Int, anchor: (bytes: [UInt8], word: String, completions: [String]), syntax: Syntax
    ) -> Found? {
        // The keyword must be the name's last word: `password`, `api_key`, not `password_file`.
        let wordEnd = text.run(from: at, limit: 64, ScanText.isAlnum)
        let completion = text.string(at + anchor.bytes.count..<wordEnd).lowercased()
        guard anchor.completions.contains(completion) else { return nil }
        let nameEnd = wordEnd
        if text[nameEnd] == 0x5F || ((text[nameEnd] == 0x2D || text[nameEnd] == 0x2E) && ScanText.isAlnum(text[nameEnd + 1])) {
            return nil
        }
        var nameStart = at
        while nameStart > 0, at - nameStart < 128, isNameByte(text[nameStart - 1]) { nameStart -= 1 }
        while nameStart < at, text[nameStart] == 0x2D || text[nameStart] == 0x2E { nameStart += 1 }
        let quote = text[nameStart - 1]
        let quoted = ScanText.isQuote(quote) && text[nameEnd] == quote
        var i = text.skipBlanks(from: quoted ? nameEnd + 1 : nameEnd)
        let op = text[i]
        guard op == 0x3D || op == 0x3A || (op == 0x2C && quoted) else { return nil }  // = : ,
        let name = text.string(nameStart..<nameEnd)
        let strength = SecretNames.strength(name)
        guard strength != .none else { return nil }
        let valueRange: Range<Int>?
        if op == 0x2C {
            guard isDefaultArgument(text, openingQuote: nameStart - 1) else { return nil }
            valueRange = quotedValue(text, from: text.skipBlanks(from: i + 1), keyword: "default=")
        } else {
            // `==` is a comparison, `=>` a hash entry, `:=` an assignment, `::` a scope.
            if op == 0x3D && text[i + 1] == 0x3D { return nil }
            if op == 0x3A && text[i + 1] == 0x3A { return nil }
            i += (text[i + 1] == 0x3D || (op == 0x3D && text[i + 1] == 0x3E)) ? 2 : 1
            i = text.skipBlanks(from: i)
            valueRange = value(text, from: i, afterColon: op == 0x3A, syntax: syntax)
        }
        guard let valueRange else { return nil }
        let value = text.string(valueRange)
        let evidence: SecretValue.Evidence = strength == .strong ? .strongName : .weakName
        guard SecretValue.looksLikeCredential(value, evidence) else { return nil }
        return Found(nameStart: nameStart, name: name, value: SecretValue.withoutAuthScheme(value.trimmed))
    }

    /// `os.getenv("API_KEY", "…")`, `environ.get(…)`, `config.get(…)`, `env("API_KEY", default="…")`.
    static func isDefaultArgument(_ text: ScanText, openingQuote: Int) -> Bool {
        var i = openingQuote - 1
        while i >= 0, text[i] == 0x20 { i -= 1 }
        guard text[i] == 0x28 else { return false }  // (
        let end = i
        while i > 0, ScanText.isWord(text[i - 1]) { i -= 1 }
        let function = text.string(i..<end).lowercased()
        return ["getenv", "get", "env", "setdefault"].contains(function)
    }

    /// The literal after the operator, or nil when it is an expression.
    static func value(_ text: ScanText, from start: Int, afterColon: Bool, syntax: Syntax) -> Range<Int>? {
        var i = start
        if afterColon && syntax == .code && !isStringStart(text, i) {
            // `api_key: str = "…"`: skip the annotation to the `=` on the same line.
            let annotationEnd = text.run(from: i, limit: 120) { b in
                ScanText.isWord(b) || b == 0x20 || b == 0x2E || b == 0x7C || b == 0x5B || b == 0x5D || b == 0x2C
            }
            guard text[annotationEnd] == 0x3D, text[annotationEnd + 1] != 0x3D else { return nil }
            i = text.skipBlanks(from: annotationEnd + 1)
        }
        if let quoted = quotedValue(text, from: i, keyword: nil) { return quoted }
        guard syntax == .data, !isStringStart(text, i) else { return nil }
        return unquotedValue(text, from: i)
    }

    static func isStringStart(_ text: ScanText, _ i: Int) -> Bool {
        ScanText.isQuote(text[i]) || (prefixLength(text, i) > 0)
    }

    /// Python string prefixes: `r"…"`, `b'…'`, `f"…"`, `rb"…"`.
    static func prefixLength(_ text: ScanText, _ i: Int) -> Int {
        let letters: Set<UInt8> = Set("rRbBuUfF".utf8)
        if letters.contains(text[i]) {
            if ScanText.isQuote(text[i + 1]) && text[i + 1] != 0x60 { return 1 }
            if letters.contains(text[i + 1]) && ScanText.isQuote(text[i + 2]) && text[i + 2] != 0x60 { return 2 }
        }
        return 0
    }

    /// A string literal on one line, not continued by `+` or `%` (then it is part of an expression).
    static func quotedValue(_ text: ScanText, from start: Int, keyword: String?) -> Range<Int>? {
        var i = start
        if let keyword, text.has(keyword, at: i) { i = text.skipBlanks(from: i + keyword.utf8.count) }
        i += prefixLength(text, i)
        let quote = text[i]
        guard ScanText.isQuote(quote) else { return nil }
        var j = i + 1
        while j < text.count, j - i <= 513 {
            let b = text[j]
            if b == quote { break }
            if b == 0x0A { return nil }
            j += b == 0x5C ? 2 : 1
        }
        guard text[j] == quote, j > i + 1 else { return nil }
        let after = text.skipBlanks(from: j + 1)
        if text[after] == 0x2B || text[after] == 0x25 { return nil }
        return i + 1..<j
    }

    /// `KEY=value`, `key: value  # comment`: up to the end of the line, which must hold nothing else.
    static func unquotedValue(_ text: ScanText, from start: Int) -> Range<Int>? {
        // YAML tags (`!secret name`, `!Ref`), anchors, aliases and block scalars are not literals.
        guard !"!&*|>".utf8.contains(text[start]) else { return nil }
        let end = text.run(from: start, limit: 513) { b in
            !ScanText.isSpace(b) && !ScanText.isQuote(b) && b != 0x23 && b != 0x2C && b != 0x7D && b != 0
        }
        guard end > start else { return nil }
        let rest = text.skipBlanks(from: end)
        guard [0x0A, 0x0D, 0x23, 0].contains(text[rest]) || rest >= text.count else { return nil }
        return start..<end
    }

    static func isNameByte(_ b: UInt8) -> Bool { ScanText.isWord(b) || b == 0x2D || b == 0x2E }
}
