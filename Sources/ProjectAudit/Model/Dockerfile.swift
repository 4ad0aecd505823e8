import PreflightCore

/// A parsed Dockerfile: logical instructions (continuations joined, comments dropped) in stages.
public struct Dockerfile: Sendable {
    public struct Instruction: Sendable {
        /// Upper-cased keyword, e.g. `RUN`.
        public var keyword: String
        /// Everything after the keyword, continuations joined with a space.
        public var arguments: String
        public var line: Int
        /// Heredoc bodies (`RUN <<EOF ... EOF`), joined.
        public var heredoc: String?

        /// The JSON exec form (`["a", "b"]`), when the arguments are one.
        public var execForm: [String]? {
            let trimmed = arguments.trimmed
            guard trimmed.hasPrefix("["), case .array(let items)? = try? JSONParser.parse(trimmed) else { return nil }
            var out: [String] = []
            for item in items {
                guard let s = item.stringValue else { return nil }
                out.append(s)
            }
            return out
        }

        /// Flags such as `--from=builder` or `--mount=...` at the start of the arguments.
        public var flags: [String] { arguments.split(separator: " ").prefix { $0.hasPrefix("--") }.map(String.init) }
        /// Arguments after leading flags.
        public var body: String {
            var rest = Substring(arguments.trimmed)
            while rest.hasPrefix("--") {
                rest = rest.drop { $0 != " " }.drop { $0 == " " }
            }
            return String(rest)
        }
    }

    public struct Stage: Sendable {
        public var image: String
        public var alias: String?
        public var platform: String?
        public var fromLine: Int
        public var instructions: [Instruction]

        public func last(_ keyword: String) -> Instruction? { instructions.last { $0.keyword == keyword } }
        public func all(_ keyword: String) -> [Instruction] { instructions.filter { $0.keyword == keyword } }
    }

    public var path: String
    /// `ARG`s before the first `FROM`.
    public var globalArgs: [Instruction]
    public var stages: [Stage]
    public var instructions: [Instruction]

    public var finalStage: Stage? { stages.last }

    static let knownKeywords: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
        "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]
}

public struct DockerfileParseError: Error, Sendable {
    public var message: String
    public var line: Int
}

extension Dockerfile {
    public static func parse(_ text: String, path: String) throws(DockerfileParseError) -> Dockerfile {
        let lines = text.lineSlices.map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var escape: Character = "\\"
        // Parser directives are only honoured in leading comment lines.
        for line in lines {
            let t = line.trimmed
            guard t.hasPrefix("#") else { break }
            let directive = t.dropFirst().trimmed.lowercased()
            if directive.hasPrefix("escape="), let c = directive.dropFirst("escape=".count).trimmed.first { escape = c }
        }
        var instructions: [Instruction] = []
        var index = 0
        while index < lines.count {
            let startLine = index + 1
            var text = String(lines[index].trimmed)
            index += 1
            if text.isEmpty || text.hasPrefix("#") { continue }
            // Join continuation lines; comment lines inside a continuation are skipped, as Docker does.
            while text.last == escape {
                text.removeLast()
                while index < lines.count {
                    let next = lines[index].trimmed
                    index += 1
                    if next.hasPrefix("#") { continue }
                    text += " " + next
                    break
                }
                if index >= lines.count { break }
            }
            let keyword = String(text.prefix { !$0.isWhitespace }).uppercased()
            let arguments = String(text.drop { !$0.isWhitespace }.trimmed)
            guard knownKeywords.contains(keyword) else {
                throw DockerfileParseError(message: "unknown instruction '\(keyword.prefix(40))'", line: startLine)
            }
            var instruction = Instruction(keyword: keyword, arguments: arguments, line: startLine, heredoc: nil)
            if let marker = heredocMarker(arguments) {
                var body: [String] = []
                var closed = false
                while index < lines.count {
                    let l = lines[index]
                    index += 1
                    if l.trimmed == marker {
                        closed = true
                        break
                    }
                    body.append(String(l))
                }
                guard closed else {
                    throw DockerfileParseError(message: "heredoc '\(marker)' is never closed", line: startLine)
                }
                instruction.heredoc = body.joined(separator: "\n")
            }
            instructions.append(instruction)
        }
        guard !instructions.isEmpty else { throw DockerfileParseError(message: "no instructions", line: 1) }
        var globalArgs: [Instruction] = []
        var stages: [Stage] = []
        for instruction in instructions {
            if instruction.keyword == "FROM" {
                stages.append(try parseFrom(instruction))
            } else if stages.isEmpty {
                guard instruction.keyword == "ARG" else {
                    throw DockerfileParseError(
                        message: "\(instruction.keyword) before the first FROM", line: instruction.line)
                }
                globalArgs.append(instruction)
            } else {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        guard !stages.isEmpty else { throw DockerfileParseError(message: "no FROM instruction", line: 1) }
        return Dockerfile(path: path, globalArgs: globalArgs, stages: stages, instructions: instructions)
    }

    static func heredocMarker(_ arguments: String) -> String? {
        guard let range = arguments.range(of: "<<") else { return nil }
        var rest = arguments[range.upperBound...]
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        let word = rest.prefix { !$0.isWhitespace }.trimmingQuotes
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return word
    }

    static func parseFrom(_ instruction: Instruction) throws(DockerfileParseError) -> Stage {
        var platform: String?
        var words = instruction.arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        while let first = words.first, first.hasPrefix("--") {
            if first.hasPrefix("--platform=") { platform = String(first.dropFirst("--platform=".count)) }
            words.removeFirst()
        }
        guard let image = words.first else {
            throw DockerfileParseError(message: "FROM without an image", line: instruction.line)
        }
        var alias: String?
        if words.count >= 3, words[1].uppercased() == "AS" { alias = words[2] }
        return Stage(image: image, alias: alias, platform: platform, fromLine: instruction.line, instructions: [])
    }
}

extension StringProtocol {
    var trimmingQuotes: String {
        var s = String(self)
        if s.count >= 2, let f = s.first, let l = s.last, f == l, f == "\"" || f == "'" {
            s.removeFirst()
            s.removeLast()
        }
        return s
    }
}

/// `KEY=value` pairs of `ENV`, `ARG` and `LABEL` (both the modern and the legacy `ENV KEY value` form).
public enum KeyValueArguments {
    public static func parse(_ text: String, legacySpaceForm: Bool) -> [(key: String, value: String?)] {
        let trimmed = text.trimmed
        if legacySpaceForm, let firstSpace = trimmed.firstIndex(where: \.isWhitespace),
            !trimmed[..<firstSpace].contains("=")
        {
            return [(String(trimmed[..<firstSpace]), String(trimmed[firstSpace...].trimmed).trimmingQuotes)]
        }
        var pairs: [(String, String?)] = []
        for token in shellWords(trimmed) {
            if let eq = token.firstIndex(of: "=") {
                pairs.append((String(token[..<eq]), String(token[token.index(after: eq)...])))
            } else {
                pairs.append((token, nil))
            }
        }
        return pairs
    }

    /// Splits on unquoted whitespace, removing quotes and backslash escapes.
    public static func shellWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        var inWord = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
                continue
            }
            if c == "\\" && quote != "'" {
                escaped = true
                inWord = true
                continue
            }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
