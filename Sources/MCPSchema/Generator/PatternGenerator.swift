/// Builds a string matching a simple ECMA regex: literals, escapes (\d \w \s and escaped
/// punctuation), character classes with ranges, `.`, groups with alternation, and the quantifiers
/// ? * + {n} {n,} {n,m}. Anything else (lookaround, backreferences, \b, \p{…}) returns nil so the
/// caller can fall back and mark the value uncertain. The result is always re-checked by the caller.
enum PatternGenerator {
    indirect enum Node {
        case literal(Character)
        case set(ranges: [ClosedRange<Character>], negated: Bool)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    /// `extra` adds repetitions to open-ended quantifiers, to reach a `minLength`.
    static func generate(_ pattern: String, extra: Int = 0) -> String? {
        var parser = Parser(chars: Array(pattern))
        guard let node = parser.parseAlternation(depth: 0), parser.index == parser.chars.count else { return nil }
        var out = ""
        var budget = 10_000
        return emit(node, extra: extra, into: &out, budget: &budget) ? out : nil
    }

    private static func emit(_ node: Node, extra: Int, into out: inout String, budget: inout Int) -> Bool {
        budget -= 1
        guard budget > 0 else { return false }
        switch node {
        case .literal(let c): out.append(c)
        case .set(let ranges, let negated):
            guard let c = pick(ranges, negated: negated) else { return false }
            out.append(c)
        case .sequence(let nodes):
            for n in nodes where !emit(n, extra: extra, into: &out, budget: &budget) { return false }
        case .alternation(let options):
            guard let first = options.first else { return true }
            return emit(first, extra: extra, into: &out, budget: &budget)
        case .repeated(let inner, let min, let max):
            let count = Swift.min(max ?? Int.max, min + (max == min ? 0 : extra))
            guard count <= 1000 else { return false }
            for _ in 0..<count where !emit(inner, extra: extra, into: &out, budget: &budget) { return false }
        }
        return true
    }

    /// A readable member of a class: prefer lowercase letters, then digits, then the first range.
    private static func pick(_ ranges: [ClosedRange<Character>], negated: Bool) -> Character? {
        let preferred: [Character] = ["a", "e", "x", "0", "1", "A", "-", "_", " "]
        if negated { return preferred.first { c in !ranges.contains { $0.contains(c) } } }
        if let c = preferred.first(where: { c in ranges.contains { $0.contains(c) } }) { return c }
        return ranges.first?.lowerBound
    }

    static let digits: [ClosedRange<Character>] = ["0"..."9"]
    static let word: [ClosedRange<Character>] = ["a"..."z", "A"..."Z", "0"..."9", "_"..."_"]
    static let space: [ClosedRange<Character>] = [" "..." ", "\t"..."\t", "\n"..."\n"]

    struct Parser {
        let chars: [Character]
        var index = 0

        mutating func parseAlternation(depth: Int) -> Node? {
            guard depth < 32 else { return nil }
            var options: [Node] = []
            while true {
                guard let seq = parseSequence(depth: depth) else { return nil }
                options.append(seq)
                guard index < chars.count, chars[index] == "|" else { break }
                index += 1
            }
            return options.count == 1 ? options[0] : .alternation(options)
        }

        mutating func parseSequence(depth: Int) -> Node? {
            var nodes: [Node] = []
            while index < chars.count, chars[index] != "|", chars[index] != ")" {
                let c = chars[index]
                var atom: Node
                switch c {
                case "^", "$":
                    index += 1
                    continue
                case "(":
                    index += 1
                    if index < chars.count, chars[index] == "?" {
                        // Only non-capturing groups; lookaround and named groups are not generated.
                        guard index + 1 < chars.count, chars[index + 1] == ":" else { return nil }
                        index += 2
                    }
                    guard let inner = parseAlternation(depth: depth + 1), index < chars.count, chars[index] == ")" else {
                        return nil
                    }
                    index += 1
                    atom = inner
                case "[":
                    guard let set = parseClass() else { return nil }
                    atom = set
                case ".":
                    index += 1
                    atom = .literal("a")
                case "\\":
                    guard let escaped = parseEscape(inClass: false) else { return nil }
                    atom = escaped
                case "*", "+", "?", "{":
                    return nil  // quantifier without an atom
                default:
                    index += 1
                    atom = .literal(c)
                }
                guard let quantified = parseQuantifier(atom) else { return nil }
                nodes.append(quantified)
            }
            return .sequence(nodes)
        }

        mutating func parseQuantifier(_ atom: Node) -> Node? {
            guard index < chars.count else { return atom }
            var node: Node
            switch chars[index] {
            case "?": node = .repeated(atom, min: 0, max: 1)
            case "*": node = .repeated(atom, min: 0, max: nil)
            case "+": node = .repeated(atom, min: 1, max: nil)
            case "{":
                guard let close = chars[index...].firstIndex(of: "}") else { return nil }
                let body = String(chars[(index + 1)..<close])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let min = Int(parts[0]), parts.count <= 2 else { return nil }
                let max: Int? = parts.count == 1 ? min : (parts[1].isEmpty ? nil : Int(parts[1]))
                if parts.count == 2, !parts[1].isEmpty, max == nil { return nil }
                node = .repeated(atom, min: min, max: max)
                index = close
            default: return atom
            }
            index += 1
            if index < chars.count, chars[index] == "?" { index += 1 }  // lazy: same strings
            return node
        }

        mutating func parseClass() -> Node? {
            index += 1
            var negated = false
            if index < chars.count, chars[index] == "^" {
                negated = true
                index += 1
            }
            var ranges: [ClosedRange<Character>] = []
            var first = true
            while index < chars.count, chars[index] != "]" || first {
                first = false
                var low: Character
                if chars[index] == "\\" {
                    guard let escaped = parseEscape(inClass: true) else { return nil }
                    switch escaped {
                    case .literal(let c): low = c
                    case .set(let r, false):
                        ranges += r
                        continue
                    default: return nil
                    }
                } else {
                    low = chars[index]
                    index += 1
                }
                if index + 1 < chars.count, chars[index] == "-", chars[index + 1] != "]" {
                    index += 1
                    var high: Character
                    if chars[index] == "\\" {
                        guard case .literal(let c)? = parseEscape(inClass: true) else { return nil }
                        high = c
                    } else {
                        high = chars[index]
                        index += 1
                    }
                    guard low <= high else { return nil }
                    ranges.append(low...high)
                } else {
                    ranges.append(low...low)
                }
            }
            guard index < chars.count else { return nil }
            index += 1
            return .set(ranges: ranges, negated: negated)
        }

        mutating func parseEscape(inClass: Bool) -> Node? {
            index += 1
            guard index < chars.count else { return nil }
            let c = chars[index]
            index += 1
            switch c {
            case "d": return .set(ranges: PatternGenerator.digits, negated: false)
            case "w": return .set(ranges: PatternGenerator.word, negated: false)
            case "s": return .set(ranges: PatternGenerator.space, negated: false)
            case "D": return .set(ranges: PatternGenerator.digits, negated: true)
            case "W": return .set(ranges: PatternGenerator.word, negated: true)
            case "S": return .set(ranges: PatternGenerator.space, negated: true)
            case "t": return .literal("\t")
            case "n": return .literal("\n")
            case "r": return .literal("\r")
            case "u", "x":
                let width = c == "u" ? 4 : 2
                guard index + width <= chars.count, let code = UInt32(String(chars[index..<index + width]), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { return nil }
                index += width
                return .literal(Character(scalar))
            default:
                // Escaped punctuation is literal; letters/digits (\b, \p, \1 …) are unsupported.
                return c.isLetter || c.isNumber ? nil : .literal(c)
            }
        }
    }
}
