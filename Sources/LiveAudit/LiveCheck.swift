import MCPWire
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

/// Common "could not be decided" answers. A crash or the deadline is reported by its own check
/// (lifecycle.crash) and in the report's notices; the checks whose facts it took away say so, and
/// never report it as their own failure.
enum LiveSkip {
    static func handshake(_ f: LiveFacts) -> CheckOutput? {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let why = f.era?.failure { return .skip("no session could start: \(why) (see protocol.initialize)") }
        if !f.handshakeOK {
            let what = f.isModern ? "server/discover failed" : "the initialize handshake failed"
            return .skip("\(what) (see protocol.initialize)")
        }
        return nil
    }

    /// For checks of what only a server process Preflight started shows (its output, its exit).
    static func process(_ f: LiveFacts, _ what: String) -> CheckOutput? {
        guard let http = f.http, !http.managed else { return nil }
        return .skip("\(what) needs the server's process: Preflight did not start it (use --server CMD --url URL)")
    }

    /// For checks of the stdio transport itself.
    static func stdioOnly(_ f: LiveFacts) -> CheckOutput? {
        f.http == nil ? nil : .skip("\(SkipReasons.overHTTP) (\(f.transport.rawValue)): this is a stdio check")
    }

    /// What the HTTP transport checks say over stdio.
    static let needsURL = CheckOutput.skip("\(SkipReasons.overStdio): HTTP transport checks need --url URL")

    /// For the 2026-07-28 checks: the session must have run in that era.
    static func modern(_ f: LiveFacts) -> CheckOutput? {
        if let skip = handshake(f) { return skip }
        guard f.isModern else {
            let version = f.era?.version ?? f.handshake?.protocolVersion ?? "an older revision"
            if f.transport == .httpSSE {
                return .skip("\(SkipReasons.httpSSE), which has no 2026-07-28 (see http.transport-current)")
            }
            return .skip("\(SkipReasons.handshakeEra) (\(version)), not 2026-07-28")
        }
        return nil
    }

    /// Why a fact is missing: the server exited, the deadline came, or `fallback`.
    static func notMeasured(_ f: LiveFacts, _ fallback: String) -> CheckOutput {
        if let c = f.crash { return .skip("not measured: the server \(c.verb) during \(c.step), \(c.how) (see lifecycle.crash)") }
        if let step = f.cutShort { return .skip("not measured: the deadline (--timeout) came before \(step)") }
        return .skip(fallback)
    }

    /// Whether the main session ran `step`; the skip that says why not otherwise.
    static func step(_ f: LiveFacts, _ step: String) -> CheckOutput? {
        if let skip = handshake(f) { return skip }
        return f.stepsRun.contains(step) ? nil : notMeasured(f, "\(step) did not run")
    }

    /// An answer that is the connection closing tells about the crash, not about this check.
    static func closed(_ f: LiveFacts, _ outcome: RPCOutcome?) -> CheckOutput? {
        switch outcome {
        case .closed?: return notMeasured(f, "the connection closed before the answer came")
        case .transportFailure(nil, let reason)?: return notMeasured(f, "no HTTP answer came (\(reason))")
        default: return nil
        }
    }

    static func noTools(_ f: LiveFacts) -> CheckOutput? {
        if let skip = step(f, "listing") { return skip }
        if f.tools.items.isEmpty { return .skip("the server lists no tools") }
        return nil
    }

    static func noCalls(_ f: LiveFacts) -> CheckOutput? {
        if let skip = noTools(f) { return skip }
        if f.toolCalls.isEmpty {
            if f.notCalled.isEmpty { return notMeasured(f, "no tool was called") }
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
