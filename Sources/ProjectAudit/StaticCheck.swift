import PreflightCore

/// A check that reads the project and runs nothing. One per file, under an area folder.
public protocol StaticCheck: Sendable {
    static var description: CheckDescription { get }
    init()
    func run(_ project: Project) -> CheckOutput
}

/// Runs the static checks over a loaded project and assembles their report entries.
public struct StaticAuditor: Sendable {
    public var checks: [any StaticCheck.Type]

    public init(checks: [any StaticCheck.Type] = StaticRegistry.all) { self.checks = checks }

    /// `evidence`: what other phases found for some checks (see `ResultAssembler.evidence`).
    public func run(
        _ project: Project, config: PreflightConfig, evidence: [CheckID: [(key: String, value: JSONValue)]] = [:]
    ) -> [CheckResult] {
        let assembler = ResultAssembler(config: config, suppressions: project.suppressions, evidence: evidence)
        return checks.map { type in
            let d = type.description
            if config.disabled.contains(d.id) { return assembler.disabledResult(d) }
            return assembler.assemble(d, type.init().run(project))
        }.sorted { $0.id < $1.id }
    }
}
