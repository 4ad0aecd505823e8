import Foundation
import PreflightCore

/// A check that runs one of the project's own tools (`--run-tools`). One per file, in Checks/Run/.
public protocol RunCheck: Sendable {
    static var description: CheckDescription { get }
    /// The command as the checklist writes it, for the report when tools are not run.
    static var command: String { get }
    init()
    func run(_ context: RunContext) async -> CheckOutput
}

/// Every run check (results are sorted by id).
public enum RunRegistry {
    public static let all: [any RunCheck.Type] = [
        TestsPass.self, LintClean.self, FormatClean.self, TypecheckClean.self, DependencyVulnerabilities.self,
        LockfileInSync.self, DockerImageSize.self,
    ]
}

/// How tools are run: their environment (PATH decides which uv, docker, pip-audit, hadolint),
/// time limits, and the values to redact from captured output.
public struct RunOptions: Sendable {
    public var environment: [String: String]
    /// Per-command limits, seconds (`[thresholds] tests-timeout-seconds`, `tool-timeout-seconds`, ...).
    public var testsTimeout: Double = 300
    public var toolTimeout: Double = 120
    public var buildTimeout: Double = 600
    /// The whole `--run-tools` phase (`[thresholds] run-tools-timeout-seconds`).
    public var totalTimeout: Double = 1200
    public var secrets: Set<String> = []
    public var tailLines = 40

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, config: PreflightConfig = PreflightConfig())
    {
        self.environment = environment
        testsTimeout = config.thresholds.testsTimeoutSeconds
        toolTimeout = config.thresholds.toolTimeoutSeconds
        buildTimeout = config.thresholds.imageBuildTimeoutSeconds
        totalTimeout = config.thresholds.runToolsTimeoutSeconds
    }
}

/// Runs the run checks, one after the other (they share the project's environment and 2 cores).
public struct RunAuditor: Sendable {
    public var checks: [any RunCheck.Type]
    public var options: RunOptions

    public init(options: RunOptions, checks: [any RunCheck.Type] = RunRegistry.all) {
        self.options = options
        self.checks = checks
    }

    public struct Outcome: Sendable {
        public var results: [CheckResult]
        /// Evidence for checks of other phases: hadolint's findings for the docker.* checks.
        public var evidence: [CheckID: [(key: String, value: JSONValue)]]
    }

    /// `enabled` false: every run check is skipped and says how to run it.
    public func run(_ project: Project, config: PreflightConfig, enabled: Bool) async -> Outcome {
        let assembler = ResultAssembler(config: config, suppressions: project.suppressions)
        let context = RunContext(project: project, options: options, config: config)
        var results: [CheckResult] = []
        for type in checks {
            let d = type.description
            if config.disabled.contains(d.id) {
                results.append(assembler.disabledResult(d))
            } else if !enabled {
                results.append(assembler.assemble(d, .skip("pass --run-tools to run `\(type.command)`")))
            } else {
                results.append(assembler.assemble(d, await type.init().run(context)))
            }
        }
        let hadolint = enabled ? await Hadolint.findings(context) : [:]
        return Outcome(
            results: results.sorted { $0.id < $1.id }, evidence: hadolint.mapValues { [("hadolint", .array($0))] })
    }
}
