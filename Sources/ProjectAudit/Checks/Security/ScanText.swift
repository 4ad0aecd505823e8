#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file's UTF-8 bytes while the secret scanner reads them. Reads outside the text give 0, so
/// that matchers can look one byte before or after a token without bounds checks of their own.
struct ScanText {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    subscript(_ i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : 0 }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The end of the run of bytes satisfying `accept` from `start`, looking at most `limit` bytes.
    func run(from start: Int, limit: Int = 1024, _ accept: (UInt8) -> Bool) -> Int {
        var i = start
        let end = min(bytes.count, start + limit)
        while i < end, accept(bytes[i]) { i += 1 }
        return i
    }

    /// Whether `literal` is at `i`.
    func has(_ literal: String, at i: Int) -> Bool {
        var j = i
        for b in literal.utf8 {
            guard self[j] == b else { return false }
            j += 1
        }
        return true
    }

    func skipBlanks(from i: Int) -> Int { run(from: i, limit: 256) { $0 == 0x20 || $0 == 0x09 } }

    /// 1-based line numbers of ascending byte offsets, counting newlines with `memchr`.
    func lineNumbers(of offsets: [Int]) -> [Int] {
        guard let base = bytes.baseAddress else { return offsets.map { _ in 1 } }
        var lines: [Int] = []
        var line = 1
        var position = 0
        for offset in offsets {
            while position < offset, let nl = memchr(base + position, 0x0A, offset - position) {
                line += 1
                position = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
            }
            if position < offset { position = offset }
            lines.append(line)
        }
        return lines
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isUpper(b) || isLower(b) }
    /// A regular-expression word character: `[A-Za-z0-9_]`.
    static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F }
    /// `[A-Za-z0-9_-]`, the alphabet of URL-safe base64 and most token bodies.
    static func isURLSafe(_ b: UInt8) -> Bool { isWord(b) || b == 0x2D }
    static func isLowerHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) }
    static func isBase64(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2B || b == 0x2F || b == 0x3D }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    static func isQuote(_ b: UInt8) -> Bool { b == 0x22 || b == 0x27 || b == 0x60 }
}
