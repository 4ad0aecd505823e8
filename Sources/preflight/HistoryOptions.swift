import ArgumentParser
import Foundation
import History
import PreflightKit

/// `--history`, `--no-history`, `--baseline`: where the run is recorded and what it is judged against.
struct HistoryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The history database (default: .preflight/history.sqlite in the project folder, or $PREFLIGHT_HISTORY).")
    var history: String?

    @Flag(name: .customLong("no-history"), help: "Neither record this run nor read the history.")
    var noHistory = false

    @Option(
        name: .long,
        help: "Compare with a recorded run, `last` or a run id (preflight history): regressions become findings and fail the run."
    )
    var baseline: String?

    /// The settings for a run in `project` (the current folder when nil); nil when history is off.
    /// A default location that cannot be written is a warning; an explicit one is a usage error.
    func settings(project: String?) throws -> HistorySettings? {
        if noHistory && history != nil { throw UsageError("give --history or --no-history, not both") }
        let choice = try baseline.map { text in
            guard let c = BaselineChoice(text) else { throw UsageError("--baseline takes `last` or a run id, got '\(text)'") }
            return c
        }
        if noHistory {
            if choice != nil { throw UsageError("--baseline compares with the history: drop --no-history") }
            return nil
        }
        let (path, explicit) = try Self.path(history, project: project, needed: choice != nil)
        guard let path else { return nil }
        do {
            let store = try HistoryLocation.open(path)
            return HistorySettings(store: store, baseline: choice)
        } catch {
            if explicit || choice != nil { throw UsageError("history: \(error)") }
            Self.warn("history not kept: \(error)")
            return nil
        }
    }

    /// `--history`, else `$PREFLIGHT_HISTORY` (`off` turns history off), else the default.
    static func path(_ flag: String?, project: String?, needed: Bool) throws -> (String?, explicit: Bool) {
        if let flag {
            guard !flag.isEmpty else { throw UsageError("--history needs a path") }
            return (flag, true)
        }
        let env = ProcessInfo.processInfo.environment[HistoryLocation.environmentVariable] ?? ""
        if ["off", "0", "false", "no"].contains(env.lowercased()) {
            if needed {
                throw UsageError(
                    "--baseline compares with the history, which \(HistoryLocation.environmentVariable)=\(env) turns off")
            }
            return (nil, false)
        }
        if !env.isEmpty { return (env, true) }
        return (HistoryLocation.defaultPath(project: project), false)
    }

    static func warn(_ message: String) { FileHandle.standardError.write(Data("preflight: \(message)\n".utf8)) }
}
