import Foundation
import PreflightCore
import Testing

@testable import MCPSchema

@Suite("TokenEstimator")
struct TokenEstimatorTests {
    /// Expected pieces come from tiktoken's own cl100k_base regex (tiktoken 0.x, `enc._pat_str`).
    @Test(arguments: [
        ("Hello world", ["Hello", " world"]),
        ("I'm here, they'll go", ["I", "'m", " here", ",", " they", "'ll", " go"]),
        ("abc123456def", ["abc", "123", "456", "def"]),
        ("  leading", [" ", " leading"]),
        ("a\n\n  b", ["a", "\n\n", " ", " b"]),
        ("{\"type\":\"object\"}", ["{\"", "type", "\":\"", "object", "\"}"]),
        ("x  \n", ["x", "  \n"]),
        ("tab\tsep", ["tab", "\tsep"]),
        ("日本語のテキスト", ["日本語のテキスト"]),
        ("HTTPServer_error", ["HTTPServer", "_error"]),
        ("end   ", ["end", "   "]),
        ("'s'S'RE", ["'s", "'S", "'RE"]),
        ("price: $1,234.56!!\r\n", ["price", ":", " $", "1", ",", "234", ".", "56", "!!\r\n"]),
        ("emoji 👍🎉 ok", ["emoji", " 👍🎉", " ok"]),
    ])
    func preTokenizerMatchesTiktoken(text: String, expected: [String]) {
        #expect(PreTokenizer.pieces(text).map(\.text) == expected)
    }

    @Test func piecesCoverTheTextExactly() {
        let text = "Mixed: ünïcödé, 中文, emoji 👨‍👩‍👧, tabs\t\tand\r\nCRLF, numbers 1234567 and 'quotes'  \n"
        #expect(PreTokenizer.pieces(text).map(\.text).joined() == text)
    }

    @Test func nameDescribesTheMethod() {
        #expect(TokenEstimator.name == "cl100k_base estimate (pre-tokenizer emulation)")
    }

    /// True counts from tiktoken cl100k_base; short texts allow ±1 token.
    @Test(arguments: [
        ("", 0), ("Hello world", 2), ("I'm here, they'll go", 7), ("abc123456def", 4), ("{\"type\":\"object\"}", 5),
        ("The quick brown fox jumps over the lazy dog.", 10),
    ])
    func shortTexts(text: String, truth: Int) {
        #expect(abs(TokenEstimator.count(text) - truth) <= 1, "\(text): \(TokenEstimator.count(text)) vs \(truth)")
    }

    @Test func commonWordsCostOneTokenEach() {
        #expect(TokenEstimator.count(" description properties required") == 3)
    }

    @Test func digitsCountInGroupsOfThree() {
        #expect(TokenEstimator.count("1234567890") == 4)
    }

    @Test func deterministicAndMonotoneInRepetition() {
        let text = try? corpusText("github.compact.json")
        let once = TokenEstimator.count(text ?? "")
        #expect(once == TokenEstimator.count(text ?? ""))
        #expect(TokenEstimator.count((text ?? "") + (text ?? "")) >= 2 * once - 1)
    }

    @Test func hostileTextsStayLinear() {
        let big =
            String(repeating: "👍", count: 50_000) + String(repeating: "\n", count: 50_000)
            + String(repeating: "a", count: 100_000) + String(repeating: "\u{0301}", count: 10_000)
        let count = TokenEstimator.count(big)
        #expect(count > 1000)
    }

    struct CorpusItem: CustomTestStringConvertible, Sendable {
        var file: String
        var truth: Int
        var testDescription: String { file }
    }

    static func corpus() -> [CorpusItem] {
        guard let text = try? corpusText("counts.json"), let counts = try? JSONParser.parse(text).objectValue else { return [] }
        return counts.compactMap { file, count in count.intValue.map { CorpusItem(file: file, truth: $0) } }
    }

    @Test func corpusIsPresent() {
        #expect(Self.corpus().count >= 15)
    }

    /// The contract: within 10% of tiktoken on every real tool listing (typical error is 1-3%).
    @Test(arguments: corpus())
    func withinTenPercentOfTiktoken(item: CorpusItem) throws {
        let estimate = TokenEstimator.count(try corpusText(item.file))
        let error = Double(estimate - item.truth) / Double(item.truth)
        #expect(abs(error) <= 0.10, "\(item.file): estimate \(estimate), true \(item.truth), error \(error * 100)%")
    }

    @Test func meanErrorWithinFivePercent() throws {
        let items = Self.corpus()
        var total = 0.0
        for item in items {
            let estimate = TokenEstimator.count(try corpusText(item.file))
            total += abs(Double(estimate - item.truth) / Double(item.truth))
        }
        #expect(total / Double(max(items.count, 1)) <= 0.05)
    }
}
