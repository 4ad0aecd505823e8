#if canImport(Glibc)
    import Glibc
#endif

/// What the hot loop needs from one line of the server's stdout, found by scanning bytes instead of
/// parsing JSON: the top-level keys are walked, their values skipped (strings with `memchr`), and
/// only the integer `id`, `error.code` and `result.isError` are read. Nothing is allocated.
/// Any byte sequence is safe: what is not a JSON object with sensible keys is `invalid`.
enum ResponseScanner {
    enum Kind: Equatable {
        case result, error, request, notification, invalid
    }

    struct Scan: Equatable {
        var kind: Kind
        /// The id when it is a non-negative integer (the only ids the load sends), else -1.
        var id: Int64 = -1
        /// `result.isError == true`: the tool failed.
        var isError = false
        /// `error.code`, when an integer.
        var code: Int64 = 0
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    static func scan(_ bytes: [UInt8]) -> Scan {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return Scan(kind: .invalid) }
            return scan(base, buffer.count)
        }
    }

    static func scan(_ p: UnsafePointer<UInt8>, _ n: Int) -> Scan {
        var i = skipSpace(p, 0, n)
        guard i < n, p[i] == UInt8(ascii: "{") else { return Scan(kind: .invalid) }
        i += 1
        var scan = Scan(kind: .invalid)
        var hasID = false
        var hasResult = false
        var hasError = false
        var hasMethod = false
        while true {
            i = skipSpace(p, i, n)
            guard i < n else { return Scan(kind: .invalid) }
            if p[i] == UInt8(ascii: "}") { break }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard p[i] == quote else { return Scan(kind: .invalid) }
            let keyStart = i + 1
            let keyEnd = stringEnd(p, keyStart, n)
            guard keyEnd >= 0 else { return Scan(kind: .invalid) }
            i = skipSpace(p, keyEnd + 1, n)
            guard i < n, p[i] == UInt8(ascii: ":") else { return Scan(kind: .invalid) }
            i = skipSpace(p, i + 1, n)
            guard i < n else { return Scan(kind: .invalid) }
            let key = Key(p + keyStart, keyEnd - keyStart)
            switch key {
            case .id:
                hasID = p[i] != UInt8(ascii: "n")  // `"id": null` is no id
                scan.id = integer(p, i, n) ?? -1
                i = skipValue(p, i, n)
            case .result:
                hasResult = true
                i =
                    p[i] == UInt8(ascii: "{")
                    ? member(p, i, n, named: .isError) { p, j, n in scan.isError = isTrue(p, j, n) } : skipValue(p, i, n)
            case .error:
                hasError = true
                i =
                    p[i] == UInt8(ascii: "{")
                    ? member(p, i, n, named: .code) { p, j, n in scan.code = integer(p, j, n) ?? 0 } : skipValue(p, i, n)
            case .method:
                hasMethod = true
                i = skipValue(p, i, n)
            case .isError, .code, .other:
                i = skipValue(p, i, n)
            }
            guard i >= 0 else { return Scan(kind: .invalid) }
        }
        if hasMethod {
            scan.kind = hasID ? .request : .notification
        } else if hasError && hasID {
            scan.kind = .error
        } else if hasResult && hasID {
            scan.kind = .result
        }
        return scan
    }

    /// The keys the scanner reads; anything else is skipped.
    enum Key {
        case id, result, error, method, isError, code, other

        init(_ p: UnsafePointer<UInt8>, _ length: Int) {
            func matches(_ word: StaticString) -> Bool {
                word.utf8CodeUnitCount == length && memcmp(p, word.utf8Start, length) == 0
            }
            switch length {
            case 2: self = matches("id") ? .id : .other
            case 4: self = matches("code") ? .code : .other
            case 5: self = matches("error") ? .error : .other
            case 6: self = matches("result") ? .result : (matches("method") ? .method : .other)
            case 7: self = matches("isError") ? .isError : .other
            default: self = .other
            }
        }
    }

    /// Walks the object at `i`; for the member `named`, calls `read` with its value's position.
    /// Returns the index after the object, or -1.
    static func member(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, named: Key, read: (UnsafePointer<UInt8>, Int, Int) -> Void
    ) -> Int {
        var i = start + 1
        while true {
            i = skipSpace(p, i, n)
            guard i < n else { return -1 }
            if p[i] == UInt8(ascii: "}") { return i + 1 }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard p[i] == quote else { return -1 }
            let keyEnd = stringEnd(p, i + 1, n)
            guard keyEnd >= 0 else { return -1 }
            let key = Key(p + i + 1, keyEnd - i - 1)
            i = skipSpace(p, keyEnd + 1, n)
            guard i < n, p[i] == UInt8(ascii: ":") else { return -1 }
            i = skipSpace(p, i + 1, n)
            guard i < n else { return -1 }
            if key == named { read(p, i, n) }
            i = skipValue(p, i, n)
            guard i >= 0 else { return -1 }
        }
    }

    @inline(__always)
    static func skipSpace(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int {
        var i = start
        while i < n, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D || p[i] == 0x0A { i += 1 }
        return i
    }

    /// Index of the quote that closes the string whose content starts at `start`, or -1.
    @inline(__always)
    static func stringEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int {
        var from = start
        while from < n {
            guard let hit = memchr(p + from, Int32(quote), n - from) else { return -1 }
            let q = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            // Escaped when preceded by an odd number of backslashes.
            var backslashes = 0
            while q - backslashes - 1 >= start, p[q - backslashes - 1] == backslash { backslashes += 1 }
            if backslashes % 2 == 0 { return q }
            from = q + 1
        }
        return -1
    }

    /// Index after the value at `i`, or -1 when it does not end on this line.
    static func skipValue(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let c = p[i]
        if c == quote {
            let end = stringEnd(p, i + 1, n)
            return end < 0 ? -1 : end + 1
        }
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
            var depth = 0
            var j = i
            while j < n {
                let b = p[j]
                if b == quote {
                    let end = stringEnd(p, j + 1, n)
                    guard end >= 0 else { return -1 }
                    j = end + 1
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    depth += 1
                } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return j + 1 }
                }
                j += 1
            }
            return -1
        }
        // A number or a literal: up to the next delimiter.
        var j = i
        while j < n {
            let b = p[j]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x09
                || b == 0x0D || b == 0x0A
            {
                break
            }
            j += 1
        }
        return j
    }

    /// A JSON integer at `i` (optionally negative, at most 18 digits), else nil.
    @inline(__always)
    static func integer(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int64? {
        var j = i
        var negative = false
        if j < n, p[j] == UInt8(ascii: "-") {
            negative = true
            j += 1
        }
        var value: Int64 = 0
        let first = j
        while j < n, p[j] >= 0x30, p[j] <= 0x39, j - first < 18 {
            value = value * 10 + Int64(p[j] - 0x30)
            j += 1
        }
        guard j > first else { return nil }
        // 5.0 or 1e3 is not an integer id.
        if j < n,
            p[j] == UInt8(ascii: ".") || p[j] == UInt8(ascii: "e") || p[j] == UInt8(ascii: "E") || (p[j] >= 0x30 && p[j] <= 0x39)
        {
            return nil
        }
        return negative ? -value : value
    }

    @inline(__always)
    static func isTrue(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        i + 4 <= n && p[i] == UInt8(ascii: "t") && p[i + 1] == UInt8(ascii: "r") && p[i + 2] == UInt8(ascii: "u")
            && p[i + 3] == UInt8(ascii: "e")
    }
}
