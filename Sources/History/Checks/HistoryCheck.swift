import PreflightCore

/// A check decided by comparing this run with a recorded one. One per file.
public protocol HistoryCheck: Sendable {
    static var description: CheckDescription { get }
    init()
    func run(current: RunDigest, baseline: Baseline, config: PreflightConfig) -> CheckOutput
}

/// Every history check, in no particular order (results are sorted by id).
public enum HistoryRegistry {
    public static let all: [any HistoryCheck.Type] = [LatencyRegressionCheck.self, CheckRegressionCheck.self]

    public static var ids: Set<String> { Set(all.map { $0.description.id.rawValue }) }

    /// The report entries of the history checks for `current`, as for the other checks: a live
    /// one says it needs a server when none ran; a static one is left out of a live-only report.
    public static func results(
        current: RunDigest, baseline: Baseline, config: PreflightConfig, staticRan: Bool = true, liveRan: Bool = true
    ) -> [CheckResult] {
        let assembler = ResultAssembler(config: config, suppressions: [])
        return all.compactMap { type in
            let d = type.description
            if d.kind != .live && !staticRan { return nil }
            if config.disabled.contains(d.id) { return assembler.disabledResult(d) }
            if d.kind == .live && !liveRan {
                return assembler.assemble(d, .skip("needs a running server: pass --server \"CMD\""))
            }
            return assembler.assemble(d, type.init().run(current: current, baseline: baseline, config: config))
        }
    }
}

enum BaselineSkip {
    /// The skip for a run without a baseline to compare with.
    static func of(_ baseline: Baseline) -> (RunDigest?, CheckOutput?) {
        switch baseline {
        case .notRequested:
            return (
                nil, .skip("no baseline: --baseline last (or a run id from `preflight history`) compares with a recorded run")
            )
        case .unavailable(let why): return (nil, .skip(why))
        case .run(let digest): return (digest, nil)
        }
    }

    static func evidence(_ baseline: RunDigest, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        var o = JSONObjectBuilder()
        if let id = baseline.runID { o.set("baselineRunId", .int(Int(id))) }
        o.set("baselineStartedAt", baseline.startedAt)
        for (k, v) in extra { o.set(k, v) }
        return o.value
    }
}
