import Foundation
import History
import PreflightCore

/// Run history for one run: where it is recorded, and the baseline it is judged against.
public struct HistorySettings: Sendable {
    public var store: any HistoryStore
    /// `--baseline`; nil: no comparison (the regression checks skip and say so).
    public var baseline: BaselineChoice?
    /// Record this run (off: only read, for the baseline and the trends).
    public var record = true
    /// How many runs the trends cover.
    public var trendLimit = 20
    /// Read the trends after recording (only an HTML report draws them; reading 20 runs is a third of a
    /// small project's audit).
    public var readTrends = true

    public init(store: any HistoryStore, baseline: BaselineChoice? = nil) {
        self.store = store
        self.baseline = baseline
    }
}

/// `--baseline last` or `--baseline RUN_ID`.
public enum BaselineChoice: Sendable, Equatable {
    case last
    case run(Int64)

    public init?(_ text: String) {
        if text == "last" {
            self = .last
        } else if let id = Int64(text), id > 0 {
            self = .run(id)
        } else {
            return nil
        }
    }
}

/// What the history did for a run.
public struct HistoryOutcome: Sendable {
    /// The id the run was recorded under; nil when it was not recorded.
    public var runID: Int64?
    /// The recorded runs of this kind, this one included, for trend charts.
    public var trends: HistoryTrends?
    /// Why the run could not be recorded (the run itself is unaffected).
    public var warning: String?
}

extension HistorySettings {
    /// The baseline for a run of `kind`, read before the run is recorded. A run id that is not in
    /// the history, or is of the other kind, is a usage error; `last` with no earlier run is not.
    func resolveBaseline(_ kind: RunKind) async throws(AuditError) -> Baseline {
        guard let baseline else { return .notRequested }
        do {
            switch baseline {
            case .last:
                guard let run = try await store.latest(kind) else {
                    return .unavailable("no earlier \(kind.rawValue) run in \(store.location) to compare with")
                }
                return .run(run.digest)
            case .run(let id):
                guard let run = try await store.run(id: id) else {
                    throw AuditError.usage("--baseline \(id): no run \(id) in \(store.location) (see `preflight history`)")
                }
                guard run.kind == kind else {
                    throw AuditError.usage(
                        "--baseline \(id): run \(id) is a \(run.kind.rawValue) run, not a \(kind.rawValue) run")
                }
                return .run(run.digest)
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw .usage("--baseline: \(error)")
        }
    }

    /// Records the run and reads the trends; a failure is a warning, never the run's failure.
    func finish(_ run: RunRecord, kind: RunKind) async -> HistoryOutcome {
        var outcome = HistoryOutcome()
        if record {
            do {
                outcome.runID = try await store.record(run)
            } catch {
                outcome.warning = "the run was not recorded: \(error)"
            }
        }
        if readTrends { outcome.trends = try? await HistoryTrends.read(from: store, kind: kind, limit: trendLimit) }
        return outcome
    }

    func baselineRunID(_ baseline: Baseline) -> Int64? {
        if case .run(let digest) = baseline { return digest.runID }
        return nil
    }
}
