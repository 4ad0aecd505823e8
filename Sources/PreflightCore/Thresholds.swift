/// `[thresholds]` of `preflight.toml`: every limit Preflight applies, with its unit in its name.
/// Defaults are the production checklist's figures.
public struct Thresholds: Sendable, Equatable {
    // perf.latency: measured with `latencyConcurrency` calls in flight.
    public var p95Ms = 100.0
    public var p99Ms = 500.0
    public var latencyConcurrency = 1
    // perf.success-rate
    public var successRatePercent = 99.0
    public var errorRatePercent = 0.1
    public var coldStartMs = 5_000.0
    // perf.context-window
    public var contextWindowTokens = 200_000
    public var contextWindowPercent = 10.0
    // perf.memory-growth: fails at this growth, warns at a quarter of it.
    public var memoryGrowthMB = 16.0
    // tools.count
    public var toolsWarn = 15
    public var toolsFail = 40
    public var notificationsPerSecond = 1_000.0
    public var stderrBytesPerSecond = 1 << 20
    // lifecycle.sigterm / sigint
    public var graceSeconds = 10.0
    // The live audit's load: calls per tool, in flight at once for perf.concurrency and the load.
    public var loadCalls = 100
    public var loadConcurrency = 4
    public var memoryCalls = 300
    public var requestTimeoutSeconds = 10.0
    // --run-tools
    public var testsTimeoutSeconds = 300.0
    public var toolTimeoutSeconds = 120.0
    public var imageBuildTimeoutSeconds = 600.0
    public var runToolsTimeoutSeconds = 1_200.0
    public var imageSizeMB = 500.0
    // perf.regression and `load --baseline`: a p95 or p99 this much worse than the baseline's, and
    // by at least `regressionMinMs` (a busy machine's jitter is not a regression).
    public var regressionPercent = 20.0
    public var regressionMinMs = 2.0

    public init() {}

    /// The keys of `[thresholds]`, as written in `preflight.toml`.
    public enum Key: String, CaseIterable, Sendable {
        case p95Ms = "p95-ms", p99Ms = "p99-ms", latencyConcurrency = "latency-concurrency"
        case successRatePercent = "success-rate-percent", errorRatePercent = "error-rate-percent"
        case coldStartMs = "cold-start-ms"
        case contextWindowTokens = "context-window-tokens", contextWindowPercent = "context-window-percent"
        case memoryGrowthMB = "memory-growth-mb", toolsWarn = "tools-warn", toolsFail = "tools-fail"
        case notificationsPerSecond = "notifications-per-second", stderrBytesPerSecond = "stderr-bytes-per-second"
        case graceSeconds = "grace-seconds", loadCalls = "load-calls", loadConcurrency = "load-concurrency"
        case memoryCalls = "memory-calls", requestTimeoutSeconds = "request-timeout-seconds"
        case testsTimeoutSeconds = "tests-timeout-seconds", toolTimeoutSeconds = "tool-timeout-seconds"
        case imageBuildTimeoutSeconds = "image-build-timeout-seconds"
        case runToolsTimeoutSeconds = "run-tools-timeout-seconds", imageSizeMB = "image-size-mb"
        case regressionPercent = "regression-percent", regressionMinMs = "regression-min-ms"

        /// Counts take whole numbers; the rest any non-negative number.
        var isCount: Bool {
            switch self {
            case .latencyConcurrency, .contextWindowTokens, .toolsWarn, .toolsFail, .stderrBytesPerSecond, .loadCalls,
                .loadConcurrency, .memoryCalls:
                return true
            default: return false
            }
        }

        /// The smallest value that makes sense (a load needs at least one call in flight, ...).
        var minimum: Double {
            switch self {
            case .latencyConcurrency, .loadCalls, .contextWindowTokens: return 1
            case .loadConcurrency: return 2
            case .memoryCalls: return 30
            default: return 0
            }
        }
    }

    /// Sets one key; the message says what is wrong with the value otherwise.
    public mutating func set(_ key: Key, _ value: Double) throws(ConfigError) {
        guard value.isFinite, value >= key.minimum else {
            throw ConfigError("[thresholds].\(key.rawValue) must be at least \(Self.format(key.minimum))")
        }
        if key.isCount && value != value.rounded() {
            throw ConfigError("[thresholds].\(key.rawValue) must be a whole number")
        }
        let n = Int(value)
        switch key {
        case .p95Ms: p95Ms = value
        case .p99Ms: p99Ms = value
        case .latencyConcurrency: latencyConcurrency = n
        case .successRatePercent: successRatePercent = value
        case .errorRatePercent: errorRatePercent = value
        case .coldStartMs: coldStartMs = value
        case .contextWindowTokens: contextWindowTokens = n
        case .contextWindowPercent: contextWindowPercent = value
        case .memoryGrowthMB: memoryGrowthMB = value
        case .toolsWarn: toolsWarn = n
        case .toolsFail: toolsFail = n
        case .notificationsPerSecond: notificationsPerSecond = value
        case .stderrBytesPerSecond: stderrBytesPerSecond = n
        case .graceSeconds: graceSeconds = value
        case .loadCalls: loadCalls = n
        case .loadConcurrency: loadConcurrency = n
        case .memoryCalls: memoryCalls = n
        case .requestTimeoutSeconds: requestTimeoutSeconds = value
        case .testsTimeoutSeconds: testsTimeoutSeconds = value
        case .toolTimeoutSeconds: toolTimeoutSeconds = value
        case .imageBuildTimeoutSeconds: imageBuildTimeoutSeconds = value
        case .runToolsTimeoutSeconds: runToolsTimeoutSeconds = value
        case .imageSizeMB: imageSizeMB = value
        case .regressionPercent: regressionPercent = value
        case .regressionMinMs: regressionMinMs = value
        }
    }

    static func format(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}

/// "did you mean …": the known name closest to a misspelt one, when it is close enough to be a typo.
public enum Spelling {
    public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    /// " (did you mean 'x'?)" or nothing.
    public static func hint(_ word: String, _ candidates: some Sequence<String>) -> String {
        nearest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance, with `_` and `-` counted as the same character.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.replacingOccurrences(of: "_", with: "-"))
        let y = Array(b.replacingOccurrences(of: "_", with: "-"))
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
