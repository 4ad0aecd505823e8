import PreflightCore

/// Shared look-ups for the Configuration checks: which pyproject.toml applies, and where a key is.
enum PyprojectSupport {
    static let path = "pyproject.toml"

    /// The parsed pyproject.toml, or the reason the Configuration checks do not apply.
    static func document(_ project: Project) -> Result<JSONValue, SkipReason> {
        if project.problem(in: path) != nil {
            return .failure(SkipReason("pyproject.toml could not be parsed (see project.files-parse)"))
        }
        guard project.exists(path) else {
            return .failure(SkipReason("no pyproject.toml: not a Python package project"))
        }
        guard let document = project.pyproject else {
            return .failure(SkipReason("pyproject.toml could not be read as text (see project.files-parse)"))
        }
        return .success(document)
    }

    /// For a project packaged with setup.py or setup.cfg (no pyproject.toml): `body` on its metadata,
    /// with " (read from setup.py)" added to the verdict. nil for other projects.
    static func setupPy(_ project: Project, _ body: (SetupPy) -> CheckOutput) -> CheckOutput? {
        guard let setup = SetupPy.load(project) else { return nil }
        var output = body(setup)
        if output.status != .skip { output.message += " (read from \(setup.path); there is no pyproject.toml)" }
        return output
    }

    /// Runs `body` on the parsed pyproject.toml, or skips with the reason it does not apply.
    static func check(_ project: Project, _ body: (JSONValue) -> CheckOutput) -> CheckOutput {
        switch document(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let document): return body(document)
        }
    }

    /// Where `key` (dotted, e.g. `project.requires-python`) is defined in pyproject.toml: the line of
    /// the key, else the line of its closest enclosing table header that exists, else line 1.
    static func location(_ project: Project, key: String) -> Location {
        Location(path, line: line(of: key, in: project.text(path) ?? "") ?? 1)
    }

    /// Where the string `value` appears inside the value of `key` (an array such as
    /// `project.dependencies`), falling back to the key's own line.
    static func location(_ project: Project, ofString value: String, inKey key: String) -> Location {
        let text = project.text(path) ?? ""
        let start = line(of: key, in: text) ?? 1
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in max(0, start - 1)..<lines.count {
            let line = lines[index]
            if line.contains("\"\(value)\"") || line.contains("'\(value)'") { return Location(path, line: index + 1) }
        }
        return Location(path, line: start)
    }

    /// The line of a dotted key, or of the nearest table header on its path. Keys are found whether they
    /// are written under a table header (`[project]` + `requires-python = ...`), as dotted keys
    /// (`project.requires-python = ...`), or as an inline table; values spanning lines are skipped over.
    static func line(of key: String, in text: String) -> Int? {
        let wanted = splitKey(key)
        var table: [String] = []
        var best: (length: Int, line: Int)?
        var depth = 0
        var multilineString: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = Substring(raw)
            if let quote = multilineString {
                guard let close = line.range(of: quote) else { continue }
                multilineString = nil
                line = line[close.upperBound...]
                depth += nesting(of: line, multilineString: &multilineString)
                continue
            }
            if depth > 0 {
                depth = max(0, depth + nesting(of: line, multilineString: &multilineString))
                continue
            }
            let trimmed = line.trimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[") {
                let isArray = trimmed.hasPrefix("[[")
                let body = trimmed.dropFirst(isArray ? 2 : 1)
                guard let close = body.firstIndex(of: "]") else { continue }
                table = splitKey(String(body[..<close]))
                let matched = commonPrefix(table, wanted)
                if matched == table.count, matched > (best?.length ?? 0) { best = (matched, lineNumber) }
                continue
            }
            guard let equals = keyEnd(trimmed) else { continue }
            let full = table + splitKey(String(trimmed[..<equals]))
            if full == wanted { return lineNumber }
            // An inline table or a parent key (`uv = { dev-dependencies = [...] }`) is the closest we get.
            let matched = commonPrefix(full, wanted)
            if matched == full.count, matched > (best?.length ?? 0) { best = (matched, lineNumber) }
            depth = max(0, nesting(of: trimmed[trimmed.index(after: equals)...], multilineString: &multilineString))
        }
        return best?.line
    }

    /// `a."b.c" . d` → `["a", "b.c", "d"]`.
    static func splitKey(_ key: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in key {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(current.trimmed)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current.trimmed)
        return parts.filter { !$0.isEmpty }
    }

    /// The index of the `=` that ends a key, outside quotes; nil when the line is not a key/value line.
    private static func keyEnd(_ line: String) -> String.Index? {
        var quote: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                return index
            } else if !(c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c.isWhitespace) {
                return nil
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// How many brackets/braces `text` leaves open (strings and comments skipped); notes an unclosed `"""`.
    private static func nesting(of text: Substring, multilineString: inout String?) -> Int {
        var depth = 0
        var rest = text
        while let c = rest.first {
            if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
                let quote = String(rest.prefix(3))
                rest = rest.dropFirst(3)
                guard let close = rest.range(of: quote) else {
                    multilineString = quote
                    return depth
                }
                rest = rest[close.upperBound...]
                continue
            }
            rest = rest.dropFirst()
            switch c {
            case "#": return depth
            case "[", "{": depth += 1
            case "]", "}": depth -= 1
            case "\"", "'":
                // Basic strings honour backslash escapes; literal strings do not.
                var escaped = false
                while let n = rest.first {
                    rest = rest.dropFirst()
                    if escaped { escaped = false } else if n == "\\" && c == "\"" { escaped = true } else if n == c { break }
                }
            default: break
            }
        }
        return depth
    }

    private static func commonPrefix(_ a: [String], _ b: [String]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// PEP 503 normalised distribution name: `Pytest_Asyncio` → `pytest-asyncio`.
    static func normalize(_ name: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                if !lastWasSeparator { out.append("-") }
                lastWasSeparator = true
            } else {
                out.append(c)
                lastWasSeparator = false
            }
        }
        return out
    }

    /// `[project]`'s `dynamic` list: fields a build backend fills in, so absent from the file by design.
    static func isDynamic(_ field: String, in document: JSONValue) -> Bool {
        (document["project"]?["dynamic"]?.arrayValue ?? []).contains { $0.stringValue == field }
    }
}
