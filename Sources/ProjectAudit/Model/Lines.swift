extension String {
    /// The lines of a text file, split at `"\n"` with a `"\r"` before it dropped (CRLF files), found on
    /// the UTF-8 bytes: splitting by Character walks grapheme clusters, many times slower on large docs.
    /// `"a\n"` gives `["a", ""]`, as `split(omittingEmptySubsequences: false)` does.
    var lineSlices: [Substring] {
        var lines: [Substring] = []
        let utf8 = self.utf8
        var start = utf8.startIndex
        while let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
            lines.append(self[start..<end])
            start = utf8.index(after: newline)
        }
        lines.append(self[start...])
        return lines
    }
}
