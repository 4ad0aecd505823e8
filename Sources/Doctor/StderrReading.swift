import Foundation

/// What a server's stderr says about why it did not start: Python tracebacks, uv's and npm's own
/// errors, an HTTP server announcing its address. Patterns are the tools' own words.
enum StderrReading {
    struct Match: Sendable, Equatable {
        var cause: Diagnosis.Cause
        /// The line that decided, as printed.
        var line: String
        /// The captured part (module, package, URL, requirement), when there is one.
        var value: String?
        /// `file:line` of a syntax error.
        var location: String?
    }

    /// Standard-library modules that appeared in a Python release the MCP SDK supports: a missing one
    /// means the interpreter is too old, not that a dependency is missing.
    static let newStdlibModules: [String: String] = ["tomllib": "3.11", "zoneinfo": "3.9", "graphlib": "3.9"]
    /// Standard-library modules whose `cannot import name` means an older Python (`typing.Self`, `enum.StrEnum`).
    static let stdlibModules: Set<String> = [
        "typing", "enum", "asyncio", "dataclasses", "functools", "itertools", "collections", "contextlib", "datetime",
        "types", "inspect", "os", "sys",
    ]

    static func firstMatch(_ pattern: String, in line: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(line.startIndex..., in: line)
        guard let m = regex.firstMatch(in: line, range: range) else { return nil }
        return (0..<m.numberOfRanges).map { i in
            Range(m.range(at: i), in: line).map { String(line[$0]) } ?? ""
        }
    }

    /// The URL an HTTP server announced (`Uvicorn running on http://127.0.0.1:8000`), if one did.
    static func announcedHTTPURL(_ lines: [String]) -> String? {
        for line in lines {
            if let g = firstMatch(
                #"(?i)(?:uvicorn running on|running on|listening on|serving on|server started (?:at|on)|started server on)\s+(https?://[^\s()'"]+)"#,
                in: line)
            {
                return g[1]
            }
        }
        return nil
    }

    /// The most specific cause stderr shows, most specific first.
    static func cause(_ lines: [String]) -> Match? {
        // Later lines are closer to the failure: the last traceback wins.
        for line in lines.reversed() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if let g = firstMatch(#"ModuleNotFoundError: No module named '([^']+)'"#, in: t) {
                let top = String(g[1].split(separator: ".").first ?? "")
                if newStdlibModules[top] != nil { return Match(cause: .pythonTooOld, line: t, value: top) }
                return Match(cause: .dependenciesMissing, line: t, value: g[1])
            }
            if let g = firstMatch(#"ImportError: cannot import name '([^']+)' from '([^']+)'"#, in: t) {
                let module = String(g[2].split(separator: ".").first ?? "")
                return Match(cause: stdlibModules.contains(module) ? .pythonTooOld : .dependenciesMissing, line: t, value: g[2])
            }
            if let g = firstMatch(#"^ImportError: No module named '?([A-Za-z0-9_.]+)'?"#, in: t) {
                return Match(cause: .dependenciesMissing, line: t, value: g[1])
            }
            if firstMatch(#"^(SyntaxError|IndentationError|TabError)\b"#, in: t) != nil {
                return Match(cause: .syntaxError, line: t, location: syntaxLocation(lines))
            }
            if let g = firstMatch(#"No interpreter found for (Python [^ ]+(?: [^ ]+)?)"#, in: t) {
                return Match(cause: .pythonTooOld, line: t, value: g[1])
            }
            if let g = firstMatch(#"incompatible with the project's Python requirement: `([^`]+)`"#, in: t) {
                return Match(cause: .pythonTooOld, line: t, value: g[1])
            }
            if firstMatch(#"(?i)python (>=\s*)?3\.\d+ or (later|newer|higher|above)|requires python\s*(>=|version)"#, in: t)
                != nil
            {
                return Match(cause: .pythonTooOld, line: t)
            }
            if let g = firstMatch(#"can't open file '([^']+)': \[Errno 2\]"#, in: t) {
                return Match(cause: .scriptNotFound, line: t, value: g[1])
            }
            if let g = firstMatch(#"^(?:/usr/bin/)?env: '?([^':]+)'?: No such file or directory"#, in: t) {
                return Match(cause: .commandNotFound, line: t, value: g[1])
            }
            if firstMatch(#"^npm (ERR!|error) (code E404|404)"#, in: t) != nil {
                return Match(cause: .packageNotFound, line: t)
            }
            if firstMatch(#"(?i)was not found in the (package registry|cache)|not found in the package registry"#, in: t) != nil {
                return Match(cause: .packageNotFound, line: t)
            }
            if let g = firstMatch(#"^error: Failed to spawn: `([^`]+)`"#, in: t) {
                return Match(cause: .uvFailed, line: t, value: g[1])
            }
        }
        // uv's own `error:` line, when nothing more specific was said.
        if let line = lines.first(where: { $0.hasPrefix("error: ") }) { return Match(cause: .uvFailed, line: line) }
        if let url = announcedHTTPURL(lines) { return Match(cause: .httpServerOnStdio, line: url, value: url) }
        return nil
    }

    /// `path:line` from a Python syntax error report (`  File "x.py", line 3`).
    static func syntaxLocation(_ lines: [String]) -> String? {
        for line in lines.reversed() {
            if let g = firstMatch(#"File "([^"]+)", line (\d+)"#, in: line) { return "\(g[1]):\(g[2])" }
        }
        return nil
    }

    /// The last lines worth showing: trailing blank lines dropped, each line cut to 300 characters.
    static func tail(_ lines: [String], count: Int = 10) -> [String] {
        var trimmed = lines
        while let last = trimmed.last, last.trimmingCharacters(in: .whitespaces).isEmpty { trimmed.removeLast() }
        return trimmed.suffix(count).map { $0.count > 300 ? String($0.prefix(300)) + "…" : $0 }
    }
}
