import Foundation

/// ECMA-262 `pattern`s via NSRegularExpression (ICU), with a deterministic work budget so a
/// catastrophic-backtracking pattern from a hostile schema cannot hang a run.
struct PatternMatcher {
    enum Outcome: Equatable { case match, noMatch, tooComplex }

    private var cache: [String: Result<NSRegularExpression, CompileError>] = [:]

    struct CompileError: Error, Equatable { let message: String }

    /// ICU progress callbacks allowed per match (each is a fixed slice of engine steps, not time).
    static let progressBudget = 200

    mutating func compile(_ pattern: String) -> Result<NSRegularExpression, CompileError> {
        if let cached = cache[pattern] { return cached }
        let result: Result<NSRegularExpression, CompileError>
        do {
            result = .success(try NSRegularExpression(pattern: pattern))
        } catch {
            result = .failure(CompileError(message: "invalid regular expression /\(pattern)/"))
        }
        cache[pattern] = result
        return result
    }

    /// Search semantics, as JSON Schema patterns are not implicitly anchored.
    static func search(_ regex: NSRegularExpression, in text: String) -> Outcome {
        var outcome = Outcome.noMatch
        var progress = 0
        let range = NSRange(text.startIndex..., in: text)
        regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { match, _, stop in
            if match != nil {
                outcome = .match
                stop.pointee = true
                return
            }
            progress += 1
            if progress > progressBudget {
                outcome = .tooComplex
                stop.pointee = true
            }
        }
        return outcome
    }

    /// Compile-and-search in one step for callers without a cache.
    static func matches(_ pattern: String, _ text: String) -> Outcome? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        return search(regex, in: text)
    }
}
