import CByteSearch

/// Literal search over UTF-8 bytes with the C library's `memmem`: linear, vectorised, and as fast in
/// a debug build as in a release one. Scanners use it as a prefilter so that finer (and slower)
/// matching only runs where a literal anchor occurs.
public enum ByteSearch {
    /// Start offsets of every non-overlapping occurrence of `needle` in `haystack`, in order.
    public static func offsets(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard !needle.isEmpty, let base = haystack.baseAddress, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        needle.withUnsafeBufferPointer { n in
            guard let nb = n.baseAddress else { return }
            var start = 0
            while start <= haystack.count - n.count,
                let hit = preflight_memmem(base + start, haystack.count - start, nb, n.count)
            {
                let offset = UnsafeRawPointer(base).distance(to: hit)
                found.append(offset)
                start = offset + n.count
            }
        }
        return found
    }

    /// Whether `needle` occurs in `text`, byte for byte (no Unicode normalisation, unlike
    /// Foundation's `range(of:)`, and no bridging).
    public static func contains(_ text: String, _ needle: String) -> Bool {
        guard !needle.isEmpty else { return true }
        return withBytes(text) { hay in
            withBytes(needle) { n in
                guard let hb = hay.baseAddress, let nb = n.baseAddress, hay.count >= n.count else { return false }
                return preflight_memmem(hb, hay.count, nb, n.count) != nil
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text` (contiguous for native strings, copied otherwise).
    public static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return try copy.withUTF8(body)
    }
}
