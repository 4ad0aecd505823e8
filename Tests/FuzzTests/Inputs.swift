import PropertyBased

/// Building blocks for hostile text: noise, awkward Unicode, and mutations of realistic documents.
enum Noise {
    /// Scalars and sequences parsers tend to mishandle.
    static let specials: [String] = [
        "\u{2028}", "\u{2029}", "\0", "\r\n", "\r", "\n", "\n\n", "\u{FEFF}", "\t", "\u{85}", "\u{200B}", "\u{1F600}",
        "e\u{301}", "\u{FFFD}", "\u{7F}", "\u{1B}[31m", "\u{202E}", "\u{10FFFF}", "\\", "\\\n", "\"", "'", "`", "#",
        "${", "{{", "}}", "[", "]", "{", "}", "[[", "]]", ":", "=", ",", "- ", "-", "&a", "*a", "<<", "<<EOF", "```",
        "~~~", "  ", "\u{A0}", "🇫🇷", "👩‍👩‍👧", "ǅ", "İ", "ß", "/*", "*/", "//", "0x", "1e999", "-0", "!!binary",
    ]

    static func int(_ range: ClosedRange<Int>, _ r: inout RNG) -> Int { Int.random(in: range, using: &r) }
    static func chance(_ p: Double, _ r: inout RNG) -> Bool { Double.random(in: 0..<1, using: &r) < p }
    static func pick<T>(_ items: [T], _ r: inout RNG) -> T { items[Int.random(in: 0..<items.count, using: &r)] }

    /// Any scalar: mostly ASCII, then BMP, astral planes, never a surrogate.
    static func scalar(_ r: inout RNG) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [
            0...0x7F, 0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF,
        ]
        let value = UInt32.random(in: pick(ranges, &r), using: &r)
        return Unicode.Scalar(value) ?? "?"
    }

    static func unicode(_ maxLength: Int, _ r: inout RNG) -> String {
        var out = String.UnicodeScalarView()
        for _ in 0..<int(0...maxLength, &r) {
            if chance(0.15, &r) {
                out.append(contentsOf: pick(specials, &r).unicodeScalars)
            } else {
                out.append(scalar(&r))
            }
        }
        return String(out)
    }

    /// Raw bytes, with a bias to ASCII structure characters and broken UTF-8 sequences.
    static func bytes(_ maxLength: Int, _ r: inout RNG) -> [UInt8] {
        let biased: [[UInt8]] = [
            [0x0A], [0x0D, 0x0A], [0x00], [0xFF], [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xEF, 0xBB, 0xBF], [0xC0, 0xAF], Array("{\"".utf8), Array("\":".utf8), Array("[1,".utf8),
        ]
        var out: [UInt8] = []
        let length = int(0...maxLength, &r)
        while out.count < length {
            if chance(0.2, &r) {
                out += pick(biased, &r)
            } else {
                out.append(UInt8.random(in: 0...255, using: &r))
            }
        }
        return out
    }

    /// Invalid UTF-8 as a `String` API sees it: decoded with replacement characters.
    static func decodedBytes(_ maxLength: Int, _ r: inout RNG) -> String {
        String(decoding: bytes(maxLength, &r), as: UTF8.self)
    }

    static func longLine(_ r: inout RNG) -> String {
        String(repeating: pick(["a", "#", " ", "\\", "é", "[", "- ", "\u{2028}"], &r), count: int(4_000...100_000, &r))
    }

    /// 1–4 edits of `text`: inserted specials, deleted or duplicated spans, truncation, CRLF, BOM, long lines.
    static func mutate(_ text: String, _ r: inout RNG) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<int(1...4, &r) {
            let at = int(0...scalars.count, &r)
            switch int(0...10, &r) {
            case 0, 1: scalars.insert(contentsOf: pick(specials, &r).unicodeScalars, at: at)
            case 2: scalars.insert(scalar(&r), at: at)
            case 3:
                let end = min(scalars.count, at + int(1...40, &r))
                scalars.removeSubrange(at..<end)
            case 4:
                let end = min(scalars.count, at + int(1...200, &r))
                let span = scalars[at..<end]
                for _ in 0..<int(1...30, &r) { scalars.insert(contentsOf: span, at: at) }
            case 5: scalars.removeSubrange(at...)
            case 6:
                scalars = Array(String(String.UnicodeScalarView(scalars)).replacing("\n", with: "\r\n").unicodeScalars)
            case 7: scalars.insert("\u{FEFF}", at: 0)
            case 8: scalars.insert(contentsOf: longLine(&r).unicodeScalars, at: at)
            case 9: scalars.insert(contentsOf: unicode(20, &r).unicodeScalars, at: at)
            default:
                if !scalars.isEmpty { scalars[min(at, scalars.count - 1)] = scalar(&r) }
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }
}

/// Lines drawn from fragments of real documents, optionally mutated.
enum Fragments {
    static func lines(_ fragments: [String], count: ClosedRange<Int>, _ r: inout RNG) -> String {
        (0..<Noise.int(count, &r)).map { _ in Noise.pick(fragments, &r) }.joined(separator: "\n")
    }
}

extension Gen where Value == String {
    /// Text for a parser: realistic documents from `structured`, mutated ones, Unicode noise and decoded bytes.
    static func hostileText(
        _ structured: @escaping @Sendable (inout RNG) -> String
    ) -> Generator<String, AnySequence<(index: Int, value: Any)>> {
        Gen<String>.frequency(
            (4, Generator<String, Shrink.None<String>>(run: { r in structured(&r) })),
            (4, Generator<String, Shrink.None<String>>(run: { r in Noise.mutate(structured(&r), &r) })),
            (1, Generator<String, Shrink.None<String>>(run: { r in Noise.unicode(300, &r) })),
            (1, Gen<UInt8>.value(in: 0...255).array(of: 0...400).map { String(decoding: $0, as: UTF8.self) }),
            (0.3, Generator<String, Shrink.None<String>>(run: { r in Noise.longLine(&r) }))
        )
    }
}
