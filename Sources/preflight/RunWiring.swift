import Foundation
import PreflightCore
import ProjectAudit

/// `--run-tools`: runs the run checks (or reports them skipped) and merges hadolint's evidence.
enum RunWiring {
    /// The run checks' results; hadolint evidence goes into the matching entries of `results`.
    static func run(_ project: Project, config: PreflightConfig, enabled: Bool, results: inout [CheckResult]) async
        -> [CheckResult]
    {
        var options = RunOptions(config: config)
        options.secrets = SecretLedger.collect(project: project)
        if enabled, isatty(2) == 1 { Progress.line("running the project's tools") }
        let outcome = await RunAuditor(options: options).run(project, config: config, enabled: enabled)
        if enabled { Progress.clear() }
        Hadolint.merge(outcome.hadolint, into: &results)
        return outcome.results
    }
}
