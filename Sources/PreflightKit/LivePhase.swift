import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import Processes
import ProjectAudit

/// The live audit: runs the server, decides the live checks, and measures what the report shows.
struct LivePhase {
    let launch: ServerLaunch?
    let http: HTTPOptions?
    let settings: LiveSettings
    let config: PreflightConfig
    let project: Project?
    let progress: @Sendable (String) -> Void

    struct Outcome {
        var results: [CheckResult]
        var metrics: [(String, JSONValue)]
        var transcript: Transcript?
        var notices: [String]
    }

    func run() async -> Outcome {
        let transcript = settings.recordTranscript ? Transcript() : nil
        var options: LiveOptions
        if let http {
            options = LiveOptions(http: http, launch: launch)
        } else if let launch {
            options = LiveOptions(launch: launch)
        } else {
            return Outcome(results: [], metrics: [], transcript: nil, notices: [])
        }
        options.timeout = settings.timeout
        options.allowedTools = Set(settings.allowedTools + config.allowedTools)
        options.allowAllTools = settings.allowAllTools || config.allowAllTools
        options.toolExamples = config.toolExamples
        options.requiredEnv = Array(Set(settings.requiredEnv + config.requiredEnv + Self.requiredFromExample(project))).sorted()
        options.secretNames = Self.secretNames(project: project, required: options.requiredEnv)
        let t = config.thresholds
        options.loadCallsPerTool = t.loadCalls
        options.loadConcurrency = t.loadConcurrency
        options.latencyConcurrency = t.latencyConcurrency
        options.memoryCalls = t.memoryCalls
        options.graceMs = Int(t.graceSeconds * 1000)
        options.requestTimeout = .milliseconds(Int(t.requestTimeoutSeconds * 1000))
        options.transcript = transcript
        options.progress = progress
        let facts = await LiveProbe.run(options)
        let results = LiveAuditor().run(
            facts, context: LiveContext(config: config, project: project), suppressions: project?.suppressions ?? [])
        var metrics = LiveMetrics.of(facts, config: config)
        // What running this server cost Preflight itself: the bound that docs/robustness.md promises.
        if let peak = ProcessInspector.peakRSSBytes() { metrics.append(("preflightPeakRssBytes", .int(peak))) }
        return Outcome(results: results, metrics: metrics, transcript: transcript, notices: notices(facts))
    }

    /// What cut the live audit short, said once at the top of the report.
    func notices(_ f: LiveFacts) -> [String] {
        var out: [String] = []
        if let c = f.crash {
            out.append(
                "The server \(c.verb) during \(c.step) (\(c.how)); the live checks after that step are skipped (lifecycle.crash)."
            )
        }
        var cut: [String] = []
        if let step = f.cutShort { cut.append(step) }
        cut += f.probesSkippedByDeadline
        if !cut.isEmpty {
            let seconds = Int(settings.timeout / .seconds(1))
            out.append(
                "The live audit reached its deadline (--timeout \(seconds) s): \(cut.joined(separator: ", ")) did not run and their checks are skipped; raise --timeout to measure them."
            )
        }
        return out
    }

    /// Without a server, every live check is in the report as skipped, saying what it needs.
    static func notRun(config: PreflightConfig, project: Project?) -> [CheckResult] {
        let assembler = ResultAssembler(config: config, suppressions: project?.suppressions ?? [])
        return LiveRegistry.all.map { type in
            let d = type.description
            if config.disabled.contains(d.id) { return assembler.disabledResult(d) }
            return assembler.assemble(d, .skip("needs a running server: pass --server \"CMD\" or --url URL"))
        }
    }

    /// `.env.example` entries without a value are the required ones.
    static func requiredFromExample(_ project: Project?) -> [String] {
        (project?.envExample?.entries ?? []).filter(\.looksRequired).map(\.key)
    }

    /// Variables that get canary values: every secret-named one the project is known to use.
    static func secretNames(project: Project?, required: [String]) -> [String] {
        var names = Set(required.filter(SecretNames.looksSecret))
        for key in project?.envExample?.keys ?? [] where SecretNames.looksSecret(key) { names.insert(key) }
        for file in project?.serverPythonFiles ?? [] {
            for read in file.envReads where SecretNames.looksSecret(read.name) { names.insert(read.name) }
        }
        if names.isEmpty { names = ["API_KEY", "AUTH_TOKEN"] }
        return names.sorted()
    }
}
