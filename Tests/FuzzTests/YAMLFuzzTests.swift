import PreflightCore
import PropertyBased
import Testing

@testable import ProjectAudit

enum YAMLGen {
    static let fragments = [
        "services:", "  server:", "    image: ghcr.io/example/mcp:1.2.3", "    build: .", "    build:", "      context: .",
        "    environment:", "      - API_KEY=${API_KEY}", "      API_KEY: ${API_KEY:?set it}", "    ports: [\"8000:8000\"]",
        "    healthcheck:", "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\"]", "    deploy:",
        "      resources: {limits: {memory: 512M, cpus: '0.5'}}", "    <<: *defaults", "x-defaults: &defaults",
        "  restart: unless-stopped", "    restart: *missing", "---", "...", "%YAML 1.2", "%TAG ! tag:example.com,2000:",
        "key: !!binary aGVsbG8=", "key: !custom {a: 1}", "? complex key", ": complex value", "block: |", "  line one",
        "folded: >-", "  folded text", "list:", "- a", "- - nested", "-", "  - b: c", "anchor: &a [1, 2, 3]", "ref: *a",
        "flow: {a: [b, {c: d}], e: f}", "quoted: \"esc \\u2028 \\x00 \\\"\"", "single: 'it''s'", "bad: [unclosed",
        "bad: {a: b", "\tkey: tab", "key: value # comment", "# comment", "", "  ", "on: yes", "n: 0o17", "f: .inf",
        "date: 2024-01-01", "empty:", "null: ~", "dup: 1", "dup: 2",
    ]

    static func text(_ r: inout RNG) -> String {
        switch Noise.int(0...9, &r) {
        case 0:
            // Billion laughs: each level references the previous one `fanout` times.
            let fanout = Noise.int(2...10, &r)
            var out = "l0: &l0 [\"lol\"]\n"
            for level in 1...Noise.int(1...12, &r) {
                let refs = Array(repeating: "*l\(level - 1)", count: fanout).joined(separator: ", ")
                out += "l\(level): &l\(level) [\(refs)]\n"
            }
            return out
        case 1:
            let depth = Noise.int(1...3_000, &r)
            return Noise.chance(0.5, &r)
                ? String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                : (0..<min(depth, 400)).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v"
        default:
            return Fragments.lines(fragments, count: 0...40, &r)
        }
    }

    static func nodes(_ value: YAMLValue) -> Int {
        switch value {
        case .scalar: return 1
        case .sequence(let items, _): return items.reduce(1) { $0 + nodes($1) }
        case .mapping(let pairs, _): return pairs.reduce(1) { $0 + nodes($1.value) }
        }
    }
}

@Suite("Fuzz: YAML")
struct YAMLFuzzTests {
    @Test func loaderIsTotalAndBounded() async {
        await fuzz(input: Gen<String>.hostileText(YAMLGen.text)) { text throws(FuzzFailure) in
            let lineCount = text.utf8.count { $0 == 0x0A } + 1
            let documents: [YAMLValue]
            do throws(YAMLParseError) { documents = try YAMLDocuments.parse(text) } catch {
                try require(error.line >= 0 && error.line <= lineCount + 1, "error line \(error.line) outside the text")
                try require(error.message.utf8.count < 4_096 + text.utf8.count, "unbounded error message")
                return
            }
            let total = documents.reduce(0) { $0 + YAMLGen.nodes($1) }
            // Merge keys copy pairs, so allow a margin over the converter's own node budget.
            try require(total <= 2 * YAMLDocuments.maxNodes, "\(total) nodes: the alias-bomb bound did not hold")
            try require(documents.allSatisfy { $0.line >= 0 && $0.line <= lineCount + 1 }, "node line out of range")
        }
    }

    @Test func aliasBombsAreRefused() async {
        await fuzz(input: zip(Gen.int(in: 6...12), Gen.int(in: 8...12))) { input throws(FuzzFailure) in
            let (levels, fanout) = input
            var text = "a0: &a0 [x, y]\n"
            for level in 1...levels {
                text +=
                    "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: fanout).joined(separator: ",") + "]\n"
            }
            let documents: [YAMLValue]
            do throws(YAMLParseError) { documents = try YAMLDocuments.parse(text) } catch {
                try require(error.message.contains("alias bomb"), "refused for another reason: \(error.message)")
                return
            }
            let total = documents.reduce(0) { $0 + YAMLGen.nodes($1) }
            try require(total <= YAMLDocuments.maxNodes, "expanded to \(total) nodes")
        }
    }
}
