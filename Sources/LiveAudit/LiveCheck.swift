import PreflightCore
import ProjectAudit

/// What a live check may read besides the facts: thresholds and the project's documentation.
public struct LiveContext: Sendable {
    public var config: PreflightConfig
    public var project: Project?

    public init(config: PreflightConfig, project: Project?) {
        self.config = config
        self.project = project
    }

    public var thresholds: Thresholds { config.thresholds }
}

/// A check decided from what the live probe observed. One per file, under an area folder.
public protocol LiveCheck: Sendable {
    static var description: CheckDescription { get }
    init()
    func run(_ facts: LiveFacts, _ context: LiveContext) -> CheckOutput
}

/// Common "could not be decided" answers.
enum LiveSkip {
    static func handshake(_ f: LiveFacts) -> CheckOutput? {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if !f.handshakeOK { return .skip("the initialize handshake failed (see protocol.initialize)") }
        return nil
    }

    static func noTools(_ f: LiveFacts) -> CheckOutput? {
        if let skip = handshake(f) { return skip }
        if f.tools.items.isEmpty { return .skip("the server lists no tools") }
        return nil
    }

    static func noCalls(_ f: LiveFacts) -> CheckOutput? {
        if let skip = noTools(f) { return skip }
        if f.toolCalls.isEmpty {
            return .skip(
                "no tool may be called: annotate read-only tools with readOnlyHint: true, or allow them ([tools] allow, --allow-tool)"
            )
        }
        return nil
    }
}

/// Runs live checks over facts and assembles their report entries.
public struct LiveAuditor: Sendable {
    public init() {}

    public func run(_ facts: LiveFacts, context: LiveContext, suppressions: [Suppression] = []) -> [CheckResult] {
        let assembler = ResultAssembler(config: context.config, suppressions: suppressions)
        return LiveRegistry.all.map { type in
            let d = type.description
            if context.config.disabled.contains(d.id) { return assembler.disabledResult(d) }
            return assembler.assemble(d, type.init().run(facts, context))
        }
    }
}
